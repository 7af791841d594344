// The life of a presentation QR: a countdown to `valid_until` and a fresh QR fetched a little
// before it runs out, so the citizen never shows an expired code.
import type { PresentationQr } from './types';

/** Fetch a new QR this many seconds before the old one stops being valid. */
export const REFRESH_LEAD_SECONDS = 10;

/** Whole seconds left until `validUntil` (Unix seconds), never negative. */
export function secondsLeft(validUntil: number, nowMs: number): number {
  return Math.max(0, Math.ceil(validUntil - nowMs / 1000));
}

/** Milliseconds from now until the refresh should start (0 when it is already due). */
export function refreshDelayMs(validUntil: number, nowMs: number, lead = REFRESH_LEAD_SECONDS): number {
  return Math.max(0, Math.round((validUntil - lead) * 1000 - nowMs));
}

export interface RefresherOptions {
  /** Asks for a new presentation. */
  fetch: () => Promise<PresentationQr>;
  /** A new QR to show. */
  onQr: (qr: PresentationQr) => void;
  /** Seconds left on the QR shown, once a second. */
  onTick: (seconds: number) => void;
  /** A refresh failed; the old QR stays until it expires. */
  onError: (error: unknown) => void;
  now?: () => number;
  lead?: number;
  /** Wait before retrying a failed refresh. */
  retryMs?: number;
}

export interface Refresher {
  start(): Promise<void>;
  stop(): void;
}

/** Keeps a presentation QR fresh until stopped. */
export function createRefresher(opts: RefresherOptions): Refresher {
  const now = opts.now ?? (() => Date.now());
  const lead = opts.lead ?? REFRESH_LEAD_SECONDS;
  const retryMs = opts.retryMs ?? 3000;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let current: PresentationQr | null = null;
  let stopped = false;

  function tick() {
    if (current) opts.onTick(secondsLeft(current.valid_until, now()));
  }

  function schedule(delay: number) {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(load, delay);
  }

  async function load(): Promise<void> {
    refreshTimer = null;
    try {
      const qr = await opts.fetch();
      if (stopped) return;
      current = qr;
      opts.onQr(qr);
      tick();
      schedule(refreshDelayMs(qr.valid_until, now(), lead));
    } catch (e) {
      if (stopped) return;
      opts.onError(e);
      schedule(retryMs);
    }
  }

  return {
    async start() {
      stopped = false;
      if (!tickTimer) tickTimer = setInterval(tick, 1000);
      await load();
    },
    stop() {
      stopped = true;
      if (refreshTimer) clearTimeout(refreshTimer);
      if (tickTimer) clearInterval(tickTimer);
      refreshTimer = null;
      tickTimer = null;
    },
  };
}
