import { render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../lib/i18n';
import { NOW, healthInsurance } from '../test/fixtures';
import { fakeIpc } from '../test/ipc';
import Document from './Document.svelte';

describe('Document detail', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
  });
  afterEach(() => vi.useRealTimers());

  it('lists every field with a plain label and its value', async () => {
    const calls = fakeIpc({ document: () => healthInsurance() });
    render(Document, { props: { params: { id: 'doc-hi' } } });
    const rows = await screen.findAllByTestId('doc-field');
    expect(calls[0]).toEqual({ cmd: 'document', args: { id: 'doc-hi' } });
    expect(rows.map((r) => r.dataset.field)).toEqual(healthInsurance().fields.map((f) => f.name));
    const dob = rows.find((r) => r.dataset.field === 'date_of_birth');
    expect(dob?.querySelector('dt')?.textContent).toBe('Date of birth');
    expect(dob?.querySelector('dd')?.textContent).toBe('1 Feb 1990');
    expect(rows.find((r) => r.dataset.field === 'sex')?.querySelector('dd')?.textContent).toBe('Female');
    expect(screen.getByTestId('doc-revocation').textContent?.replace(/\s+/g, ' ').trim()).toBe('Not revoked — checked 3 hours ago');
    expect((screen.getByTestId('doc-present') as HTMLButtonElement).disabled).toBe(false);
  });

  it('in Vietnamese, labels and dates follow', async () => {
    setLanguage('vi');
    fakeIpc({ document: () => healthInsurance({ revocation: { state: 'unknown', list_issued_at: null } }) });
    render(Document, { props: { params: { id: 'doc-hi' } } });
    const rows = await screen.findAllByTestId('doc-field');
    expect(rows[0].querySelector('dt')?.textContent).toBe('Mã thẻ BHYT');
    expect(rows.find((r) => r.dataset.field === 'date_of_birth')?.querySelector('dd')?.textContent?.trim()).toBe('01/02/1990');
    // The benefit level says what the insurance pays, not a bare digit.
    expect(rows.find((r) => r.dataset.field === 'benefit_level')?.querySelector('dd')?.textContent?.trim()).toBe(
      'Mức 4 — BHYT chi trả 80%',
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Thẻ bảo hiểm y tế');
    expect(screen.getByTestId('doc-revocation').textContent).toContain('chưa kiểm tra lần nào');
  });

  it('a document restored from a backup says it must be renewed and cannot be shown', async () => {
    fakeIpc({ document: () => healthInsurance({ needs_rebinding: true }) });
    render(Document, { props: { params: { id: 'doc-hi' } } });
    expect((await screen.findByTestId('doc-rebinding')).textContent).toContain('restored from a backup');
    expect((screen.getByTestId('doc-present') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a revoked document cannot be shown', async () => {
    fakeIpc({ document: () => healthInsurance({ revocation: { state: 'revoked', list_issued_at: NOW - 60 } }) });
    render(Document, { props: { params: { id: 'doc-hi' } } });
    expect((await screen.findByTestId('doc-revocation')).dataset.state).toBe('revoked');
    expect((screen.getByTestId('doc-present') as HTMLButtonElement).disabled).toBe(true);
  });
});
