// The time, kept current on screen: "3 seconds ago" stays true while it is shown. Call
// `ticking()` while a component initialises; its `seconds` follow the clock until the component
// goes away. Tests freeze or move the clock with fake timers.
import { nowSeconds } from './format';

export interface Now {
  /** Unix seconds, updated every `everyMs`. */
  readonly seconds: number;
}

/** Unix seconds that update every `everyMs` (default: each second) while the component lives. */
export function ticking(everyMs = 1000): Now {
  const now = $state({ seconds: nowSeconds() });
  $effect(() => {
    now.seconds = nowSeconds();
    const timer = setInterval(() => {
      now.seconds = nowSeconds();
    }, everyMs);
    return () => clearInterval(timer);
  });
  return now;
}
