// The citizen's settings as the app applies them: language, root font size, auto-lock.
import type { Settings } from './types';
import { setLanguage, normalizeLanguage } from './i18n';

export const TEXT_SCALES = [100, 125, 150, 175, 200] as const;
export const AUTO_LOCK_CHOICES = [60, 120, 300, 600] as const;
/** Backups need a passphrase at least this long (Rust refuses shorter ones too). */
export const MIN_PASSPHRASE = 12;

export const DEFAULT_SETTINGS: Settings = {
  language: 'vi',
  text_scale: 100,
  auto_lock_seconds: 120,
  biometric: false,
};

export const prefs = $state<{ settings: Settings }>({ settings: { ...DEFAULT_SETTINGS } });

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return 100;
  return Math.min(200, Math.max(100, Math.round(scale)));
}

/** Applies settings to the page: catalogue, <html lang>, root font size (all sizes are rem). */
export function applySettings(s: Settings): void {
  const language = setLanguage(s.language);
  const text_scale = clampScale(s.text_scale);
  if (typeof document !== 'undefined') document.documentElement.style.fontSize = `${text_scale}%`;
  prefs.settings = { ...s, language: normalizeLanguage(language), text_scale };
}
