import { describe, expect, it } from 'vitest';
import { ago, day, duration, fieldValue, list, numberGroups, unitFor } from './format';

describe('formatting for people', () => {
  it('shows field dates the local way and other values as they are', () => {
    expect(fieldValue('1990-02-01', 'en')).toBe('1 Feb 1990');
    expect(fieldValue('1990-02-01', 'vi')).toBe('01/02/1990');
    expect(fieldValue('B2, C', 'vi')).toBe('B2, C');
    expect(fieldValue('1990-13-45', 'en')).toBe('1990-13-45');
    expect(fieldValue('2026-02-30', 'vi')).toBe('2026-02-30');
  });

  it('shows days from Unix seconds', () => {
    const t = Date.UTC(2026, 10, 23, 12) / 1000;
    expect(day(t, 'en')).toBe('23 Nov 2026');
    expect(day(t, 'vi')).toBe('23/11/2026');
  });

  it('says how long ago in the largest sensible unit', () => {
    expect(unitFor(59)).toEqual({ value: 59, unit: 'second' });
    expect(unitFor(3 * 3600 + 59)).toEqual({ value: 3, unit: 'hour' });
    expect(ago(3 * 3600, 'en')).toBe('3 hours ago');
    expect(ago(3 * 3600, 'vi')).toBe('3 giờ trước');
    expect(ago(2 * 86400, 'en')).toBe('2 days ago');
  });

  it('rounds waits up', () => {
    expect(duration(1, 'en')).toBe('1 second');
    expect(duration(119, 'en')).toBe('119 seconds');
    expect(duration(119.2, 'en')).toBe('2 minutes');
    expect(duration(121, 'en')).toBe('3 minutes');
    expect(duration(600, 'vi')).toBe('10 phút');
  });

  it('joins lists the way each language does', () => {
    expect(list(['name', 'date of birth', 'insurance number'], 'en')).toBe('name, date of birth and insurance number');
    expect(list(['họ và tên', 'ngày sinh'], 'vi')).toBe('họ và tên và ngày sinh');
  });

  it('groups long document numbers by four, and leaves plates and short numbers whole', () => {
    expect(numberGroups('001099012345')).toEqual(['0010', '9901', '2345']);
    expect(numberGroups('DN4010123456789')).toEqual(['DN40', '1012', '3456', '789']);
    expect(numberGroups('29A-123.45')).toEqual(['29A-123.45']);
    expect(numberGroups('12345678')).toEqual(['12345678']);
  });
});
