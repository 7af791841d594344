import { describe, expect, it } from 'vitest';
import { applyPreset, availablePresets, matchingPreset, presetFields, PRESETS } from './presets';

const HEALTH = ['insurance_number', 'full_name', 'date_of_birth', 'sex', 'benefit_level', 'registered_clinic', 'valid_from', 'valid_until', 'portrait', 'counter_portrait', 'age_over_18', 'age_over_60'];
const ID_CARD = ['id_number', 'full_name', 'date_of_birth', 'sex', 'nationality', 'place_of_origin', 'place_of_residence', 'issue_date', 'expiry_date', 'portrait', 'counter_portrait', 'age_over_18', 'age_over_60'];
const OLD_ID_CARD = ['id_number', 'full_name', 'date_of_birth', 'sex', 'nationality', 'place_of_origin', 'place_of_residence', 'issue_date', 'expiry_date'];
const LICENCE = ['licence_number', 'full_name', 'date_of_birth', 'categories', 'issue_date', 'expiry_date', 'issuing_authority'];
const VEHICLE = ['plate_number', 'owner_name', 'owner_address', 'make', 'model', 'chassis_number', 'engine_number', 'registration_date'];

describe('presets (from the Rust table)', () => {
  it('hold the fields each scene asks for, the counter portrait first', () => {
    expect(presetFields('clinic')).toEqual(['counter_portrait', 'full_name', 'date_of_birth', 'insurance_number', 'valid_until']);
    expect(presetFields('hotel')).toEqual(['counter_portrait', 'full_name', 'id_number', 'date_of_birth', 'place_of_residence']);
    expect(presetFields('traffic')).toEqual(['full_name', 'licence_number', 'categories', 'expiry_date']);
    expect(presetFields('age')).toEqual(['counter_portrait', 'age_over_18']);
    expect(presetFields('senior')).toEqual(['counter_portrait', 'age_over_60']);
  });

  it('never show the birth date to prove an age', () => {
    expect(presetFields('age')).not.toContain('date_of_birth');
    expect(presetFields('senior')).not.toContain('date_of_birth');
  });

  it('returns a copy, so callers cannot change a preset', () => {
    const fields = presetFields('age');
    fields.push('sex');
    expect(PRESETS.age).toEqual(['counter_portrait', 'age_over_18']);
  });

  it('offers only presets whose every field the document has', () => {
    expect(availablePresets(HEALTH)).toEqual(['clinic', 'age', 'senior']);
    expect(availablePresets(ID_CARD)).toEqual(['hotel', 'age', 'senior']);
    expect(availablePresets(OLD_ID_CARD)).toEqual([]);
    expect(availablePresets(LICENCE)).toEqual(['traffic']);
    expect(availablePresets(VEHICLE)).toEqual([]);
  });

  it('selects exactly the preset fields in the document order', () => {
    expect(applyPreset('clinic', HEALTH)).toEqual(['insurance_number', 'full_name', 'date_of_birth', 'valid_until', 'counter_portrait']);
    expect(applyPreset('age', ID_CARD)).toEqual(['counter_portrait', 'age_over_18']);
  });

  it('recognises a selection that equals a preset, in any order', () => {
    expect(matchingPreset(['date_of_birth', 'full_name', 'id_number', 'place_of_residence', 'counter_portrait'], ID_CARD)).toBe('hotel');
    expect(matchingPreset(['age_over_18', 'counter_portrait'], ID_CARD)).toBe('age');
    expect(matchingPreset(['date_of_birth', 'sex'], ID_CARD)).toBeNull();
    expect(matchingPreset([], ID_CARD)).toBeNull();
  });
});
