import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { router } from './lib/router.svelte';
import { CARDS, settings, stationStatus, status } from './test/fixtures';
import { commands, fakeIpc, ipcError, type Handler } from './test/ipc';

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

const current = () => document.querySelector('[data-screen]')?.getAttribute('data-screen');

function start(handlers: Record<string, Handler>) {
  const calls = fakeIpc({ get_settings: () => settings(), documents: () => CARDS, lock: () => null, ...handlers });
  render(App);
  return calls;
}

describe('App shell', () => {
  afterEach(() => setVisibility('visible'));

  it('starts onboarding when there is no wallet, in Vietnamese by default, without the menu', async () => {
    start({ get_settings: () => { throw ipcError('no_wallet'); }, app_status: () => status({ exists: false, unlocked: false }) });
    await vi.waitFor(() => expect(current()).toBe('onboarding'));
    expect(document.documentElement.lang).toBe('vi');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Chào mừng bạn đến với Ví định danh');
    expect(screen.queryByTestId('nav-home')).toBeNull();
  });

  it('asks for the PIN when the wallet is locked', async () => {
    start({ app_status: () => status({ unlocked: false }) });
    await vi.waitFor(() => expect(current()).toBe('unlock'));
  });

  it('opens Home with the bottom menu when unlocked, applying the saved settings', async () => {
    start({ get_settings: () => settings({ language: 'vi', text_scale: 150 }), app_status: () => status() });
    await vi.waitFor(() => expect(current()).toBe('home'));
    expect(document.documentElement.lang).toBe('vi');
    expect(document.documentElement.style.fontSize).toBe('150%');
    for (const id of ['nav-home', 'nav-scan', 'nav-applications', 'nav-activity', 'nav-settings']) expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.getByTestId('nav-home').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-scan'));
    await vi.waitFor(() => expect(current()).toBe('scan'));
    expect(screen.getByTestId('nav-scan').getAttribute('aria-current')).toBe('page');
  });

  it('locks when hidden and shows Unlock when visible again; unlocking returns to the screen', async () => {
    const calls = start({ app_status: () => status(), unlock: () => status() });
    await vi.waitFor(() => expect(current()).toBe('home'));
    await fireEvent.click(screen.getByTestId('nav-scan'));
    setVisibility('hidden');
    await vi.waitFor(() => expect(commands(calls)).toContain('lock'));
    setVisibility('visible');
    await vi.waitFor(() => expect(current()).toBe('unlock'));
    expect(screen.queryByTestId('nav-home')).toBeNull();
    for (const d of '123456') await fireEvent.click(screen.getByTestId(`pin-key-${d}`));
    await vi.waitFor(() => expect(current()).toBe('scan'));
  });

  it('does not lock during onboarding', async () => {
    const calls = start({ app_status: () => status({ exists: false, unlocked: false }) });
    await vi.waitFor(() => expect(current()).toBe('onboarding'));
    setVisibility('hidden');
    setVisibility('visible');
    expect(commands(calls)).not.toContain('lock');
    expect(current()).toBe('onboarding');
  });

  it('opens a counter station on its own screen: no menu, no PIN, and nothing locks it', async () => {
    const calls = start({
      get_settings: () => settings({ auto_lock_seconds: 60 }),
      app_status: () => status({ exists: false, unlocked: false, role: 'station' }),
      station_status: () => stationStatus(),
      station_refresh: () => stationStatus(),
    });
    await vi.waitFor(() => expect(current()).toBe('station'));
    expect(screen.queryByTestId('nav-home')).toBeNull();
    setVisibility('hidden');
    setVisibility('visible');
    expect(commands(calls)).not.toContain('lock');
    expect(current()).toBe('station');
    expect(screen.queryByTestId('pin-key-1')).toBeNull();
  });

  it('shows Unlock whenever a command says the wallet is locked', async () => {
    start({ app_status: () => status(), documents: () => { throw ipcError('locked'); } });
    await vi.waitFor(() => expect(current()).toBe('unlock'));
    expect(router.current.screen).toBe('unlock');
  });

  it('announces the new screen’s title to screen readers after navigating', async () => {
    start({ app_status: () => status(), activity: () => [] });
    await vi.waitFor(() => expect(screen.getByTestId('announcer').textContent).toBe('My documents'));
    await fireEvent.click(screen.getByTestId('nav-activity'));
    await vi.waitFor(() => expect(screen.getByTestId('announcer').textContent).toBe('Activity'));
    expect(screen.getByTestId('announcer').getAttribute('aria-live')).toBe('polite');
    expect(document.querySelector('[tabindex="-1"]')).toBeNull();
  });
});
