// The one way an error reaches the screen: IpcError.code -> a plain, translated sentence, with
// the wait and the remaining tries filled in. Unknown codes fall back to a general sentence.
import { derived } from 'svelte/store';
import { format, locale } from 'svelte-i18n';
import { toIpcError } from './api';
import { duration } from './format';
import { normalizeLanguage } from './i18n';

export type Formatter = (id: string, options?: { values?: Record<string, string | number>; default?: string }) => string;

/** The catalogue key for an error code. */
export function errorKey(code: string): string {
  return `error.${code}`;
}

/** A translated sentence for anything thrown by the api module. */
export function errorMessageWith(fmt: Formatter, lang: string, error: unknown): string {
  const e = toIpcError(error);
  const values: Record<string, string | number> = {
    remaining: e.remaining ?? 0,
    wait_seconds: e.wait_seconds ?? 0,
    wait: duration(e.wait_seconds ?? 0, lang),
  };
  const text = fmt(errorKey(e.code), { values, default: '' });
  const general = text || fmt(errorKey('unexpected'), { values });
  // Field problems said in words too, once each, for screens that do not show them beside
  // their inputs (registration: "this does not match the population registry").
  const said = [...new Set((e.fields ?? []).map((f) => f.code))]
    .map((code) => fmt(`field_error.${code}`, { default: '' }))
    .filter((t) => t);
  return said.length ? [general, ...said].join(' ') : general;
}

/** For templates: {$errorText(error)} follows the language. */
export const errorText = derived([format, locale], ([f, l]) => (error: unknown) =>
  errorMessageWith(f as Formatter, normalizeLanguage(l), error),
);
