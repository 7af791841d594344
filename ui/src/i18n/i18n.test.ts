// The catalogues are complete and the screens hard-code no visible text:
// - both languages have the same keys, none empty, with the same placeholders, all valid ICU;
// - every code the Rust side can send (src/bindings/catalogue.json, generated) is translated;
// - no .svelte file has letters in a text node or in a static aria-label/title/placeholder/alt/label;
// - every key written literally in the code exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_TYPES, FORM_SECTIONS } from '../lib/forms';
import { PRESET_NAMES } from '../lib/presets';
import en from './en.json';
import vi from './vi.json';

// Vitest runs from ui/ (where vite.config.ts is).
const SRC = join(process.cwd(), 'src');
const CATALOGUE_JSON = join(SRC, 'bindings', 'catalogue.json');

type Tree = { [key: string]: Tree | string };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const CATALOGUES = { en: flatten(en as Tree), vi: flatten(vi as Tree) };
const LANGS = ['en', 'vi'] as const;

function missing(keys: string[]): string[] {
  return LANGS.flatMap((lang) => keys.filter((k) => !(k in CATALOGUES[lang])).map((k) => `${lang}: ${k}`));
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' || name === 'node_modules' ? [] : files(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

interface IcuElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: IcuElement[] }>;
}

/** Argument names used by an ICU message, e.g. {count, plural, ...} -> count (from its AST). */
function argumentsOf(message: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (elements: IcuElement[]) => {
    for (const el of elements) {
      // 0 literal, 7 pound (#), 8 tag: no argument; the rest name one in `value`.
      if (![0, 7, 8].includes(el.type) && typeof el.value === 'string') names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, lang).getAst() as IcuElement[]);
  return [...names].sort();
}

