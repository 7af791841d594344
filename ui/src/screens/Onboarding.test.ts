import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { status } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import Onboarding from './Onboarding.svelte';

const CARD = {
  id_number: '001190012345',
  old_id_number: '012345678',
  full_name: 'Nguyễn Thị Lan',
  date_of_birth: '1990-02-01',
  sex: 'female',
  address: 'Hà Nội',
  issue_date: '2021-05-10',
};

async function typePin(pin: string) {
  for (const d of pin) await fireEvent.click(screen.getByTestId(`pin-key-${d}`));
}

/** The role step: "I carry my documents". */
async function chooseCitizen() {
  await fireEvent.click(await screen.findByTestId('role-citizen'));
  await vi.waitFor(() => expect(step()).toBe('idcard'));
}

const asCitizen = () => status({ exists: false, unlocked: false, role: 'citizen' });

const value = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;
const step = () => document.querySelector('[data-screen="onboarding"]')?.getAttribute('data-step');

describe('Onboarding', () => {
  it('language, ID card text, registration form, PIN twice, then registration and the code screen', async () => {
    const calls = fakeIpc({
      save_settings: (a: { settings: unknown }) => a.settings,
      read_id_card: () => CARD,
      create_wallet: () => status({ registered: false, level: null }),
      register: () => 'reg-42',
      choose_role: asCitizen,
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-vi'));
    expect(document.documentElement.lang).toBe('vi');
    await vi.waitFor(() => expect(step()).toBe('role'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Bạn dùng thiết bị này để làm gì?');
    await chooseCitizen();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Đăng ký tài khoản định danh điện tử');

    await fireEvent.input(screen.getByTestId('idcard-text'), { target: { value: '001190012345|012345678|Nguyễn Thị Lan|01021990|Nữ|Hà Nội|10052021' } });
    await fireEvent.click(screen.getByTestId('idcard-read'));
    await vi.waitFor(() => expect(value('reg-id-number')).toBe('001190012345'));
    expect(value('reg-full-name')).toBe('Nguyễn Thị Lan');
    expect(value('reg-dob')).toBe('1990-02-01');
    expect((screen.getByTestId('onboard-next') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('reg-phone'), { target: { value: '0912345678' } });
    await fireEvent.click(screen.getByTestId('onboard-next'));

    expect(step()).toBe('pin');
    await typePin('135790');
    expect(step()).toBe('pin-confirm');
    await typePin('135790');
    await vi.waitFor(() => expect(router.current).toEqual({ screen: 'code', params: { registrationId: 'reg-42' } }));

    expect(commands(calls)).toEqual(['app_status', 'save_settings', 'choose_role', 'read_id_card', 'create_wallet', 'save_settings', 'register']);
    expect(calls[2].args).toEqual({ role: 'citizen' });
    expect(calls[3].args).toEqual({ text: '001190012345|012345678|Nguyễn Thị Lan|01021990|Nữ|Hà Nội|10052021' });
    expect(calls[4].args).toEqual({ pin: '135790' });
    expect(calls[5].args).toEqual({ settings: { language: 'vi', text_scale: 100, auto_lock_seconds: 120, biometric: false } });
    expect(calls[6].args).toEqual({
      input: { id_number: '001190012345', phone: '0912345678', full_name: 'Nguyễn Thị Lan', date_of_birth: '1990-02-01' },
    });
  });

  it('before the PIN, warns when this device keeps the key only until it restarts', async () => {
    fakeIpc({
      app_status: () => status({ exists: false, unlocked: false, keystore: 'kernel_keyring', keystore_survives_reboot: false }),
      save_settings: (a: { settings: unknown }) => a.settings,
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await vi.waitFor(() => expect(step()).toBe('idcard')); // chosen before (the fake's role is `citizen`): not asked again
    await fireEvent.click(screen.getByTestId('reg-skip'));
    const warning = await screen.findByTestId('keystore-warning');
    expect(warning.textContent).toContain('keeps the wallet’s key only until it restarts');
    expect(screen.queryByTestId('keystore-backup')).toBeNull();
  });

  it('starts the PIN again when the two entries differ', async () => {
    const calls = fakeIpc({ save_settings: () => { throw ipcError('no_wallet'); }, choose_role: asCitizen });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await chooseCitizen();
    await fireEvent.click(screen.getByTestId('reg-skip'));
    await typePin('111111');
    await typePin('222222');
    expect(step()).toBe('pin');
    expect(screen.getByTestId('onboard-message').textContent?.trim()).toBe('The two PINs are not the same. Please start again.');
    expect(commands(calls)).toEqual(['app_status', 'save_settings', 'choose_role']);
  });

  it('can skip registration: the wallet is made and Home opens', async () => {
    const calls = fakeIpc({
      save_settings: (a: { settings: unknown }) => a.settings,
      create_wallet: () => status({ registered: false }),
      choose_role: asCitizen,
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await chooseCitizen();
    await fireEvent.click(screen.getByTestId('reg-skip'));
    await typePin('246802');
    await typePin('246802');
    await vi.waitFor(() => expect(router.current.screen).toBe('home'));
    expect(commands(calls)).not.toContain('register');
  });

  it('when registration fails offline, says so and lets the citizen go on without it', async () => {
    fakeIpc({
      save_settings: (a: { settings: unknown }) => a.settings,
      create_wallet: () => status(),
      register: () => { throw ipcError('network'); },
      choose_role: asCitizen,
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await chooseCitizen();
    for (const [id, v] of [['reg-id-number', '001190012345'], ['reg-full-name', 'Lan'], ['reg-dob', '1990-02-01'], ['reg-phone', '0912']]) {
      await fireEvent.input(screen.getByTestId(id), { target: { value: v } });
    }
    await fireEvent.click(screen.getByTestId('onboard-next'));
    await typePin('123123');
    await typePin('123123');
    await vi.waitFor(() => expect(step()).toBe('register-failed'));
    expect(screen.getByTestId('onboard-message').textContent).toContain('No connection to the service');
    await fireEvent.click(screen.getByTestId('reg-skip'));
    expect(router.current.screen).toBe('home');
  });

  it('restores from a backup file the citizen picked, its passphrase and a new PIN', async () => {
    const calls = fakeIpc({
      save_settings: (a: { settings: unknown }) => a.settings,
      choose_backup: (bytes: Uint8Array) => (bytes[0] === 0x45 ? 2 : (() => { throw ipcError('backup_not_a_backup'); })()),
      restore: () => status(),
      choose_role: asCitizen,
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await chooseCitizen();
    await fireEvent.click(screen.getByTestId('onboard-restore'));
    await fireEvent.input(screen.getByTestId('restore-passphrase'), { target: { value: 'correct horse battery' } });
    await fireEvent.input(screen.getByTestId('restore-pin'), { target: { value: '123456' } });
    await fireEvent.click(screen.getByTestId('restore-submit'));
    expect(screen.getByTestId('restore-message').textContent?.trim()).toBe('Choose the backup file first.');
    const input = screen.getByTestId('restore-file') as HTMLInputElement;
    const pick = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      await fireEvent.change(input);
    };
    await pick(new File([new Uint8Array([0x50, 0x4b])], 'photos.zip'));
    await vi.waitFor(() => expect(screen.getByTestId('restore-message').textContent?.trim()).toBe('This file is not a wallet backup.'));
    await pick(new File([new TextEncoder().encode('EIDWBAK\0')], 'wallet.eidbackup'));
    await vi.waitFor(() => expect(screen.getByTestId('restore-chosen').textContent).toBe('Backup file chosen: wallet.eidbackup'));
    await fireEvent.input(screen.getByTestId('restore-passphrase'), { target: { value: 'correct horse battery' } });
    await fireEvent.input(screen.getByTestId('restore-pin'), { target: { value: '12345' } });
    await fireEvent.click(screen.getByTestId('restore-submit'));
    expect(screen.getByTestId('restore-message').textContent?.trim()).toBe('The PIN must be exactly 6 digits.');
    await fireEvent.input(screen.getByTestId('restore-pin'), { target: { value: '123456' } });
    await fireEvent.click(screen.getByTestId('restore-submit'));
    await vi.waitFor(() => expect(router.current.screen).toBe('home'));
    expect(calls.at(-1)).toEqual({ cmd: 'restore', args: { passphrase: 'correct horse battery', pin: '123456' } });
    expect(JSON.stringify(calls)).not.toContain('/home');
  });

  it('asks what the device is for: "I check documents" sets up a counter station, with no PIN', async () => {
    const calls = fakeIpc({
      save_settings: (a: { settings: unknown }) => a.settings,
      choose_role: () => status({ exists: false, unlocked: false, role: 'station' }),
    });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect((await screen.findByTestId('role-station')).textContent).toContain('I check documents');
    expect(screen.getByTestId('role-citizen').textContent).toContain('I carry my documents');
    await fireEvent.click(screen.getByTestId('role-station'));
    await vi.waitFor(() => expect(router.current.screen).toBe('station-setup'));
    expect(calls.find((c) => c.cmd === 'choose_role')?.args).toEqual({ role: 'station' });
    expect(screen.queryByTestId('pin-key-1')).toBeNull();
  });

  it('says so when a device holding a wallet cannot become a station, and stays on the question', async () => {
    fakeIpc({ save_settings: (a: { settings: unknown }) => a.settings, choose_role: () => { throw ipcError('holds_wallet'); } });
    render(Onboarding, { props: { params: { step: 'role' } } });
    await fireEvent.click(screen.getByTestId('role-station'));
    await vi.waitFor(() => expect(screen.getByTestId('onboard-message').textContent).toContain('This device holds a wallet'));
    expect(step()).toBe('role');
    expect(router.current.screen).not.toBe('station-setup');
  });

  it('goes back from the ID card step to the question', async () => {
    fakeIpc({ save_settings: (a: { settings: unknown }) => a.settings, choose_role: asCitizen });
    render(Onboarding);
    await fireEvent.click(screen.getByTestId('lang-en'));
    await chooseCitizen();
    await fireEvent.click(screen.getByTestId('onboard-role-back'));
    expect(step()).toBe('role');
  });
});
