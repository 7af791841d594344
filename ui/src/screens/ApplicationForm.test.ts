import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import type { ApplicationForm as Form } from '../lib/types';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import ApplicationForm from './ApplicationForm.svelte';

async function fill(values: Record<string, string>) {
  for (const [path, value] of Object.entries(values)) {
    const el = screen.getByTestId(`form-${path}`);
    if (el instanceof HTMLSelectElement) await fireEvent.change(el, { target: { value } });
    else await fireEvent.input(el, { target: { value } });
  }
}

const ABSENCE = {
  from: '2026-12-01',
  until: '2026-12-20',
  'destination.line': '1 Lê Lợi',
  'destination.ward': 'Bến Nghé',
  'destination.district': 'Quận 1',
  'destination.province': 'TP Hồ Chí Minh',
  reason: 'Thăm gia đình',
};

describe('Application form', () => {
  it('has an input for each field of the kind, with visible labels', () => {
    fakeIpc({});
    render(ApplicationForm, { props: { params: { kind: 'temporary_residence' } } });
    for (const path of ['address.line', 'address.ward', 'address.district', 'address.province', 'from', 'until', 'reason', 'host.full_name', 'host.id_number', 'host.relationship']) {
      const input = screen.getByTestId(`form-${path}`) as HTMLInputElement;
      expect(document.querySelector(`label[for="${input.id}"]`)?.textContent?.trim().length).toBeGreaterThan(2);
    }
    expect((screen.getByTestId('form-from') as HTMLInputElement).type).toBe('date');
    expect(screen.getByLabelText('Owner’s ID number (12 digits)')).toBe(screen.getByTestId('form-host.id_number'));
  });

  it('shows each problem from validate_form at its field, translated, and does not send', async () => {
    const calls = fakeIpc({
      validate_form: () => [
        { field: 'host.id_number', code: 'not_an_id_number' },
        { field: 'from', code: 'in_the_past' },
        { field: 'reason', code: 'required' },
      ],
    });
    render(ApplicationForm, { props: { params: { kind: 'temporary_residence' } } });
    await fill({ from: '2020-01-01', 'host.id_number': '123' });
    await fireEvent.click(screen.getByTestId('form-submit'));
    await vi.waitFor(() => expect(screen.getByTestId('form-error-host.id_number').textContent?.trim()).toBe('An ID number has 12 digits.'));
    expect(screen.getByTestId('form-error-from').textContent?.trim()).toBe('The start date cannot be in the past.');
    expect(screen.getByTestId('form-error-reason').textContent?.trim()).toBe('Please fill this in.');
    expect(screen.queryByTestId('form-error-until')).toBeNull();
    const idInput = screen.getByTestId('form-host.id_number');
    expect(idInput.getAttribute('aria-invalid')).toBe('true');
    expect(idInput.getAttribute('aria-describedby')).toBe(screen.getByTestId('form-error-host.id_number').id);
    expect(screen.getByTestId('form-problems').textContent?.trim()).toBe('3 things need fixing before sending.');
    expect(document.activeElement).toBe(screen.getByTestId('form-from'));
    expect(commands(calls)).toEqual(['validate_form']);
  });

  it('sends a valid form, built from the inputs, and goes back to the list', async () => {
    const calls = fakeIpc({ validate_form: () => [], submit_application: () => ({ id: 'out-1', sync: null, send_error: 'network' }) });
    render(ApplicationForm, { props: { params: { kind: 'temporary_absence' } } });
    await fill(ABSENCE);
    await fireEvent.click(screen.getByTestId('form-submit'));
    await vi.waitFor(() => expect(router.current).toEqual({ screen: 'applications', params: { notice: 'submitted' } }));
    const form: Form = {
      kind: 'temporary_absence',
      from: '2026-12-01',
      until: '2026-12-20',
      destination: { line: '1 Lê Lợi', ward: 'Bến Nghé', district: 'Quận 1', province: 'TP Hồ Chí Minh' },
      reason: 'Thăm gia đình',
    };
    expect(calls).toEqual([
      { cmd: 'validate_form', args: { form } },
      { cmd: 'submit_application', args: { form, draftId: null } },
    ]);
  });

  it('saves a draft (offline too), then keeps saving to the same draft', async () => {
    const calls = fakeIpc({ save_draft: (a: { id: string | null }) => a.id ?? 'draft-7' });
    render(ApplicationForm, { props: { params: { kind: 'criminal_record' } } });
    await fill({ certificate: 'type2', purpose: 'Xin việc', copies: '2' });
    await fireEvent.click(screen.getByTestId('form-save-draft'));
    await vi.waitFor(() => expect(screen.getByTestId('form-message').textContent?.trim()).toBe('Draft saved on this device.'));
    await fireEvent.click(screen.getByTestId('form-save-draft'));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const delivery = { line: '', ward: '', district: '', province: '' };
    expect(calls[0].args).toEqual({ id: null, form: { kind: 'criminal_record', certificate: 'type2', purpose: 'Xin việc', copies: 2, delivery } });
    expect((calls[1].args as { id: string }).id).toBe('draft-7');
  });

  it('opens a saved draft with its values and submits it with its id', async () => {
    const form: Form = {
      kind: 'residence_notification',
      address: { line: '5 Hàng Bạc', ward: 'Hàng Bạc', district: 'Hoàn Kiếm', province: 'Hà Nội' },
      from: '2026-12-02',
      until: '2026-12-04',
      host_name: 'Phạm Văn Nam',
    };
    const calls = fakeIpc({
      drafts: () => [{ id: 'd1', kind: form.kind, form, updated_at: 1_800_000_000 }],
      validate_form: () => [],
      submit_application: () => ({ id: 'out-2', sync: null, send_error: 'network' }),
    });
    render(ApplicationForm, { props: { params: { kind: 'residence_notification', draftId: 'd1' } } });
    await vi.waitFor(() => expect((screen.getByTestId('form-host_name') as HTMLInputElement).value).toBe('Phạm Văn Nam'));
    expect((screen.getByTestId('form-address.district') as HTMLInputElement).value).toBe('Hoàn Kiếm');
    await fireEvent.click(screen.getByTestId('form-submit'));
    await vi.waitFor(() => expect(commands(calls)).toContain('submit_application'));
    expect(calls.at(-1)?.args).toEqual({ form, draftId: 'd1' });
  });

  it('shows field problems the service sends back on submit', async () => {
    fakeIpc({
      validate_form: () => [],
      submit_application: () => { throw ipcError('invalid_fields', { fields: [{ field: 'copies', code: 'out_of_range' }] }); },
    });
    render(ApplicationForm, { props: { params: { kind: 'criminal_record' } } });
    await fireEvent.click(screen.getByTestId('form-submit'));
    await vi.waitFor(() => expect(screen.getByTestId('form-error-copies').textContent?.trim()).toBe('This number is too small or too large.'));
  });
});
