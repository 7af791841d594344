import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOW, healthInsurance, presentation } from '../test/fixtures';
import { fakeIpc } from '../test/ipc';
import Present from './Present.svelte';

const checked = () =>
  (screen.getAllByRole('checkbox') as HTMLInputElement[]).filter((c) => c.checked).map((c) => c.dataset.testid);

describe('Present', () => {
  afterEach(() => vi.useRealTimers());

  it('offers only the presets the document can serve, and a preset ticks exactly its fields', async () => {
    fakeIpc({ document: () => healthInsurance() });
    render(Present, { props: { params: { id: 'doc-hi' } } });
    await screen.findByTestId('preset-clinic');
    expect(screen.queryByTestId('preset-hotel')).toBeNull();
    expect(screen.queryByTestId('preset-traffic')).toBeNull();
    expect(screen.getByTestId('preset-age')).toBeTruthy();
    expect(checked()).toEqual([]);
    expect((screen.getByTestId('present-show') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId('preset-clinic'));
    expect(checked()).toEqual(['field-insurance_number', 'field-full_name', 'field-date_of_birth', 'field-valid_until', 'field-counter_portrait']);
    // The display portrait is too large for a QR: it is never offered.
    expect(screen.queryByTestId('field-portrait')).toBeNull();
    expect(screen.getByTestId('preset-clinic').getAttribute('aria-pressed')).toBe('true');

    await fireEvent.click(screen.getByTestId('preset-age'));
    expect(checked()).toEqual(['field-counter_portrait', 'field-age_over_18']);
    await fireEvent.click(screen.getByTestId('field-sex'));
    expect(checked()).toEqual(['field-sex', 'field-counter_portrait', 'field-age_over_18']);
    expect(screen.getByTestId('preset-age').getAttribute('aria-pressed')).toBe('false');
  });

  it('shows a large QR with its text, counts down, and renews it 10 s before it expires', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW * 1000);
    let n = 0;
    const calls = fakeIpc({
      document: () => healthInsurance(),
      present: () => presentation(++n, Math.floor(Date.now() / 1000)),
    });
    render(Present, { props: { params: { id: 'doc-hi' } } });
    await vi.advanceTimersByTimeAsync(0);
    await tick();
    await fireEvent.click(screen.getByTestId('field-full_name'));
    await fireEvent.click(screen.getByTestId('field-date_of_birth'));
    await fireEvent.click(screen.getByTestId('present-show'));
    await vi.advanceTimersByTimeAsync(0);
    await tick();

    const qr = screen.getByTestId('qr');
    expect(qr.dataset.qrText).toBe('EP1:QR1');
    expect(qr.querySelector('svg')?.getAttribute('data-n')).toBe('1');
    expect(screen.getByTestId('qr-countdown').textContent?.trim()).toBe('Valid for 60 more seconds — a new code appears by itself');
    expect(calls.find((c) => c.cmd === 'present')?.args).toEqual({ id: 'doc-hi', fields: ['full_name', 'date_of_birth'], audience: null });

    await vi.advanceTimersByTimeAsync(20_000);
    await tick();
    expect(screen.getByTestId('qr-countdown').textContent).toContain('40 more seconds');

    await vi.advanceTimersByTimeAsync(30_000);
    await tick();
    expect(screen.getByTestId('qr').dataset.qrText).toBe('EP1:QR2');
    expect(screen.getByTestId('qr-countdown').textContent).toContain('60 more seconds');
    expect(calls.filter((c) => c.cmd === 'present')).toHaveLength(2);

    await fireEvent.click(screen.getByTestId('present-done'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.filter((c) => c.cmd === 'present')).toHaveLength(2);
    expect(screen.queryByTestId('qr')).toBeNull();
  });
});
