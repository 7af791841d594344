import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { status } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import { forgetSent, rememberSent } from '../lib/registration';
import Code from './Code.svelte';

const SENT = { id_number: '001099012345', phone: '0912345678', full_name: 'Nguyễn Thị Mẫu', date_of_birth: '1985-03-14' };

const SYNCED = { sent: 0, waiting: 0, refused: 0, documents_received: 0, applications_updated: 0, level: 1, move_waiting_until: null };

async function enterCode() {
  router.go('code', { registrationId: 'r1' });
  render(Code, { params: { registrationId: 'r1' } });
  await fireEvent.input(screen.getByTestId('code-input'), { target: { value: '123456' } });
  await fireEvent.click(screen.getByTestId('code-submit'));
}

describe('Code', () => {
  it('shows the lost-phone code once after registering, then goes home', async () => {
    const calls = fakeIpc({ verify_code: () => status(), sync: () => SYNCED, first_revocation_code: () => 'K7QM-3PXA-9TBD-W2FH' });
    await enterCode();
    await vi.waitFor(() => expect(screen.getByTestId('first-revocation-code').textContent).toBe('K7QM-3PXA-9TBD-W2FH'));
    expect(commands(calls)).toEqual(['verify_code', 'sync', 'first_revocation_code']);
    await fireEvent.click(screen.getByTestId('revocation-written'));
    expect(router.current.screen).toBe('home');
  });

  it('goes home at once when offline: Settings shows the code later', async () => {
    fakeIpc({ verify_code: () => status(), sync: () => { throw ipcError('network'); } });
    await enterCode();
    await vi.waitFor(() => expect(router.current.screen).toBe('home'));
  });

  it('says where the code went, sends it again after a minute, and verifies the new one', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      rememberSent(SENT);
      const calls = fakeIpc({ register: () => 'r2', verify_code: () => status(), sync: () => { throw ipcError('network'); } });
      router.go('code', { registrationId: 'r1' });
      render(Code, { params: { registrationId: 'r1' } });
      expect(screen.getByTestId('code-sent-to').textContent).toContain('09•••••678');
      const resend = screen.getByTestId('code-resend') as HTMLButtonElement;
      expect(resend.disabled).toBe(true);
      expect(resend.textContent).toContain('60');
      await vi.advanceTimersByTimeAsync(61_000);
      expect(resend.disabled).toBe(false);
      await fireEvent.click(resend);
      await vi.waitFor(() => expect(screen.getByTestId('code-resent').textContent).toContain('new code'));
      expect(calls.find((c) => c.cmd === 'register')?.args).toEqual({ input: SENT });
      // Sent again: the button waits another minute, and the code verified is the new one's.
      expect(resend.disabled).toBe(true);
      await fireEvent.input(screen.getByTestId('code-input'), { target: { value: '654321' } });
      await fireEvent.click(screen.getByTestId('code-submit'));
      await vi.waitFor(() => expect(router.current.screen).toBe('home'));
      expect(calls.find((c) => c.cmd === 'verify_code')?.args).toMatchObject({ registrationId: 'r2', code: '654321' });
    } finally {
      vi.useRealTimers();
      forgetSent();
    }
  });

  it('changes the phone number: back to the form with the details sent', async () => {
    rememberSent(SENT);
    fakeIpc({});
    router.go('code', { registrationId: 'r1' });
    render(Code, { params: { registrationId: 'r1' } });
    await fireEvent.click(screen.getByTestId('code-edit-phone'));
    expect(router.current.screen).toBe('register');
    forgetSent();
  });

  it('offers no resend when it does not know what was sent', () => {
    fakeIpc({});
    render(Code, { params: { registrationId: 'r1' } });
    expect(screen.queryByTestId('code-resend')).toBeNull();
    expect(screen.queryByTestId('code-sent-to')).toBeNull();
  });
});
