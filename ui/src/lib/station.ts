// What the station's screens say about errors: being offline is normal at a counter (it keeps
// checking with the lists it has), so it gets its own sentence instead of the wallet's
// "your draft is saved".
import { toIpcError } from './api';

/** Whether a command failed only because the portal could not be reached. */
export function isOffline(error: unknown): boolean {
  const code = toIpcError(error).code;
  return code === 'network' || code === 'request_timeout';
}

/** How often the station's screen asks how its trust stands (the revocation list ages). */
export const STATUS_EVERY_MS = 60_000;

/** The revocation list age limits the station offers, in hours (the Rust side snaps to these). */
export const STATUS_AGE_CHOICES = [1, 6, 12, 24, 48, 72] as const;
