import { describe, expect, it } from 'vitest';
import { BURST_GAP_MS, BurstFilter, QUIET_MS } from './keyBurst';

describe('BurstFilter', () => {
  it('accepts keys typed at a person’s pace', () => {
    const f = new BurstFilter();
    expect([0, 120, 260, 330, 500, 600].map((t) => f.key(t))).toEqual(Array(6).fill('accept'));
  });

  it('drops a scanner’s burst from its second key, and everything until the keyboard is quiet', () => {
    const f = new BurstFilter();
    expect(f.key(1000)).toBe('accept'); // the first key cannot be told apart: the burst drops it
    expect(f.key(1004)).toBe('burst');
    expect(f.key(1008)).toBe('burst');
    expect(f.key(1108)).toBe('burst'); // a pause inside the scan is not quiet enough
    expect(f.key(1108 + QUIET_MS - 1)).toBe('burst');
    expect(f.key(1108 + QUIET_MS - 1 + QUIET_MS)).toBe('accept');
  });

  it('takes two keys exactly at the gap as a person’s', () => {
    const f = new BurstFilter();
    f.key(0);
    expect(f.key(BURST_GAP_MS)).toBe('accept');
    expect(f.key(BURST_GAP_MS + BURST_GAP_MS - 1)).toBe('burst');
  });
});
