// The one i18n setup (svelte-i18n): both catalogues are bundled (they are small and the app
// works offline), Vietnamese is the default, and the <html lang> follows the chosen language.
import { addMessages, init, locale, _, format } from 'svelte-i18n';
import { get } from 'svelte/store';
import vi from '../i18n/vi.json';
import en from '../i18n/en.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

addMessages('vi', vi);
addMessages('en', en);
init({ fallbackLocale: DEFAULT_LANGUAGE, initialLocale: DEFAULT_LANGUAGE });

/** A supported language code, or the default for anything else. */
export function normalizeLanguage(code: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(code ?? '') ? (code as Language) : DEFAULT_LANGUAGE;
}

/** Switches the catalogue and the document language (screen readers read with the right voice). */
export function setLanguage(code: string | null | undefined): Language {
  const lang = normalizeLanguage(code);
  locale.set(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  return lang;
}

export function currentLanguage(): Language {
  return normalizeLanguage(get(locale));
}

export type Values = Record<string, string | number | null | undefined>;

/** Translates outside components (in .ts modules). */
export function t(key: string, values?: Values): string {
  return get(format)(key, { values });
}

/** Translates a code from a namespace, e.g. label('doc_type', 'driving_licence'); an unknown
 *  code (a newer Rust side) shows the code itself rather than a raw key. */
export function label(namespace: string, code: string): string {
  return get(format)(`${namespace}.${code}`, { default: code });
}

export { _ };
