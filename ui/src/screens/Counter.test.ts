import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { verified } from '../test/fixtures';
import { fakeIpc } from '../test/ipc';
import Counter from './Counter.svelte';

async function scanText(text: string) {
  const input = screen.getByTestId('counter-text') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: text } });
  await fireEvent.submit(input.form as HTMLFormElement);
}

describe('Counter mode', () => {
  it('verifies what a handheld scanner types, shows the result big, and keeps focus for the next', async () => {
    // The clock stands still: the fixture's "5 seconds ago" and the screen's own reading of
    // the time must not fall on either side of a second's tick.
    vi.useFakeTimers({ toFake: ['Date'], now: 1_800_000_000_500 });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const calls = fakeIpc({ verify_text: () => verified() });
    render(Counter);
    const input = screen.getByTestId('counter-text') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await scanText('EP1:ABC');
    const result = await screen.findByTestId('result');
    expect(calls).toEqual([{ cmd: 'verify_text', args: { text: 'EP1:ABC' } }]);
    expect(result.dataset.valid).toBe('true');
    expect(result.textContent).toContain('✓');
    expect(screen.getByTestId('result-reason').textContent?.trim()).toBe(
      'The document is genuine and was shown just now from the holder’s phone.',
    );
    const fields = screen.getAllByTestId('result-field');
    expect(fields.map((f) => f.dataset.field)).toEqual(['full_name', 'date_of_birth']);
    expect(fields[1].querySelector('dd')?.textContent).toBe('1 Feb 1990');
    expect(screen.getByTestId('result-age').textContent).toContain('5 seconds ago');
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
  });

  it('shows a refusal in red with the reason in plain words', async () => {
    fakeIpc({ verify_text: () => verified({ valid: false, reason: 'replayed', fields: [] }) });
    render(Counter);
    await scanText('EP1:OLD');
    const result = await screen.findByTestId('result');
    expect(result.dataset.valid).toBe('false');
    expect(result.textContent).toContain('✗');
    expect(screen.getByTestId('result-reason').textContent?.trim()).toBe('This code was already used. Ask the person to show a new code.');
    expect(screen.queryAllByTestId('result-field')).toHaveLength(0);
  });

  it('scans the next one: the result goes, the field stays focused', async () => {
    fakeIpc({ verify_text: () => verified() });
    render(Counter);
    await scanText('EP1:1');
    await fireEvent.click(await screen.findByTestId('result-next'));
    await vi.waitFor(() => expect(screen.queryByTestId('result')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('counter-text'));
  });

  it('verifies a picture file from its bytes', async () => {
    const calls = fakeIpc({ verify_image: () => verified({ valid: false, reason: 'expired', fields: [] }) });
    render(Counter);
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'qr.png', { type: 'image/png' });
    const input = screen.getByTestId('counter-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await fireEvent.change(input);
    const result = await screen.findByTestId('result');
    expect(result.dataset.valid).toBe('false');
    expect(calls[0].cmd).toBe('verify_image');
    expect(Array.from(calls[0].args as Uint8Array)).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('says plainly when there is no camera', async () => {
    fakeIpc({});
    render(Counter);
    await fireEvent.click(screen.getByTestId('camera-start'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('camera-message').textContent?.trim()).toBe(
        'No camera was found on this device. Use a picture file or type the text instead.',
      ),
    );
  });
});

describe('Counter mode with a camera', () => {
  it('verifies camera frames until one holds a QR, and turns the camera on again for the next', async () => {
    const track = { stop: vi.fn() };
    const getUserMedia = vi.fn(async () => ({ getTracks: () => [track] }) as unknown as MediaStream);
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', { get: () => 4, configurable: true });
    Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', { get: () => 2, configurable: true });
    const ctx = { drawImage: vi.fn(), getImageData: () => ({ data: new Uint8ClampedArray(4 * 2 * 4).fill(255) }) };
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    let frames = 0;
    const calls = fakeIpc({ verify_frame: () => (++frames < 3 ? null : verified()) });
    try {
      render(Counter);
      await fireEvent.click(screen.getByTestId('camera-start'));
      await vi.waitFor(() => expect(screen.getByTestId('result').dataset.valid).toBe('true'), { timeout: 3000 });
      expect(frames).toBe(3);
      const first = calls[0].args as Uint8Array;
      expect(Array.from(first)).toEqual(new Array(8).fill(255));
      expect(track.stop).toHaveBeenCalled();
      await fireEvent.click(screen.getByTestId('result-next'));
      await vi.waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    } finally {
      getContext.mockRestore();
      Reflect.deleteProperty(navigator, 'mediaDevices');
      Reflect.deleteProperty(HTMLVideoElement.prototype, 'videoWidth');
      Reflect.deleteProperty(HTMLVideoElement.prototype, 'videoHeight');
    }
  });
});
