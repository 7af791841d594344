import { describe, expect, it } from 'vitest';
import { APPLICATION_KINDS, buildForm, emptyValues, fieldPaths, formValues, isApplicationKind, parseCopies } from './forms';
import type { ApplicationForm } from './types';

const ADDRESS = { line: '12 Phố Huế', ward: 'Ngô Thì Nhậm', district: 'Hai Bà Trưng', province: 'Hà Nội' };

describe('application forms', () => {
  it('lists the field paths Rust reports problems for', () => {
    expect(fieldPaths('temporary_residence')).toEqual([
      'address.line',
      'address.ward',
      'address.district',
      'address.province',
      'from',
      'until',
      'reason',
      'host.full_name',
      'host.id_number',
      'host.relationship',
    ]);
    expect(fieldPaths('temporary_absence')).toEqual([
      'from',
      'until',
      'destination.line',
      'destination.ward',
      'destination.district',
      'destination.province',
      'reason',
    ]);
    expect(fieldPaths('residence_notification')).toEqual([
      'address.line',
      'address.ward',
      'address.district',
      'address.province',
      'from',
      'until',
      'host_name',
    ]);
    expect(fieldPaths('criminal_record')).toEqual([
      'certificate',
      'purpose',
      'copies',
      'delivery.line',
      'delivery.ward',
      'delivery.district',
      'delivery.province',
    ]);
  });

  it('starts empty, with one type-1 certificate copy', () => {
    expect(emptyValues('temporary_absence')).toEqual({
      from: '',
      until: '',
      'destination.line': '',
      'destination.ward': '',
      'destination.district': '',
      'destination.province': '',
      reason: '',
    });
    expect(emptyValues('criminal_record')).toMatchObject({ certificate: 'type1', copies: '1', purpose: '' });
  });

  it('builds a temporary residence form, trimming text', () => {
    const values = {
      'address.line': ' 12 Phố Huế ',
      'address.ward': 'Ngô Thì Nhậm',
      'address.district': 'Hai Bà Trưng',
      'address.province': 'Hà Nội',
      from: '2026-12-01',
      until: '2027-06-30',
      reason: 'work ',
      'host.full_name': 'Trần Văn Chủ',
      'host.id_number': '001080000001',
      'host.relationship': 'tenant',
    };
    expect(buildForm('temporary_residence', values)).toEqual({
      kind: 'temporary_residence',
      address: ADDRESS,
      from: '2026-12-01',
      until: '2027-06-30',
      reason: 'work',
      host: { full_name: 'Trần Văn Chủ', id_number: '001080000001', relationship: 'tenant' },
    });
  });

  it('builds the other three kinds', () => {
    expect(
      buildForm('temporary_absence', {
        from: '2026-12-01',
        until: '2026-12-20',
        'destination.line': '1 Lê Lợi',
        'destination.ward': 'Bến Nghé',
        'destination.district': 'Quận 1',
        'destination.province': 'TP Hồ Chí Minh',
        reason: 'visit family',
      }),
    ).toEqual({
      kind: 'temporary_absence',
      from: '2026-12-01',
      until: '2026-12-20',
      destination: { line: '1 Lê Lợi', ward: 'Bến Nghé', district: 'Quận 1', province: 'TP Hồ Chí Minh' },
      reason: 'visit family',
    });
    expect(buildForm('residence_notification', { ...emptyValues('residence_notification'), host_name: 'Lê Thị Hoa' })).toEqual({
      kind: 'residence_notification',
      address: { line: '', ward: '', district: '', province: '' },
      from: '',
      until: '',
      host_name: 'Lê Thị Hoa',
    });
    expect(
      buildForm('criminal_record', {
        certificate: 'type2',
        purpose: 'job application',
        copies: '3',
        'delivery.line': ADDRESS.line,
        'delivery.ward': ADDRESS.ward,
        'delivery.district': ADDRESS.district,
        'delivery.province': ADDRESS.province,
      }),
    ).toEqual({ kind: 'criminal_record', certificate: 'type2', purpose: 'job application', copies: 3, delivery: ADDRESS });
  });

  it('turns copies that are not a whole number into 0 for Rust to refuse', () => {
    expect(parseCopies('2')).toBe(2);
    expect(parseCopies(' 10 ')).toBe(10);
    expect(parseCopies('')).toBe(0);
    expect(parseCopies('two')).toBe(0);
    expect(parseCopies('1.5')).toBe(0);
    expect(parseCopies('-1')).toBe(0);
  });

  it('parses a saved draft back into the same texts (round trip for every kind)', () => {
    const forms: ApplicationForm[] = [
      { kind: 'temporary_residence', address: ADDRESS, from: '2026-12-01', until: '2027-01-01', reason: 'study', host: { full_name: 'A', id_number: '001080000001', relationship: 'relative' } },
      { kind: 'temporary_absence', from: '2026-12-01', until: '2026-12-09', destination: ADDRESS, reason: 'trip' },
      { kind: 'residence_notification', address: ADDRESS, from: '2026-12-01', until: '2026-12-03', host_name: 'B' },
      { kind: 'criminal_record', certificate: 'type1', purpose: 'visa', copies: 2, delivery: ADDRESS },
    ];
    for (const form of forms) {
      const values = formValues(form);
      expect(Object.keys(values).sort()).toEqual(fieldPaths(form.kind).sort());
      expect(buildForm(form.kind, values)).toEqual(form);
    }
  });

  it('knows the four kinds', () => {
    expect(APPLICATION_KINDS).toHaveLength(4);
    expect(isApplicationKind('criminal_record')).toBe(true);
    expect(isApplicationKind('passport')).toBe(false);
  });
});
