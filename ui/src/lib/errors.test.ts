import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { errorKey, errorText } from './errors';
import { setLanguage } from './i18n';
import type { IpcError } from './types';

function err(code: string, extra: Partial<IpcError> = {}): IpcError {
  return { code, message: 'internal detail', wait_seconds: null, remaining: null, fields: [], ...extra };
}

const text = (e: unknown) => get(errorText)(e);

describe('error messages', () => {
  it('maps a code to its catalogue key', () => {
    expect(errorKey('network')).toBe('error.network');
  });

  it('explains no connection plainly', () => {
    expect(text(err('network'))).toBe(
      'No connection to the service. Try again when you are online.',
    );
  });

  it('says what the fields are told, once each (a registration the registry refuses)', () => {
    const fields = ['id_number', 'full_name', 'date_of_birth'].map((field) => ({
      field,
      code: 'registry_mismatch',
      message: 'does not match',
    }));
    const said = text(err('invalid_fields', { fields }));
    expect(said).toContain('This does not match the population registry.');
    expect(said.split('population registry').length).toBe(2);
  });

  it('fills in the tries left after a wrong PIN, with plurals', () => {
    expect(text(err('wrong_pin', { remaining: 3 }))).toBe('Wrong PIN. 3 tries left.');
    expect(text(err('wrong_pin', { remaining: 1 }))).toBe('Wrong PIN. 1 try left.');
  });

  it('fills in the wait while throttled, in seconds or minutes', () => {
    expect(text(err('pin_throttled', { wait_seconds: 30 }))).toBe('Too many wrong PINs. Please wait 30 seconds and try again.');
    expect(text(err('pin_throttled', { wait_seconds: 290 }))).toBe('Too many wrong PINs. Please wait 5 minutes and try again.');
  });

  it('speaks Vietnamese when the language is Vietnamese', () => {
    setLanguage('vi');
    expect(text(err('wrong_pin', { remaining: 2 }))).toBe('Mã PIN không đúng. Bạn còn 2 lần thử.');
    expect(text(err('pin_throttled', { wait_seconds: 45 }))).toBe('Nhập sai mã PIN quá nhiều lần. Vui lòng chờ 45 giây rồi thử lại.');
  });

  it('never shows the internal message, and explains unknown codes generally', () => {
    expect(text(err('something_new'))).toBe('Something went wrong. Please try again.');
    expect(text(err('locked'))).not.toContain('internal detail');
  });

  it('explains things that are not IpcErrors', () => {
    expect(text(new Error('boom'))).toBe('Something went wrong. Please try again.');
    expect(text('plain string')).toBe('Something went wrong. Please try again.');
  });
});
