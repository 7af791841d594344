import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefresher, refreshDelayMs, secondsLeft } from './countdown';
import type { PresentationQr } from './types';

const T0 = 1_800_000_000; // Unix seconds

function qr(n: number, presentedAt: number): PresentationQr {
  return { text: `EP1:${n}`, svg: `<svg data-n="${n}"></svg>`, presented_at: presentedAt, valid_until: presentedAt + 60 };
}

describe('countdown arithmetic', () => {
  it('counts whole seconds left, never below zero', () => {
    expect(secondsLeft(T0 + 60, T0 * 1000)).toBe(60);
    expect(secondsLeft(T0 + 60, T0 * 1000 + 500)).toBe(60);
    expect(secondsLeft(T0 + 60, (T0 + 59) * 1000 + 1)).toBe(1);
    expect(secondsLeft(T0 + 60, (T0 + 61) * 1000)).toBe(0);
  });

  it('refreshes ten seconds before the end', () => {
    expect(refreshDelayMs(T0 + 60, T0 * 1000)).toBe(50_000);
    expect(refreshDelayMs(T0 + 60, (T0 + 55) * 1000)).toBe(0);
    expect(refreshDelayMs(T0 + 60, T0 * 1000, 20)).toBe(40_000);
  });
});

describe('QR refresher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0 * 1000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a QR at once, ticks every second, and fetches a new one 10 s before expiry', async () => {
    let n = 0;
    const fetch = vi.fn(async () => qr(++n, Math.floor(Date.now() / 1000)));
    const shown: string[] = [];
    const ticks: number[] = [];
    const r = createRefresher({ fetch, onQr: (q) => shown.push(q.text), onTick: (s) => ticks.push(s), onError: () => {} });

    await r.start();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(shown).toEqual(['EP1:1']);
    expect(ticks).toEqual([60]);

    await vi.advanceTimersByTimeAsync(3000);
    expect(ticks.slice(-3)).toEqual([59, 58, 57]);

    await vi.advanceTimersByTimeAsync(46_999); // 49.999 s after the first QR
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // 50 s: 10 s before valid_until
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(shown).toEqual(['EP1:1', 'EP1:2']);
    expect(ticks.at(-1)).toBe(60);

    await vi.advanceTimersByTimeAsync(50_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    r.stop();
  });

  it('keeps the old QR and retries when a refresh fails', async () => {
    const fetch = vi
      .fn<() => Promise<PresentationQr>>()
      .mockResolvedValueOnce(qr(1, T0))
      .mockRejectedValueOnce({ code: 'present_failed' })
      .mockResolvedValueOnce(qr(2, T0 + 53));
    const errors: unknown[] = [];
    const shown: string[] = [];
    const r = createRefresher({ fetch, onQr: (q) => shown.push(q.text), onTick: () => {}, onError: (e) => errors.push(e), retryMs: 3000 });

    await r.start();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(errors).toEqual([{ code: 'present_failed' }]);
    expect(shown).toEqual(['EP1:1']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(shown).toEqual(['EP1:1', 'EP1:2']);
    r.stop();
  });

  it('stops fetching and ticking when stopped', async () => {
    const fetch = vi.fn(async () => qr(1, Math.floor(Date.now() / 1000)));
    const onTick = vi.fn();
    const r = createRefresher({ fetch, onQr: () => {}, onTick, onError: () => {} });
    await r.start();
    r.stop();
    onTick.mockClear();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onTick).not.toHaveBeenCalled();
  });

  it('drops a QR that arrives after stop', async () => {
    let resolve!: (q: PresentationQr) => void;
    const fetch = vi.fn(() => new Promise<PresentationQr>((r) => (resolve = r)));
    const onQr = vi.fn();
    const r = createRefresher({ fetch, onQr, onTick: () => {}, onError: () => {} });
    const started = r.start();
    r.stop();
    resolve(qr(1, T0));
    await started;
    expect(onQr).not.toHaveBeenCalled();
  });
});
