import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import type { Submission, SubmissionState } from '../lib/types';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import Applications from './Applications.svelte';

function sub(id: string, kind: string, state: SubmissionState, over: Partial<Submission> = {}): Submission {
  return { id, kind, state, reason: null, attempts: 1, next_attempt_at: null, result_document_id: null, updated_at: 1_800_000_000, ...over };
}

const SUBMISSIONS = [
  sub('s1', 'temporary_residence', 'waiting', { attempts: 3, next_attempt_at: 1_800_000_600 }),
  sub('s2', 'temporary_absence', 'in_review'),
  sub('s3', 'residence_notification', 'approved', { result_document_id: 'doc-res' }),
  sub('s4', 'criminal_record', 'rejected', { reason: 'Thiếu giấy tờ' }),
  sub('s5', 'criminal_record', 'refused', { reason: 'level_too_low' }),
  sub('s6', 'temporary_absence', 'submitted'),
];

const SYNC = { sent: 0, waiting: 1, refused: 0, documents_received: 0, applications_updated: 0, level: 1 };

describe('Applications', () => {
  afterEach(() => vi.useRealTimers());

  it('lists sent applications with their state in plain words', async () => {
    fakeIpc({ drafts: () => [], submissions: () => SUBMISSIONS });
    render(Applications, { props: { params: {} } });
    const items = await screen.findAllByTestId('submission');
    expect(items.map((i) => [i.dataset.kind, i.dataset.state])).toEqual(SUBMISSIONS.map((s) => [s.kind, s.state]));
    const states = screen.getAllByTestId('submission-state').map((e) => e.textContent?.trim());
    expect(states).toEqual([
      'Waiting for the network — will be sent automatically',
      'In review',
      'Approved',
      'Rejected: Thiếu giấy tờ',
      'Not accepted: This needs a level 2 account. Ask for level 2 at a police office.',
      'Sent',
    ]);
    await fireEvent.click(screen.getByTestId('submission-result'));
    expect(router.current).toEqual({ screen: 'document', params: { id: 'doc-res' } });
  });

  it('opens a new form of each kind', async () => {
    fakeIpc({ drafts: () => [], submissions: () => [] });
    render(Applications, { props: { params: {} } });
    for (const kind of ['temporary_residence', 'temporary_absence', 'residence_notification', 'criminal_record']) {
      expect(screen.getByTestId(`app-new-${kind}`)).toBeTruthy();
    }
    await fireEvent.click(screen.getByTestId('app-new-criminal_record'));
    expect(router.current).toEqual({ screen: 'application-form', params: { kind: 'criminal_record' } });
  });

  it('refresh syncs first, then reads the submissions again', async () => {
    let state: SubmissionState = 'submitted';
    const calls = fakeIpc({ drafts: () => [], submissions: () => [sub('s1', 'temporary_absence', state)], sync: () => SYNC });
    render(Applications, { props: { params: {} } });
    await screen.findByTestId('submission');
    state = 'approved';
    await fireEvent.click(screen.getByTestId('submissions-refresh'));
    await vi.waitFor(() => expect(screen.getByTestId('submission').dataset.state).toBe('approved'));
    expect(commands(calls)).toEqual(['drafts', 'submissions', 'sync', 'submissions']);
  });

  it('offline, says the waiting ones will go by themselves', async () => {
    fakeIpc({ drafts: () => [], submissions: () => SUBMISSIONS.slice(0, 1), sync: () => { throw ipcError('network'); } });
    render(Applications, { props: { params: {} } });
    await screen.findByTestId('submission');
    await fireEvent.click(screen.getByTestId('submissions-refresh'));
    await vi.waitFor(() => expect(screen.getByTestId('applications-offline').textContent).toContain('will be sent automatically when you are online'));
  });

  it('syncs every 10 seconds while open, and stops when closed', async () => {
    vi.useFakeTimers();
    const calls = fakeIpc({ drafts: () => [], submissions: () => [], sync: () => SYNC });
    const view = render(Applications, { props: { params: {} } });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(commands(calls).filter((c) => c === 'sync')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(commands(calls).filter((c) => c === 'sync')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(commands(calls).filter((c) => c === 'sync')).toHaveLength(2);
    view.unmount();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(commands(calls).filter((c) => c === 'sync')).toHaveLength(2);
  });

  it('lists drafts that open and delete', async () => {
    const form = { kind: 'temporary_absence' as const, from: '', until: '', destination: { line: '', ward: '', district: '', province: '' }, reason: '' };
    let drafts = [{ id: 'd1', kind: 'temporary_absence', form, updated_at: 1_800_000_000 }];
    const calls = fakeIpc({ drafts: () => drafts, submissions: () => [], delete_draft: () => { drafts = []; return null; } });
    render(Applications, { props: { params: {} } });
    expect((await screen.findByTestId('draft')).dataset.kind).toBe('temporary_absence');
    await fireEvent.click(screen.getByTestId('draft-delete'));
    await vi.waitFor(() => expect(screen.queryByTestId('draft')).toBeNull());
    expect(calls.find((c) => c.cmd === 'delete_draft')?.args).toEqual({ id: 'd1' });
  });
});
