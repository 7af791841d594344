import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import type { AppStatus } from '../lib/types';
import { CARDS, status } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import Home from './Home.svelte';

function home(s: AppStatus, extra: Record<string, (a: unknown) => unknown> = {}) {
  const calls = fakeIpc({ app_status: () => s, documents: () => CARDS, ...extra });
  render(Home);
  return calls;
}

describe('Home', () => {
  it('shows each document as a card that opens it', async () => {
    home(status());
    const cards = await screen.findAllByTestId('doc-card');
    expect(cards.map((c) => c.dataset.doctype)).toEqual(['citizen_id_card', 'health_insurance']);
    expect(cards[1].textContent).toContain('Health insurance card');
    expect(cards[1].textContent).toContain('Nguyễn Thị Lan');
    // The number in groups of four, which a line may break between but never inside.
    const number = cards[1].querySelector('[data-testid="doc-card-number"]');
    expect(number?.textContent?.trim().split(/\s+/)).toEqual(['HS40', '1012', '3456', '789']);
    // Each card gives the document's own validity, not the digital copy's renewal date.
    const until = (c: HTMLElement) => c.querySelector('[data-testid="doc-card-until"]')?.textContent?.trim();
    expect(until(cards[1])).toBe('Valid until 31 Dec 2027');
    expect(until(cards[0])).toBe('No expiry date');
    await fireEvent.click(cards[0]);
    expect(router.current).toEqual({ screen: 'document', params: { id: 'doc-id' } });
  });

  it('at level 1, asks for level 2 and then says it is waiting for the officer', async () => {
    const calls = home(status({ level: 1 }), { request_level2: () => status({ level: 1, level2_requested: true }) });
    const level = await screen.findByTestId('level-status');
    expect(level.textContent).toContain('Level 1 — ask for level 2 at a police office');
    await fireEvent.click(screen.getByTestId('request-level2'));
    await vi.waitFor(() => expect(screen.getByTestId('level-status').textContent).toContain('Level 2 requested — waiting for the officer’s check'));
    expect(commands(calls)).toContain('request_level2');
    expect(screen.queryByTestId('request-level2')).toBeNull();
  });

  it('says plainly when the keystore is emptied at restart, and leads to the backup', async () => {
    home(status({ keystore: 'kernel_keyring', keystore_survives_reboot: false }));
    const warning = await screen.findByTestId('keystore-warning');
    expect(warning.textContent).toContain('Your wallet is not kept after a restart');
    expect(warning.textContent).toContain('Make a backup now');
    await fireEvent.click(screen.getByTestId('keystore-backup'));
    expect(router.current.screen).toBe('settings');
  });

  it('shows no keystore warning when the keystore keeps the wallet across restarts', async () => {
    home(status());
    await screen.findAllByTestId('doc-card');
    expect(screen.queryByTestId('keystore-warning')).toBeNull();
  });

  it('warns of a move to another phone and cancels it', async () => {
    const calls = home(status({ level: 2, outgoing_move_at: 1_800_259_200 }), {
      cancel_move: () => status({ level: 2 }),
    });
    const warning = await screen.findByTestId('move-outgoing');
    expect(warning.textContent).toContain('Someone asked to move your account to another phone');
    expect(warning.textContent).toContain('2027');
    await fireEvent.click(screen.getByTestId('move-cancel'));
    await vi.waitFor(() => expect(screen.queryByTestId('move-outgoing')).toBeNull());
    expect(screen.getByTestId('move-message').textContent?.trim()).toBe('The move is cancelled. Your account stays on this phone.');
    expect(commands(calls)).toContain('cancel_move');
  });

  it('says when an account moving to this phone arrives', async () => {
    home(status({ registered: false, level: null, incoming_move_at: 1_800_259_200 }));
    const info = await screen.findByTestId('move-incoming');
    expect(info.textContent).toContain('Your account is moving to this phone');
    expect(info.textContent).toContain('police office');
    expect(screen.queryByTestId('move-cancel')).toBeNull();
  });

  it('at level 2 says so, and offers no request', async () => {
    home(status({ level: 2 }));
    expect((await screen.findByTestId('level-status')).textContent?.trim()).toBe('Level 2');
  });

  it('when not registered, offers registration and no sync', async () => {
    home(status({ registered: false, level: null }));
    await fireEvent.click(await screen.findByTestId('home-register'));
    expect(router.current.screen).toBe('register');
    expect(screen.queryByTestId('sync-button')).toBeNull();
  });

  it('says what a sync did, and reloads the documents', async () => {
    const calls = home(status(), {
      sync: () => ({ sent: 1, waiting: 0, refused: 0, documents_received: 2, applications_updated: 1, level: 2 }),
    });
    await fireEvent.click(await screen.findByTestId('sync-button'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('sync-result').textContent?.trim()).toBe(
        'Synced. 2 new documents. 1 application updated. 1 application sent.',
      ),
    );
    expect(commands(calls)).toEqual(['app_status', 'documents', 'sync', 'app_status', 'documents']);
  });

  it('says in one sentence when a sync brought nothing new', async () => {
    home(status(), {
      sync: () => ({ sent: 0, waiting: 0, refused: 0, documents_received: 0, applications_updated: 0, level: 2 }),
    });
    await fireEvent.click(await screen.findByTestId('sync-button'));
    await vi.waitFor(() => expect(screen.getByTestId('sync-result').textContent?.trim()).toBe('Synced. Nothing new.'));
  });

  it('says plainly when it is offline', async () => {
    home(status(), { sync: () => { throw ipcError('network'); } });
    await fireEvent.click(await screen.findByTestId('sync-button'));
    await vi.waitFor(() => expect(screen.getByTestId('sync-result').textContent).toContain('You are offline'));
  });
});
