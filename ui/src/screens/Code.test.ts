import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { status } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import Code from './Code.svelte';

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
});
