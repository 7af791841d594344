import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ShareAsk } from '../lib/types';
import { fakeIpc } from '../test/ipc';
import Share from './Share.svelte';

function ask(over: Partial<ShareAsk> = {}): ShareAsk {
  return {
    service_name: 'Ngân hàng ABC',
    service_id: 'bank-abc',
    doc_type: 'citizen_id_card',
    fields: ['full_name', 'date_of_birth', 'id_number'],
    purpose: 'Mở tài khoản',
    expires_at: Math.floor(Date.now() / 1000) + 600,
    document_id: 'doc-id',
    ...over,
  };
}

async function read(text: string) {
  await fireEvent.input(screen.getByTestId('share-text'), { target: { value: text } });
  await fireEvent.click(screen.getByTestId('share-read'));
}

describe('Scan to share', () => {
  it('shows who asks for what and why, with nothing ticked, and sends only what is ticked', async () => {
    const calls = fakeIpc({ read_share_request: () => ask(), share: () => null });
    render(Share);
    await read('ER1:REQUEST');
    expect((await screen.findByTestId('share-service')).textContent).toBe('Ngân hàng ABC');
    expect(screen.getByTestId('share-purpose').textContent).toBe('Why: Mở tài khoản');
    const boxes = ['full_name', 'date_of_birth', 'id_number'].map((f) => screen.getByTestId(`share-field-${f}`) as HTMLInputElement);
    expect(boxes.map((b) => b.checked)).toEqual([false, false, false]);
    expect((screen.getByTestId('share-send') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(boxes[2]);
    await fireEvent.click(boxes[0]);
    expect(screen.getByTestId('share-send').textContent?.trim()).toBe('Send 2 items');
    await fireEvent.click(screen.getByTestId('share-send'));
    expect((await screen.findByTestId('share-done')).textContent).toContain('Sent to Ngân hàng ABC.');
    expect(calls.map((c) => c.cmd)).toEqual(['read_share_request', 'share']);
    expect(calls[0].args).toEqual({ text: 'ER1:REQUEST' });
    expect(calls[1].args).toEqual({ text: 'ER1:REQUEST', documentId: 'doc-id', fields: ['full_name', 'id_number'] });
  });

  it('says so when the wallet has no such document, and offers no send', async () => {
    fakeIpc({ read_share_request: () => ask({ document_id: null, doc_type: 'driving_licence' }) });
    render(Share);
    await read('ER1:X');
    await vi.waitFor(() => expect(screen.getByTestId('share-problem').textContent?.trim()).toBe('You do not have a driving licence in your wallet.'));
    expect(screen.getByRole('heading', { level: 2 }).nextElementSibling?.textContent).toBe('asks to see your driving licence');
    expect(screen.queryByTestId('share-send')).toBeNull();
  });

  it('explains a bad request code', async () => {
    fakeIpc({ read_share_request: () => { throw { code: 'bad_share_request', message: 'x', wait_seconds: null, remaining: null, fields: [] }; } });
    render(Share);
    await read('garbage');
    await vi.waitFor(() => expect(screen.getByTestId('share-message').textContent?.trim()).toBe('This is not a valid request from a service.'));
  });
});
