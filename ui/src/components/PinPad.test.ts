import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import PinPad from './PinPad.svelte';

/** Presses keys on the keyboard as a person does, `gapMs` apart (events take the frozen
 * clock's time as their timeStamp). */
async function type(keys: string[], gapMs = 150) {
  vi.useFakeTimers({ toFake: ['Date'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  for (const key of keys) {
    vi.setSystemTime(Date.now() + gapMs);
    await fireEvent.keyDown(window, { key });
  }
}

function setup(props: { disabled?: boolean } = {}) {
  const onsubmit = vi.fn();
  const view = render(PinPad, { props: { onsubmit, label: 'PIN', ...props } });
  const filled = () => view.container.querySelectorAll('.dot.filled').length;
  return { onsubmit, filled };
}

async function tap(...keys: string[]) {
  for (const k of keys) await fireEvent.click(screen.getByTestId(`pin-key-${k}`));
}

describe('PinPad', () => {
  it('has ten digit keys and a labelled delete key', () => {
    setup();
    for (let d = 0; d <= 9; d++) expect(screen.getByTestId(`pin-key-${d}`).textContent).toBe(String(d));
    expect(screen.getByTestId('pin-delete').getAttribute('aria-label')).toBe('Delete the last digit');
    expect(screen.getByRole('group', { name: 'PIN' })).toBeTruthy();
  });

  it('submits once with the six digits tapped, then starts over', async () => {
    const { onsubmit, filled } = setup();
    await tap('1', '2', '3', '4', '5');
    expect(filled()).toBe(5);
    expect(onsubmit).not.toHaveBeenCalled();
    await tap('6');
    expect(onsubmit).toHaveBeenCalledTimes(1);
    expect(onsubmit).toHaveBeenCalledWith('123456');
    expect(filled()).toBe(0);
    await tap('7');
    expect(onsubmit).toHaveBeenCalledTimes(1);
    expect(filled()).toBe(1);
  });

  it('deletes the last digit with the delete key and with Backspace', async () => {
    const { onsubmit, filled } = setup();
    await tap('9', '8', '7');
    await fireEvent.click(screen.getByTestId('pin-delete'));
    expect(filled()).toBe(2);
    await type(['Backspace']);
    expect(filled()).toBe(1);
    await tap('1', '2', '3', '4', '5');
    expect(onsubmit).toHaveBeenCalledWith('912345');
  });

  it('accepts the keyboard digits and ignores other keys', async () => {
    const { onsubmit, filled } = setup();
    await type(['0', 'a', '4', 'Enter', '0', '4', '2', ' ']);
    expect(filled()).toBe(5);
    await type(['6']);
    expect(onsubmit).toHaveBeenCalledExactlyOnceWith('040426');
  });

  it('drops a handheld scanner’s keys, digits and all, and takes a person’s again after it', async () => {
    const { onsubmit, filled } = setup();
    await type(['1', '2']);
    expect(filled()).toBe(2);
    // A wedge scanner types a QR's text (full of digits) and Enter, a few ms per key.
    await type([...'EP1:6BFOXN*TDMIT2B3A80A5C1RN$F2KFN-A1234567890', 'Enter'], 3);
    expect(filled()).toBe(0);
    expect(onsubmit).not.toHaveBeenCalled();
    await type(['9', '8', '7', '6', '5', '4'], 500);
    expect(onsubmit).toHaveBeenCalledExactlyOnceWith('987654');
  });

  it('leaves digits typed into a text field alone', async () => {
    const { filled } = setup();
    const input = document.createElement('input');
    document.body.appendChild(input);
    await fireEvent.keyDown(input, { key: '5' });
    expect(filled()).toBe(0);
    input.remove();
  });

  it('does nothing while disabled', async () => {
    const { onsubmit, filled } = setup({ disabled: true });
    await fireEvent.keyDown(window, { key: '1' });
    expect(filled()).toBe(0);
    expect((screen.getByTestId('pin-key-1') as HTMLButtonElement).disabled).toBe(true);
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('tells screen readers how many digits are entered', async () => {
    setup();
    await tap('3', '3');
    expect(screen.getByTestId('pin-dots').textContent).toContain('2 of 6 digits entered');
  });
});
