import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { applySettings } from '../lib/settings.svelte';
import { settings, status } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import Settings from './Settings.svelte';

const ABOUT = { version: '0.3.0', portal_url: 'http://127.0.0.1:8080', trust_anchor: 'ab12cd34', data_dir: '/home/lan/.local/share/eid' };

function open(extra: Record<string, (a: never) => unknown> = {}) {
  applySettings(settings());
  const calls = fakeIpc({ about: () => ABOUT, save_settings: (a: { settings: unknown }) => a.settings, ...extra });
  render(Settings);
  return calls;
}

describe('Settings', () => {
  it('changes the text size at once (the root font size) and saves it', async () => {
    const calls = open();
    await fireEvent.change(screen.getByTestId('settings-text-size'), { target: { value: '175' } });
    expect(document.documentElement.style.fontSize).toBe('175%');
    await vi.waitFor(() => expect(commands(calls)).toContain('save_settings'));
    expect(calls.find((c) => c.cmd === 'save_settings')?.args).toEqual({ settings: settings({ text_scale: 175 }) });
    const options = [...(screen.getByTestId('settings-text-size') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['100 %', '125 %', '150 %', '175 %', '200 %']);
  });

  it('switches the language of the whole page, and <html lang>', async () => {
    open();
    await fireEvent.change(screen.getByTestId('settings-language'), { target: { value: 'vi' } });
    expect(document.documentElement.lang).toBe('vi');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cài đặt');
  });

  it('offers auto-lock after 1, 2, 5 or 10 minutes', async () => {
    const calls = open();
    const select = screen.getByTestId('settings-auto-lock') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['1 minute', '2 minutes', '5 minutes', '10 minutes']);
    await fireEvent.change(select, { target: { value: '600' } });
    await vi.waitFor(() => expect(calls.find((c) => c.cmd === 'save_settings')?.args).toEqual({ settings: settings({ auto_lock_seconds: 600 }) }));
  });

  it('shows the lost-phone code only after the PIN, and says when there is none yet', async () => {
    const calls = open({ revocation_code: (a: { pin: string }) => (a.pin === '123456' ? 'K7QM-3PXA-9TBD-W2FH' : null) });
    expect(screen.queryByTestId('revocation-code')).toBeNull();
    await fireEvent.input(screen.getByTestId('revocation-pin'), { target: { value: '000000' } });
    await fireEvent.click(screen.getByTestId('revocation-show'));
    await vi.waitFor(() => expect(screen.getByTestId('revocation-message').textContent?.trim()).toMatch(/next sync/));
    await fireEvent.input(screen.getByTestId('revocation-pin'), { target: { value: '123456' } });
    await fireEvent.click(screen.getByTestId('revocation-show'));
    await vi.waitFor(() => expect(screen.getByTestId('revocation-code').textContent).toBe('K7QM-3PXA-9TBD-W2FH'));
    expect(calls.filter((c) => c.cmd === 'revocation_code').map((c) => c.args)).toEqual([{ pin: '000000' }, { pin: '123456' }]);
  });

  it('refuses a short backup passphrase without asking Rust, and shows where a backup went', async () => {
    const calls = open({ backup: () => '/home/lan/eid-2026-11-23.eidbackup' });
    await fireEvent.input(screen.getByTestId('backup-pin'), { target: { value: '123456' } });
    await fireEvent.input(screen.getByTestId('backup-passphrase'), { target: { value: 'short one' } });
    await fireEvent.click(screen.getByTestId('backup-create'));
    expect(screen.getByTestId('backup-message').textContent?.trim()).toBe('The passphrase is too short: use at least 12 characters.');
    expect(commands(calls)).not.toContain('backup');
    await fireEvent.input(screen.getByTestId('backup-passphrase'), { target: { value: 'a much longer passphrase' } });
    await fireEvent.click(screen.getByTestId('backup-create'));
    await vi.waitFor(() => expect(screen.getByTestId('backup-message').textContent?.trim()).toBe('Backup saved to /home/lan/eid-2026-11-23.eidbackup'));
    expect(calls.find((c) => c.cmd === 'backup')?.args).toEqual({ pin: '123456', passphrase: 'a much longer passphrase' });
  });

  it('changes the PIN after checking the new one twice', async () => {
    const calls = open({ change_pin: () => null });
    await fireEvent.input(screen.getByTestId('settings-old-pin'), { target: { value: '111111' } });
    await fireEvent.input(screen.getByTestId('settings-new-pin'), { target: { value: '222222' } });
    await fireEvent.input(screen.getByTestId('settings-new-pin2'), { target: { value: '222223' } });
    await fireEvent.click(screen.getByTestId('settings-change-pin'));
    expect(screen.getByTestId('change-pin-message').textContent?.trim()).toBe('The two PINs are not the same. Please start again.');
    await fireEvent.input(screen.getByTestId('settings-new-pin2'), { target: { value: '222222' } });
    await fireEvent.click(screen.getByTestId('settings-change-pin'));
    await vi.waitFor(() => expect(screen.getByTestId('change-pin-message').textContent?.trim()).toBe('Your PIN has been changed.'));
    expect(calls.find((c) => c.cmd === 'change_pin')?.args).toEqual({ old: '111111', new: '222222' });
  });

  it('resets only after a clear confirmation with the PIN, then starts onboarding', async () => {
    router.reset('settings');
    const calls = open({ reset: (a: { pin: string | null }) => {
      if (a.pin !== '135790') throw ipcError('wrong_pin', { remaining: 9 });
      return status({ exists: false, unlocked: false });
    } });
    await fireEvent.click(screen.getByTestId('reset-start'));
    expect(screen.getByRole('alertdialog').textContent).toContain('Without a backup they cannot be brought back');
    await fireEvent.click(screen.getByTestId('reset-cancel'));
    expect(screen.queryByTestId('reset-confirm')).toBeNull();
    expect(commands(calls)).not.toContain('reset');
    await fireEvent.click(screen.getByTestId('reset-start'));
    await fireEvent.input(screen.getByTestId('reset-pin'), { target: { value: '111111' } });
    await fireEvent.click(screen.getByTestId('reset-confirm'));
    await vi.waitFor(() => expect(screen.getByTestId('reset-message').textContent).toContain('9'));
    expect(router.current.screen).toBe('settings');
    await fireEvent.input(screen.getByTestId('reset-pin'), { target: { value: '135790' } });
    await fireEvent.click(screen.getByTestId('reset-confirm'));
    await vi.waitFor(() => expect(router.current.screen).toBe('onboarding'));
    expect(calls.filter((c) => c.cmd === 'reset').map((c) => c.args)).toEqual([{ pin: '111111' }, { pin: '135790' }]);
  });

  it('shows the version, the portal and the trust anchor', async () => {
    open();
    expect((await screen.findByTestId('about-version')).textContent).toBe('0.3.0');
    expect(screen.getByTestId('about-portal').textContent).toBe('http://127.0.0.1:8080');
    expect(screen.getByTestId('about-trust-anchor').textContent).toBe('ab12cd34');
  });
});
