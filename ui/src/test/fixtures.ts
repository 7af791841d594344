// Sample data in the shapes the Rust side returns.
import type { AppStatus, DocumentCard, DocumentDetail, PresentationQr, Settings, StationStatus, VerifyResult } from '../lib/types';

export const NOW = 1_800_000_000; // Unix seconds, for tests with a fixed clock

export function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    role: 'citizen',
    exists: true,
    unlocked: true,
    registered: true,
    level: 1,
    level2_requested: false,
    document_count: 0,
    portal_url: 'http://127.0.0.1:8080',
    last_sync_at: null,
    keystore: 'secret_service',
    keystore_survives_reboot: true,
    incoming_move_at: null,
    outgoing_move_at: null,
    ...over,
  };
}

export function settings(over: Partial<Settings> = {}): Settings {
  return { language: 'en', text_scale: 100, auto_lock_seconds: 120, biometric: false, ...over };
}

/** A 1×1 picture as a data: URL, standing in for a portrait. */
export const PHOTO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const CARDS: DocumentCard[] = [
  { id: 'doc-id', doc_type: 'citizen_id_card', holder_name: 'Nguyễn Thị Lan', number: '001190012345', expires_at: NOW + 86400 * 1825, valid_until: null, open_ended: true, needs_rebinding: false },
  { id: 'doc-hi', doc_type: 'health_insurance', holder_name: 'Nguyễn Thị Lan', number: 'HS4010123456789', expires_at: NOW + 86400 * 1825, valid_until: '2027-12-31', open_ended: false, needs_rebinding: false },
];

export function healthInsurance(over: Partial<DocumentDetail> = {}): DocumentDetail {
  return {
    id: 'doc-hi',
    doc_type: 'health_insurance',
    fields: [
      { name: 'insurance_number', value: 'HS4010123456789', kind: 'text' },
      { name: 'full_name', value: 'Nguyễn Thị Lan', kind: 'text' },
      { name: 'date_of_birth', value: '1990-02-01', kind: 'date' },
      { name: 'sex', value: 'female', kind: 'sex' },
      { name: 'benefit_level', value: '4', kind: 'text' },
      { name: 'registered_clinic', value: 'Bệnh viện Bạch Mai', kind: 'text' },
      { name: 'valid_from', value: '2026-01-01', kind: 'date' },
      { name: 'valid_until', value: '2026-12-31', kind: 'date' },
      { name: 'portrait', value: PHOTO, kind: 'portrait' },
      { name: 'counter_portrait', value: PHOTO, kind: 'counter_portrait' },
      { name: 'age_over_18', value: 'true', kind: 'bool' },
      { name: 'age_over_60', value: 'false', kind: 'bool' },
    ],
    not_before: NOW - 86400,
    expires_at: NOW + 86400 * 365,
    needs_rebinding: false,
    revocation: { state: 'good', list_issued_at: NOW - 3 * 3600 },
    ...over,
  };
}

export function presentation(n: number, presentedAt: number): PresentationQr {
  return { text: `EP1:QR${n}`, svg: `<svg viewBox="0 0 10 10" data-n="${n}"><rect width="10" height="10"/></svg>`, presented_at: presentedAt, valid_until: presentedAt + 60 };
}

export function verified(over: Partial<VerifyResult> = {}): VerifyResult {
  return {
    valid: true,
    reason: null,
    doc_type: 'health_insurance',
    issuer_name: 'Bảo hiểm xã hội Việt Nam',
    fields: [
      { name: 'full_name', value: 'Nguyễn Thị Lan', kind: 'text' },
      { name: 'date_of_birth', value: '1990-02-01', kind: 'date' },
    ],
    portrait: PHOTO,
    presented_at: Math.floor(Date.now() / 1000) - 5,
    revocation_age_seconds: 7200,
    binding: 'device',
    ...over,
  };
}

/** A station that pinned its root an hour ago and fetched the lists a minute ago. */
export function stationStatus(over: Partial<StationStatus> = {}): StationStatus {
  const now = Math.floor(Date.now() / 1000);
  return {
    pinned: true,
    anchor_groups: '3f2a 9c01 d4e7 b860',
    pinned_at: now - 3600,
    fetched_at: now - 60,
    status_issued_at: now - 60,
    status_age_seconds: 60,
    max_status_age_seconds: 24 * 3600,
    status_too_old: false,
    refresh_every_seconds: 900,
    ...over,
  };
}
