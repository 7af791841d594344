import { describe, expect, it } from 'vitest';
import { fieldErrorKey, inputId, otherProblems, problemsByField } from './fieldErrors';

describe('field problems', () => {
  const problems = [
    { field: 'host.id_number', code: 'not_an_id_number' },
    { field: 'from', code: 'not_a_date' },
    { field: 'from', code: 'in_the_past' },
    { field: 'from', code: 'not_a_date' },
    { field: 'level', code: 'required' },
  ];

  it('groups codes per field without repeats, in Rust’s order', () => {
    expect(problemsByField(problems)).toEqual({
      'host.id_number': ['not_an_id_number'],
      from: ['not_a_date', 'in_the_past'],
      level: ['required'],
    });
  });

  it('keeps the problems no input shows', () => {
    expect(otherProblems(problems, ['host.id_number', 'from'])).toEqual([{ field: 'level', code: 'required' }]);
  });

  it('names the catalogue key and a safe DOM id', () => {
    expect(fieldErrorKey('too_long')).toBe('field_error.too_long');
    expect(inputId('host.id_number')).toBe('form-input-host-id_number');
  });
});
