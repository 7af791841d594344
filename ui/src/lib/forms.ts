// The four application forms as flat field lists (path -> text) for the form screen, and the
// conversion both ways between those texts and the typed ApplicationForm that Rust validates.
import type { Address, ApplicationForm, ApplicationKind, CertificateType } from './types';

export const APPLICATION_KINDS: ApplicationKind[] = [
  'temporary_residence',
  'temporary_absence',
  'residence_notification',
  'criminal_record',
];

export type InputKind = 'text' | 'date' | 'number' | 'certificate';

export interface FieldSpec {
  /** The field's path as Rust reports it in FieldProblem.field, e.g. "host.id_number". */
  path: string;
  input: InputKind;
  /** Catalogue key of the visible label. */
  label: string;
}

export interface Section {
  /** Catalogue key of the fieldset legend, or null for loose fields. */
  legend: string | null;
  fields: FieldSpec[];
}

export type FormValues = Record<string, string>;

export const CERTIFICATE_TYPES: CertificateType[] = ['type1', 'type2'];

function addressSection(prefix: 'address' | 'destination' | 'delivery'): Section {
  return {
    legend: `form.group.${prefix}`,
    fields: (['line', 'ward', 'district', 'province'] as const).map((part) => ({
      path: `${prefix}.${part}`,
      input: 'text' as const,
      label: `form.label.${part}`,
    })),
  };
}

const period: Section = {
  legend: 'form.group.period',
  fields: [
    { path: 'from', input: 'date', label: 'form.label.from' },
    { path: 'until', input: 'date', label: 'form.label.until' },
  ],
};

export const FORM_SECTIONS: Record<ApplicationKind, Section[]> = {
  temporary_residence: [
    addressSection('address'),
    period,
    { legend: null, fields: [{ path: 'reason', input: 'text', label: 'form.label.reason' }] },
    {
      legend: 'form.group.host',
      fields: [
        { path: 'host.full_name', input: 'text', label: 'form.label.host_full_name' },
        { path: 'host.id_number', input: 'text', label: 'form.label.host_id_number' },
        { path: 'host.relationship', input: 'text', label: 'form.label.host_relationship' },
      ],
    },
  ],
  temporary_absence: [
    period,
    addressSection('destination'),
    { legend: null, fields: [{ path: 'reason', input: 'text', label: 'form.label.reason' }] },
  ],
  residence_notification: [
    addressSection('address'),
    period,
    { legend: null, fields: [{ path: 'host_name', input: 'text', label: 'form.label.host_name' }] },
  ],
  criminal_record: [
    {
      legend: null,
      fields: [
        { path: 'certificate', input: 'certificate', label: 'form.label.certificate' },
        { path: 'purpose', input: 'text', label: 'form.label.purpose' },
        { path: 'copies', input: 'number', label: 'form.label.copies' },
      ],
    },
    addressSection('delivery'),
  ],
};

/** Every field path of a kind, in screen order. */
export function fieldPaths(kind: ApplicationKind): string[] {
  return FORM_SECTIONS[kind].flatMap((s) => s.fields.map((f) => f.path));
}

/** A new, empty form's texts (one copy, type 1 certificate). */
export function emptyValues(kind: ApplicationKind): FormValues {
  const values: FormValues = {};
  for (const path of fieldPaths(kind)) values[path] = '';
  if (kind === 'criminal_record') {
    values.certificate = 'type1';
    values.copies = '1';
  }
  return values;
}

function address(values: FormValues, prefix: string): Address {
  const get = (part: string) => (values[`${prefix}.${part}`] ?? '').trim();
  return { line: get('line'), ward: get('ward'), district: get('district'), province: get('province') };
}

/** Parses "3" -> 3; anything that is not a whole number -> 0, which Rust reports as out_of_range. */
export function parseCopies(text: string): number {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : 0;
}

/** The typed form from the screen's texts. Text is trimmed; Rust does the validation. */
export function buildForm(kind: ApplicationKind, values: FormValues): ApplicationForm {
  const text = (path: string) => (values[path] ?? '').trim();
  switch (kind) {
    case 'temporary_residence':
      return {
        kind,
        address: address(values, 'address'),
        from: text('from'),
        until: text('until'),
        reason: text('reason'),
        host: {
          full_name: text('host.full_name'),
          id_number: text('host.id_number'),
          relationship: text('host.relationship'),
        },
      };
    case 'temporary_absence':
      return {
        kind,
        from: text('from'),
        until: text('until'),
        destination: address(values, 'destination'),
        reason: text('reason'),
      };
    case 'residence_notification':
      return {
        kind,
        address: address(values, 'address'),
        from: text('from'),
        until: text('until'),
        host_name: text('host_name'),
      };
    case 'criminal_record':
      return {
        kind,
        certificate: text('certificate') === 'type2' ? 'type2' : 'type1',
        purpose: text('purpose'),
        copies: parseCopies(text('copies')),
        delivery: address(values, 'delivery'),
      };
  }
}

function flattenAddress(out: FormValues, prefix: string, a: Address) {
  out[`${prefix}.line`] = a.line;
  out[`${prefix}.ward`] = a.ward;
  out[`${prefix}.district`] = a.district;
  out[`${prefix}.province`] = a.province;
}

/** The screen's texts from a typed form (opening a saved draft). */
export function formValues(form: ApplicationForm): FormValues {
  const out: FormValues = {};
  switch (form.kind) {
    case 'temporary_residence':
      flattenAddress(out, 'address', form.address);
      Object.assign(out, { from: form.from, until: form.until, reason: form.reason });
      out['host.full_name'] = form.host.full_name;
      out['host.id_number'] = form.host.id_number;
      out['host.relationship'] = form.host.relationship;
      break;
    case 'temporary_absence':
      Object.assign(out, { from: form.from, until: form.until, reason: form.reason });
      flattenAddress(out, 'destination', form.destination);
      break;
    case 'residence_notification':
      flattenAddress(out, 'address', form.address);
      Object.assign(out, { from: form.from, until: form.until, host_name: form.host_name });
      break;
    case 'criminal_record':
      Object.assign(out, { certificate: form.certificate, purpose: form.purpose, copies: String(form.copies) });
      flattenAddress(out, 'delivery', form.delivery);
      break;
  }
  return out;
}

export function isApplicationKind(kind: string): kind is ApplicationKind {
  return (APPLICATION_KINDS as string[]).includes(kind);
}
