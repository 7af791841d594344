// One activity entry as a plain sentence: what was shown or sent, which fields, to whom.
import type { ActivityEntry } from './types';
import type { Formatter } from './errors';
import { list, lowerFirst } from './format';

export function describeActivity(entry: ActivityEntry, fmt: Formatter, lang: string): string {
  const doc = entry.doc_type ? lowerFirst(fmt(`doc_type.${entry.doc_type}`, { default: entry.doc_type })) : fmt('activity.a_document');
  const fields = list(
    entry.fields.map((f) => lowerFirst(fmt(`field.${f}`, { default: f }))),
    lang,
  );
  // The log says "counter" for a counter, or a service's own name.
  const counterpart = !entry.counterpart || entry.counterpart === 'counter' ? fmt('activity.the_counter') : entry.counterpart;
  // `ok` or a reason code; a check that passed reads "genuine".
  const code = entry.action === 'verify' && entry.result === 'ok' ? 'valid' : entry.result;
  const result = fmt(`reason.${code}`, { default: '' }) || fmt(`activity.result.${code}`, { default: code });
  const values = { doc, fields: fields || fmt('activity.no_fields'), counterpart, result };
  // Someone looked at the citizen's data on the portal: what, as a code in `result`; an
  // application's kind in `doc_type`.
  if (entry.action === 'accessed') {
    const kind = entry.doc_type ? lowerFirst(fmt(`kind.${entry.doc_type}`, { default: entry.doc_type })) : '';
    const said = fmt(`activity.accessed.${entry.result}`, { values: { ...values, kind }, default: '' });
    if (said) return said;
  }
  return fmt(`activity.sentence.${entry.action}`, { values, default: '' }) || fmt('activity.sentence.other', { values: { ...values, action: fmt(`action.${entry.action}`, { default: entry.action }) } });
}
