import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { fakeIpc, ipcError } from '../test/ipc';
import { status } from '../test/fixtures';
import Unlock from './Unlock.svelte';

async function typePin(pin: string) {
  for (const d of pin) await fireEvent.click(screen.getByTestId(`pin-key-${d}`));
}

const message = () => screen.getByTestId('unlock-message').textContent?.trim();

describe('Unlock', () => {
  afterEach(() => vi.useRealTimers());

  it('unlocks with the right PIN and returns to where the citizen was', async () => {
    router.go('activity');
    router.lock();
    const calls = fakeIpc({ unlock: () => status() });
    render(Unlock);
    await typePin('246810');
    await vi.waitFor(() => expect(router.current.screen).toBe('activity'));
    expect(calls).toEqual([{ cmd: 'unlock', args: { pin: '246810' } }]);
  });

  it('says how many tries are left after a wrong PIN', async () => {
    fakeIpc({ unlock: () => { throw ipcError('wrong_pin', { remaining: 4 }); } });
    render(Unlock);
    await typePin('111111');
    await vi.waitFor(() => expect(message()).toBe('Wrong PIN. 4 tries left.'));
    expect(router.current.screen).toBe('home'); // not moved (the test starts on home)
    expect(screen.getByRole('alert').textContent).toContain('4 tries left');
  });

  it('counts down while throttled, with the pad disabled, then lets the citizen try again', async () => {
    vi.useFakeTimers();
    fakeIpc({ unlock: () => { throw ipcError('pin_throttled', { wait_seconds: 3 }); } });
    render(Unlock);
    await typePin('222222');
    await vi.advanceTimersByTimeAsync(0);
    await tick();
    expect(message()).toBe('Too many wrong PINs. Please wait 3 seconds and try again.');
    expect((screen.getByTestId('pin-key-1') as HTMLButtonElement).disabled).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    await tick();
    expect(message()).toBe('Too many wrong PINs. Please wait 2 seconds and try again.');
    await vi.advanceTimersByTimeAsync(2000);
    await tick();
    expect(message()).toBe('');
    expect((screen.getByTestId('pin-key-1') as HTMLButtonElement).disabled).toBe(false);
  });

  it('after a lockout, offers to delete the wallet, without a PIN nobody can check', async () => {
    const calls = fakeIpc({ unlock: () => { throw ipcError('locked_out'); }, reset: () => ({}) });
    render(Unlock);
    await typePin('333333');
    await vi.waitFor(() => expect(message()).toContain('The wallet is locked after too many wrong PINs'));
    expect((screen.getByTestId('pin-key-5') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('reset-start'));
    expect(screen.queryByTestId('reset-pin')).toBeNull();
    await fireEvent.click(screen.getByTestId('reset-confirm'));
    await vi.waitFor(() => expect(calls.at(-1)).toEqual({ cmd: 'reset', args: { pin: null } }));
  });

  it('when the keystore lost the wallet’s key, explains it and offers to delete the wallet and restore', async () => {
    fakeIpc({ unlock: () => { throw ipcError('keystore_missing'); } });
    render(Unlock);
    await typePin('333333');
    await vi.waitFor(() => expect(message()).toContain('no longer holds this wallet’s key'));
    expect(message()).toContain('restore the backup');
    expect(screen.getByTestId('reset-start')).toBeTruthy();
  });

  it('says no officer asks for a PIN, and what to do when it is forgotten', async () => {
    fakeIpc({});
    render(Unlock);
    expect(screen.getByTestId('unlock-scam').textContent).toContain('No officer will ever ask for your PIN');
    expect(screen.queryByTestId('reset-start')).toBeNull();
    await fireEvent.click(screen.getByTestId('unlock-forgot'));
    expect(screen.getByTestId('unlock-forgot-explain').textContent).toContain('cannot be recovered');
    // The way out is the reset (then restore or register again).
    expect(screen.getByTestId('reset-start')).toBeTruthy();
  });

  it('speaks Vietnamese', async () => {
    const { setLanguage } = await import('../lib/i18n');
    setLanguage('vi');
    fakeIpc({ unlock: () => { throw ipcError('wrong_pin', { remaining: 2 }); } });
    render(Unlock);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Nhập mã PIN');
    await typePin('444444');
    await vi.waitFor(() => expect(message()).toBe('Mã PIN không đúng. Bạn còn 2 lần thử.'));
  });
});
