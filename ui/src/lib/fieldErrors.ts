// Field problems from validate_form / submit_application, grouped by field path so each input
// shows its own, and the ones that belong to no visible input shown above the form.
import type { FieldProblem } from './types';

/** Field path -> its problem codes, in the order Rust reported them, without repeats. */
export function problemsByField(problems: readonly FieldProblem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const codes = (out[p.field] ??= []);
    if (!codes.includes(p.code)) codes.push(p.code);
  }
  return out;
}

/** Problems about fields the screen does not show (e.g. the account level): shown as a list. */
export function otherProblems(problems: readonly FieldProblem[], shownPaths: readonly string[]): FieldProblem[] {
  const shown = new Set(shownPaths);
  return problems.filter((p) => !shown.has(p.field));
}

/** The catalogue key that explains a field problem code. */
export function fieldErrorKey(code: string): string {
  return `field_error.${code}`;
}

/** The input's DOM id for a field path (also the target of the error's aria-describedby). */
export function inputId(path: string): string {
  return `form-input-${path.replace(/[^a-z0-9_]/gi, '-')}`;
}
