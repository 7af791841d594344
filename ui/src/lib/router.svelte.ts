// A small state-based router: the current screen and its params live in one $state object.
// No URLs: the app is one window, and Back goes through an in-memory history.

export const SCREENS = [
  'onboarding',
  'register',
  'code',
  'unlock',
  'home',
  'document',
  'present',
  'scan',
  'counter',
  'share',
  'applications',
  'application-form',
  'activity',
  'settings',
  'station-setup',
  'station',
  'station-settings',
] as const;

export type Screen = (typeof SCREENS)[number];
export type Params = Record<string, string>;
export interface Route {
  screen: Screen;
  params: Params;
}

/** Screens that show the bottom navigation. */
export const MAIN_SCREENS: readonly Screen[] = ['home', 'scan', 'applications', 'activity', 'settings'];

/** The counter station's screens: a device with no wallet, so no PIN and nothing to lock. */
export const STATION_SCREENS: readonly Screen[] = ['station-setup', 'station', 'station-settings'];

/** Screens where the wallet may be locked or not exist yet: locking never interrupts them, and
 * the citizen's menu is not shown. */
export const OPEN_SCREENS: readonly Screen[] = ['onboarding', 'unlock', ...STATION_SCREENS];

export class Router {
  current = $state<Route>({ screen: 'home', params: {} });
  #history: Route[] = [];
  #resume: Route | null = null;

  constructor(start: Route = { screen: 'home', params: {} }) {
    this.current = { screen: start.screen, params: { ...start.params } };
  }

  /** Opens a screen; Back returns to the one before. */
  go(screen: Screen, params: Params = {}): void {
    this.#history.push(this.current);
    this.current = { screen, params: { ...params } };
  }

  /** Opens a screen and forgets the history (after onboarding, reset, or a bottom-nav tap). */
  reset(screen: Screen, params: Params = {}): void {
    this.#history = [];
    this.current = { screen, params: { ...params } };
  }

  /** Goes back one screen, or to `fallback` when there is nothing to go back to. */
  back(fallback: Screen = 'home'): void {
    const previous = this.#history.pop();
    this.current = previous ?? { screen: fallback, params: {} };
  }

  get canGoBack(): boolean {
    return this.#history.length > 0;
  }

  /** Shows Unlock and remembers where the citizen was (not during onboarding). */
  lock(): void {
    if (OPEN_SCREENS.includes(this.current.screen)) return;
    this.#resume = this.current;
    this.current = { screen: 'unlock', params: {} };
  }

  /** After unlocking: back to where the citizen was, or Home. */
  resume(): void {
    const target = this.#resume ?? { screen: 'home' as Screen, params: {} };
    this.#resume = null;
    this.current = target;
  }
}

export const router = new Router();
