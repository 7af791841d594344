// Dates, ages and durations in the citizen's language (Intl, no extra library).
import { derived } from 'svelte/store';
import { locale } from 'svelte-i18n';
import { normalizeLanguage, type Language } from './i18n';

const TAGS: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

// Vietnamese readers expect dd/mm/yyyy; in English the month is spelled out ("1 Feb 2026") so
// it cannot be misread as US month-first.
const DAY: Record<Language, Intl.DateTimeFormatOptions> = {
  vi: { day: '2-digit', month: '2-digit', year: 'numeric' },
  en: { dateStyle: 'medium' },
};
const DAY_TIME: Record<Language, Intl.DateTimeFormatOptions> = {
  vi: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  en: { dateStyle: 'medium', timeStyle: 'short' },
};

export function localeTag(lang: string | null | undefined): string {
  return TAGS[normalizeLanguage(lang)];
}

/** A moment (Unix seconds) as date and time: "23 Nov 2026, 14:05" / "14:05 23/11/2026". */
export function dateTime(unixSeconds: number, lang: string): string {
  return new Intl.DateTimeFormat(localeTag(lang), DAY_TIME[normalizeLanguage(lang)]).format(unixSeconds * 1000);
}

/** A day (Unix seconds): "23 Nov 2026" / "23/11/2026". */
export function day(unixSeconds: number, lang: string): string {
  return new Intl.DateTimeFormat(localeTag(lang), DAY[normalizeLanguage(lang)]).format(unixSeconds * 1000);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A field value: "1990-02-01" becomes a local date; any other text is shown as it is. */
export function fieldValue(value: string, lang: string): string {
  const m = ISO_DATE.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 1990-13-45 over into 1991; such a value is shown as it is.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return value;
  return new Intl.DateTimeFormat(localeTag(lang), { ...DAY[normalizeLanguage(lang)], timeZone: 'UTC' }).format(date);
}

/** The largest sensible unit for an age or a wait. */
export function unitFor(seconds: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return { value: s, unit: 'second' };
  if (s < 3600) return { value: Math.floor(s / 60), unit: 'minute' };
  if (s < 86400) return { value: Math.floor(s / 3600), unit: 'hour' };
  return { value: Math.floor(s / 86400), unit: 'day' };
}

/** How long ago, e.g. "3 hours ago" / "3 giờ trước". */
export function ago(seconds: number, lang: string): string {
  const { value, unit } = unitFor(seconds);
  return new Intl.RelativeTimeFormat(localeTag(lang), { numeric: 'auto' }).format(-value, unit);
}

/** A wait, e.g. "45 seconds" / "5 minutes" (rounded up, so the citizen never waits longer). */
export function duration(seconds: number, lang: string): string {
  const s = Math.max(0, Math.ceil(seconds));
  const [value, unit] = s < 120 ? [s, 'second'] : s < 7200 ? [Math.ceil(s / 60), 'minute'] : [Math.ceil(s / 3600), 'hour'];
  return new Intl.NumberFormat(localeTag(lang), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** "name, date of birth and insurance number". */
export function list(items: string[], lang: string): string {
  return new Intl.ListFormat(localeTag(lang), { style: 'long', type: 'conjunction' }).format(items);
}

/** The same helpers bound to the current language, for templates: {$fmt.ago(s)}. */
export const fmt = derived(locale, (l) => {
  const lang = normalizeLanguage(l);
  return {
    lang,
    dateTime: (s: number) => dateTime(s, lang),
    day: (s: number) => day(s, lang),
    fieldValue: (v: string) => fieldValue(v, lang),
    ago: (s: number) => ago(s, lang),
    duration: (s: number) => duration(s, lang),
    list: (items: string[]) => list(items, lang),
  };
});

/** "Health insurance card" -> "health insurance card" inside a sentence; "ID number" stays. */
export function lowerFirst(text: string): string {
  if (text.length < 2 || text[1] !== text[1].toLocaleLowerCase()) return text;
  return text[0].toLocaleLowerCase() + text.slice(1);
}

/** Now, in Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * A long document number in groups of four (`0010 9901 2345`), to be shown with a break allowed
 * only between groups: read in groups, and never cut inside one at large text sizes. Numbers
 * with their own punctuation (a plate such as `29A-123.45`) and short ones stay whole.
 */
export function numberGroups(number: string): string[] {
  if (number.length <= 8 || !/^[A-Za-z0-9]+$/.test(number)) return [number];
  return number.match(/.{1,4}/g) ?? [number];
}
