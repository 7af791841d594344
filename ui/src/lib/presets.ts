// Scene presets for presenting a document: the fields a counter usually needs, so the citizen
// does not have to pick them one by one. Pure functions, tested in presets.test.ts.

export const PRESETS = {
  clinic: ['full_name', 'date_of_birth', 'insurance_number', 'valid_until'],
  hotel: ['full_name', 'id_number', 'date_of_birth', 'place_of_residence'],
  traffic: ['full_name', 'licence_number', 'categories', 'expiry_date'],
  age: ['date_of_birth'],
} as const satisfies Record<string, readonly string[]>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The fields a preset discloses. */
export function presetFields(name: PresetName): string[] {
  return [...PRESETS[name]];
}

/** The presets a document can serve: those whose every field the document has. */
export function availablePresets(documentFields: readonly string[]): PresetName[] {
  const have = new Set(documentFields);
  return PRESET_NAMES.filter((name) => PRESETS[name].every((f) => have.has(f)));
}

/** The selection after choosing a preset: exactly its fields, in the document's order. */
export function applyPreset(name: PresetName, documentFields: readonly string[]): string[] {
  const wanted = new Set<string>(PRESETS[name]);
  return documentFields.filter((f) => wanted.has(f));
}

/** The preset that matches a selection exactly, if any (to show it as chosen). */
export function matchingPreset(selected: readonly string[], documentFields: readonly string[]): PresetName | null {
  const chosen = new Set(selected);
  for (const name of availablePresets(documentFields)) {
    const fields = PRESETS[name];
    if (fields.length === chosen.size && fields.every((f) => chosen.has(f))) return name;
  }
  return null;
}