describe('catalogues', () => {
  it('have the same keys in both languages', () => {
    const onlyEn = Object.keys(CATALOGUES.en).filter((k) => !(k in CATALOGUES.vi));
    const onlyVi = Object.keys(CATALOGUES.vi).filter((k) => !(k in CATALOGUES.en));
    expect(onlyEn, 'keys missing in vi.json').toEqual([]);
    expect(onlyVi, 'keys missing in en.json').toEqual([]);
    expect(Object.keys(CATALOGUES.en).length).toBeGreaterThan(300);
  });

  it('have no empty values', () => {
    for (const lang of LANGS) {
      const empty = Object.entries(CATALOGUES[lang]).filter(([, v]) => v.trim() === '');
      expect(empty, `${lang}.json`).toEqual([]);
    }
  });

  it('are valid ICU messages with the same placeholders in both languages', () => {
    const problems: string[] = [];
    for (const [key, enText] of Object.entries(CATALOGUES.en)) {
      const viText = CATALOGUES.vi[key];
      try {
        if (argumentsOf(enText, 'en').join() !== argumentsOf(viText, 'vi').join()) problems.push(`placeholders differ: ${key}`);
      } catch (e) {
        problems.push(`not ICU: ${key}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('are real Vietnamese, not copies of the English', () => {
    const diacritics = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
    const values = Object.entries(CATALOGUES.vi).filter(([k]) => !k.startsWith('language.'));
    const withMarks = values.filter(([, v]) => diacritics.test(v)).length;
    expect(withMarks / values.length).toBeGreaterThan(0.9);
    const words = (v: string) => v.replace(/\{[^{}]*\}/g, '');
    const same = values.filter(([k, v]) => v === CATALOGUES.en[k] && /\p{L}{3,}/u.test(words(v))).map(([k]) => k);
    expect(same).toEqual([]);
    expect(CATALOGUES.vi['nav.home']).toBe('Giấy tờ');
    expect(CATALOGUES.vi['nav.scan']).toBe('Quét mã');
    expect(CATALOGUES.vi['nav.applications']).toBe('Thủ tục');
    expect(CATALOGUES.vi['nav.activity']).toBe('Lịch sử');
    expect(CATALOGUES.vi['nav.settings']).toBe('Cài đặt');
  });
});

describe('codes from the Rust side (src/bindings/catalogue.json)', () => {
  const NAMESPACES: Record<string, string> = {
    doc_types: 'doc_type',
    field_names: 'field',
    error_codes: 'error',
    verify_reasons: 'reason',
    field_error_codes: 'field_error',
    submission_states: 'state',
    application_kinds: 'kind',
    activity_actions: 'action',
  };

  it('exists (generated by the Rust side)', () => {
    expect(existsSync(CATALOGUE_JSON), `${CATALOGUE_JSON} is generated by the Rust side (ts-rs)`).toBe(true);
  });

  it('are all translated in both languages', () => {
    const catalogue = JSON.parse(readFileSync(CATALOGUE_JSON, 'utf8')) as Record<string, string[]>;
    const sections = Object.keys(catalogue);
    expect(sections.filter((s) => !(s in NAMESPACES)), 'catalogue sections this test does not know').toEqual([]);
    for (const section of Object.keys(NAMESPACES)) expect(catalogue[section], section).not.toHaveLength(0);
    const keys = sections.flatMap((s) => catalogue[s].map((code) => `${NAMESPACES[s]}.${code}`));
    // A red verdict at the counter also says what to do next.
    const nextSteps = catalogue.verify_reasons.map((code) => `reason_next.${code}`);
    expect(missing([...keys, ...nextSteps])).toEqual([]);
  });
});

describe('keys the code builds from its own lists', () => {
  it('exist for form labels, legends, certificate types, presets, revocation states and sexes', () => {
    const keys = [
      ...Object.values(FORM_SECTIONS).flatMap((sections) =>
        sections.flatMap((s) => [...(s.legend ? [s.legend] : []), ...s.fields.map((f) => f.label)]),
      ),
      ...CERTIFICATE_TYPES.map((t) => `form.certificate.${t}`),
      ...PRESET_NAMES.map((p) => `preset.${p}`),
      ...['good', 'revoked', 'unknown'].map((s) => `revocation.${s}`),
      ...['male', 'female'].map((s) => `sex.${s}`),
      ...['1', '2', '3', '4', '5'].map((l) => `benefit.${l}`),
      ...['ok', 'valid'].map((r) => `activity.result.${r}`),
      ...['opened_upgrade', 'opened_application', 'looked_up_account', 'received_share'].map((r) => `activity.accessed.${r}`),
      'reason.unknown',
      'field_error.other',
    ];
    expect(missing(keys)).toEqual([]);
  });

  it('exist for every key written literally in the source', () => {
    const namespaces = new Set(Object.keys(en));
    const sources = [...files(SRC, '.svelte'), ...files(SRC, '.ts').filter((f) => !f.endsWith('.test.ts') && !f.includes('/test/'))];
    const used = new Map<string, string>();
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\$_|\bt)\(\s*['"]([^'"]+)['"]/g)) used.set(m[1], relative(SRC, file));
      for (const m of text.matchAll(/['"]([a-z_]+(?:\.[a-z0-9_]+)+)['"]/g)) {
        if (namespaces.has(m[1].split('.')[0])) used.set(m[1], relative(SRC, file));
      }
    }
    expect(used.size).toBeGreaterThan(150);
    const absent = missing([...used.keys()]).map((k) => `${k} (${used.get(k.split(': ')[1])})`);
    expect(absent).toEqual([]);
  });
});

describe('no hard-coded visible text in .svelte files', () => {
  const CHECKED_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-valuetext']);
  const LETTER = /\p{L}/u;

  interface Node {
    type?: string;
    [key: string]: unknown;
  }

  function offences(source: string): string[] {
    const root = parse(source, { modern: true });
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(walk);
      const n = node as Node;
      if (n.type === 'Text' && LETTER.test(String(n.data))) found.push(`text "${String(n.data).trim()}"`);
      if (n.type === 'Attribute' || /Directive$/.test(String(n.type))) {
        // Attribute values are Text nodes too, but only these attributes are read out or shown;
        // a value's {expressions} hold no markup, so there is nothing further down to check.
        if (n.type === 'Attribute' && CHECKED_ATTRIBUTES.has(String(n.name)) && Array.isArray(n.value)) {
          for (const part of n.value as Node[]) {
            if (part.type === 'Text' && LETTER.test(String(part.data))) found.push(`${String(n.name)}="${String(part.data)}"`);
          }
        }
        return;
      }
      for (const [key, value] of Object.entries(n)) {
        if (key !== 'metadata' && key !== 'parent' && value && typeof value === 'object') walk(value);
      }
    };
    walk(root.fragment);
    return found;
  }

  it('the checker itself finds text, static labels and mixed attributes, and allows symbols', () => {
    const sample =
      '<script>let x = "Hello";</script><p>Hello</p><button aria-label="Close">×</button>' +
      '<input placeholder="Name {x}" /><img alt={x} /><span title="{x}">⌫ 1 · 2</span><style>p::after{content:"Hi"}</style>';
    expect(offences(sample)).toEqual(['text "Hello"', 'aria-label="Close"', 'placeholder="Name "']);
  });

  it('finds nothing in the app', () => {
    const svelteFiles = files(SRC, '.svelte');
    expect(svelteFiles.length).toBeGreaterThan(30);
    const problems = svelteFiles.flatMap((file) => offences(readFileSync(file, 'utf8')).map((o) => `${relative(SRC, file)}: ${o}`));
    expect(problems).toEqual([]);
  });
});
