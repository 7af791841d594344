// Scene presets for presenting a document: the fields a counter usually needs, so the citizen
// does not have to pick them one by one. The table comes from the Rust facade
// (eid_wallet::presets, exported to src/bindings/presets.json by the IPC contract test), so the
// app offers exactly what the size benchmarks measure. Pure functions, tested in presets.test.ts.
import table from '../bindings/presets.json';

type PresetRow = { name: string; fields: string[]; doc_type: string };

export const PRESETS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries((table as PresetRow[]).map((p) => [p.name, Object.freeze([...p.fields])])),
);

export type PresetName = string;
export const PRESET_NAMES: PresetName[] = (table as PresetRow[]).map((p) => p.name);

/** The fields a preset discloses. */
export function presetFields(name: PresetName): string[] {
  return [...(PRESETS[name] ?? [])];
}

/** The presets a document can serve: those whose every field the document has. */
export function availablePresets(documentFields: readonly string[]): PresetName[] {
  const have = new Set(documentFields);
  return PRESET_NAMES.filter((name) => PRESETS[name].every((f) => have.has(f)));
}

/** The selection after choosing a preset: exactly its fields, in the document's order. */
export function applyPreset(name: PresetName, documentFields: readonly string[]): string[] {
  const wanted = new Set<string>(PRESETS[name] ?? []);
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
