// Tells a person's keystrokes from a machine's. A handheld (keyboard-wedge) scanner "types" a
// QR code's hundreds of characters a few milliseconds apart; people press keys 80 ms or more
// apart. The PIN pad listens to the keyboard, so without this a scan landing on a locked
// screen would enter its digits as PINs and count towards the lockout.

/** Two keys closer together than this (ms) are a machine typing. */
export const BURST_GAP_MS = 25;
/** After a burst, keys are ignored until the keyboard was quiet this long (ms). */
export const QUIET_MS = 400;

/** What to do with a key: take it, or (`burst`) drop it and what was entered just before. */
export type KeyVerdict = 'accept' | 'burst';

/** Watches key times (ms, from the events' `timeStamp`). */
export class BurstFilter {
  #last = Number.NEGATIVE_INFINITY;
  #quietFrom = Number.NEGATIVE_INFINITY;

  /** A key at `at` ms: `burst` while keys come faster than a person types, and until the
   * keyboard has been quiet for `QUIET_MS` after that. */
  key(at: number): KeyVerdict {
    const gap = at - this.#last;
    this.#last = at;
    if (gap < BURST_GAP_MS || at < this.#quietFrom) {
      this.#quietFrom = at + QUIET_MS;
      return 'burst';
    }
    return 'accept';
  }
}
