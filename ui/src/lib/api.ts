// Every call into the Rust side goes through this module, typed by the generated bindings, so
// screens never call `invoke` themselves and tests can replace this one module.
import { invoke } from '@tauri-apps/api/core';
import type {
  AboutInfo,
  ActivityEntry,
  AppStatus,
  ApplicationForm,
  DocumentCard,
  DocumentDetail,
  DraftItem,
  FieldProblem,
  IdCard,
  IpcError,
  PresentationQr,
  RegisterInput,
  Role,
  Settings,
  ShareAsk,
  StationLogEntry,
  StationSettings,
  StationStatus,
  Submission,
  Submitted,
  SyncResult,
  TrustOffer,
  VerifyResult,
} from './types';

/** Gray camera frame: one byte per pixel, row after row. */
export interface GrayFrame {
  pixels: Uint8Array;
  width: number;
  height: number;
}

let onLocked: () => void = () => {};

/** Called whenever a command fails because the wallet is locked (the app shows Unlock). */
export function setLockedHandler(handler: () => void): void {
  onLocked = handler;
}

/** Whether a rejection value has the IpcError shape. */
export function isIpcError(e: unknown): e is IpcError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Turns anything thrown into an IpcError, so the one error helper can always explain it. */
export function toIpcError(e: unknown): IpcError {
  if (isIpcError(e)) {
    return {
      code: e.code,
      message: e.message ?? '',
      wait_seconds: e.wait_seconds ?? null,
      remaining: e.remaining ?? null,
      fields: e.fields ?? [],
    };
  }
  return { code: 'unexpected', message: String(e), wait_seconds: null, remaining: null, fields: [] };
}

async function call<T>(command: string, args?: Parameters<typeof invoke>[1], options?: Parameters<typeof invoke>[2]): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (e) {
    const err = toIpcError(e);
    if (err.code === 'locked') onLocked();
    throw err;
  }
}

function frameHeaders(frame: GrayFrame) {
  return { headers: { 'x-width': String(frame.width), 'x-height': String(frame.height) } };
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  getSettings: () => call<Settings>('get_settings'),
  saveSettings: (settings: Settings) => call<Settings>('save_settings', { settings }),

  createWallet: (pin: string) => call<AppStatus>('create_wallet', { pin }),
  unlock: (pin: string) => call<AppStatus>('unlock', { pin }),
  lock: () => call<null>('lock'),
  changePin: (old: string, next: string) => call<null>('change_pin', { old, new: next }),

  readIdCard: (text: string) => call<IdCard>('read_id_card', { text }),
  scanImage: (bytes: Uint8Array) => call<string[]>('scan_image', bytes),
  scanFrame: (frame: GrayFrame) => call<string[]>('scan_frame', frame.pixels, frameHeaders(frame)),

  register: (input: RegisterInput) => call<string>('register', { input }),
  verifyCode: (registrationId: string, code: string) => call<AppStatus>('verify_code', { registrationId, code }),
  requestLevel2: () => call<AppStatus>('request_level2'),
  cancelMove: () => call<AppStatus>('cancel_move'),
  sync: () => call<SyncResult>('sync'),
  retryNow: () => call<SyncResult>('retry_now'),

  documents: () => call<DocumentCard[]>('documents'),
  document: (id: string) => call<DocumentDetail>('document', { id }),
  present: (id: string, fields: string[], audience: string | null = null) =>
    call<PresentationQr>('present', { id, fields, audience }),

  verifyText: (text: string) => call<VerifyResult>('verify_text', { text }),
  verifyImage: (bytes: Uint8Array) => call<VerifyResult>('verify_image', bytes),
  verifyFrame: (frame: GrayFrame) => call<VerifyResult | null>('verify_frame', frame.pixels, frameHeaders(frame)),

  readShareRequest: (text: string) => call<ShareAsk>('read_share_request', { text }),
  share: (text: string, documentId: string, fields: string[]) => call<null>('share', { text, documentId, fields }),

  validateForm: (form: ApplicationForm) => call<FieldProblem[]>('validate_form', { form }),
  saveDraft: (id: string | null, form: ApplicationForm) => call<string>('save_draft', { id, form }),
  drafts: () => call<DraftItem[]>('drafts'),
  deleteDraft: (id: string) => call<null>('delete_draft', { id }),
  submitApplication: (form: ApplicationForm, draftId: string | null) =>
    call<Submitted>('submit_application', { form, draftId }),
  submissions: () => call<Submission[]>('submissions'),

  activity: (limit: number) => call<ActivityEntry[]>('activity', { limit }),
  exportActivity: () => call<string>('export_activity'),

  backup: (pin: string, passphrase: string) => call<string>('backup', { pin, passphrase }),
  revocationCode: (pin: string) => call<string | null>('revocation_code', { pin }),
  firstRevocationCode: () => call<string | null>('first_revocation_code'),
  chooseBackup: (bytes: Uint8Array) => call<number>('choose_backup', bytes),
  restore: (passphrase: string, pin: string) => call<AppStatus>('restore', { passphrase, pin }),
  reset: (pin: string | null) => call<AppStatus>('reset', { pin }),
  about: () => call<AboutInfo>('about'),

  // The counter station: no wallet, no PIN.
  chooseRole: (role: Role) => call<AppStatus>('choose_role', { role }),
  stationStatus: () => call<StationStatus>('station_status'),
  stationFetchTrust: () => call<TrustOffer>('station_fetch_trust'),
  stationPinTrust: (anchor: string) => call<StationStatus>('station_pin_trust', { anchor }),
  stationRefresh: () => call<StationStatus>('station_refresh'),
  stationVerifyText: (text: string) => call<VerifyResult>('station_verify_text', { text }),
  stationVerifyImage: (bytes: Uint8Array) => call<VerifyResult>('station_verify_image', bytes),
  stationVerifyFrame: (frame: GrayFrame) =>
    call<VerifyResult | null>('station_verify_frame', frame.pixels, frameHeaders(frame)),
  stationLog: (limit: number) => call<StationLogEntry[]>('station_log', { limit }),
  stationSettings: () => call<StationSettings>('station_settings'),
  stationSaveSettings: (settings: StationSettings) => call<StationSettings>('station_save_settings', { settings }),
};

export type Api = typeof api;
