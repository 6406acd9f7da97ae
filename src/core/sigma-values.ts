/**
 * Sigma field conditions: a field name with its modifiers (`CommandLine|contains|all`) and its value or values,
 * compiled once into a predicate over a record. Follows the Sigma specification (v2): plain values match the
 * whole field, case-insensitively, with `*` and `?` wildcards (`\*`, `\?` and `\\` escape them); lists are
 * alternatives unless `all`; `null` matches an absent or empty field. Modifiers: contains, startswith, endswith,
 * all, cased, re (with i, m, s), cidr, base64, base64offset, wide/utf16le/utf16be/utf16, windash, exists, gt, gte,
 * lt, lte, fieldref. Anything else is reported as a `SigmaRuleError`, never ignored.
 */
import { inIpRange, parseIpRange } from './ip-range.js';

/** A construct of a rule that Debrief cannot evaluate, or an invalid one; the rule is reported and not run. */
export class SigmaRuleError extends Error {
  override readonly name = 'SigmaRuleError';
}

/** The values of a field (a list gives several), as written and lowercased (most rules compare without case). */
export interface FieldValues {
  readonly raw: readonly string[];
  readonly lower: readonly string[];
}

/** An event as Sigma conditions read it. */
export interface SigmaRecord {
  /** The values of a field by its Sigma name, or undefined when the event has none. */
  field(name: string): FieldValues | undefined;
  /** Every value of the event, for keyword (field-less) searches. */
  all(): FieldValues;
}

/** Field values from values as written. */
export function fieldValues(raw: readonly string[]): FieldValues {
  return { raw, lower: raw.map((v) => v.toLowerCase()) };
}

/** A compiled condition. */
export type SigmaPredicate = (record: SigmaRecord) => boolean;

const POSITIONS = ['contains', 'startswith', 'endswith'] as const;
const ENCODINGS = ['wide', 'utf16le', 'utf16be', 'utf16'] as const;
const NUMERIC = ['gt', 'gte', 'lt', 'lte'] as const;
const KNOWN = new Set<string>([
  ...POSITIONS,
  ...ENCODINGS,
  ...NUMERIC,
  'all',
  'cased',
  're',
  'i',
  'm',
  's',
  'cidr',
  'base64',
  'base64offset',
  'windash',
  'exists',
  'fieldref',
]);

type Token = { readonly k: 'lit'; readonly s: string } | { readonly k: 'any' | 'one' | 'dash' };

/** Splits a Sigma string into literal text and wildcards; `\*`, `\?` and `\\` are literal characters. */
function wildcardTokens(text: string): Token[] {
  const out: Token[] = [];
  let lit = '';
  const flush = () => {
    if (lit !== '') out.push({ k: 'lit', s: lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      lit += next;
      i++;
    } else if (c === '*' || c === '?') {
      flush();
      out.push({ k: c === '*' ? 'any' : 'one' });
    } else lit += c;
  }
  flush();
  return out;
}

/** windash: a `-` or `/` that starts a command-line switch also matches `/`, `-`, en dash, em dash, horizontal bar. */
function windash(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.k !== 'lit') {
      out.push(t);
      continue;
    }
    let lit = '';
    for (let i = 0; i < t.s.length; i++) {
      const c = t.s[i] as string;
      const before = i === 0 ? '' : (t.s[i - 1] as string);
      const after = t.s[i + 1] ?? '';
      if ((c === '-' || c === '/') && !/\w/.test(before) && /\w/.test(after)) {
        if (lit !== '') out.push({ k: 'lit', s: lit });
        lit = '';
        out.push({ k: 'dash' });
      } else lit += c;
    }
    if (lit !== '') out.push({ k: 'lit', s: lit });
  }
  return out;
}

/** UTF-8 bytes of a string (core has no TextEncoder). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** UTF-16 bytes of a string, little- or big-endian, without a byte order mark. */
function utf16(text: string, littleEndian: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (littleEndian) out.push(c & 255, c >> 8);
    else out.push(c >> 8, c & 255);
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding. */
export function base64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63] as string;
    out += B64[(n >> 12) & 63] as string;
    out += i + 1 < bytes.length ? (B64[(n >> 6) & 63] as string) : '=';
    out += i + 2 < bytes.length ? (B64[n & 63] as string) : '=';
  }
  return out;
}

/**
 * The three forms the bytes take inside a longer base64 text, whatever their offset modulo 3: the encoding of
 * the bytes after 0, 1 or 2 other bytes, without the characters that depend on the unknown neighbours.
 */
export function base64Offsets(bytes: readonly number[]): string[] {
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const encoded = base64([...Array<number>(i).fill(0x20), ...bytes]);
    return encoded.slice(start[i], end[(bytes.length + i) % 3]);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A test of one field value (raw and lowercased) against one Sigma value. */
type ValueTest = (value: string, lower: string, record: SigmaRecord) => boolean;

/** Compiles wildcard tokens to a test: plain string comparisons when there is no wildcard inside, else a RegExp. */
function tokensTest(tokens: readonly Token[], cased: boolean): ValueTest {
  const leadingAny = tokens[0]?.k === 'any';
  const trailingAny = tokens.length > 1 && tokens[tokens.length - 1]?.k === 'any';
  const inner = tokens.slice(leadingAny ? 1 : 0, trailingAny ? -1 : undefined);
  if (inner.length <= 1 && inner.every((t) => t.k === 'lit')) {
    const lit = inner[0]?.k === 'lit' ? inner[0].s : '';
    // One closure per case: this is the hot path of every run.
    if (cased) {
      if (leadingAny && trailingAny) return (v) => v.includes(lit);
      if (leadingAny) return (v) => v.endsWith(lit);
      if (trailingAny) return (v) => v.startsWith(lit);
      return (v) => v === lit;
    }
    const needle = lit.toLowerCase();
    if (leadingAny && trailingAny) return (_v, l) => l.includes(needle);
    if (leadingAny) return (_v, l) => l.endsWith(needle);
    if (trailingAny) return (_v, l) => l.startsWith(needle);
    return (_v, l) => l === needle;
  }
  const source = tokens
    .map((t) =>
      t.k === 'lit'
        ? escapeRegExp(t.s)
        : t.k === 'any'
          ? '[\\s\\S]*'
          : t.k === 'one'
            ? '[\\s\\S]'
            : '[-/\u2013\u2014\u2015]',
    )
    .join('');
  const pattern = new RegExp(`^${source}$`, cased ? '' : 'i');
  return (v) => pattern.test(v);
}

/** The field name and modifiers of a detection key such as `CommandLine|contains|all`. */
function parseFieldSpec(spec: string): { field: string; modifiers: string[] } {
  const [field = '', ...modifiers] = spec.split('|');
  for (const m of modifiers) {
    if (m === 'expand')
      throw new SigmaRuleError(
        `"${spec}": the expand modifier needs placeholder values from a pipeline (not supported)`,
      );
    if (!KNOWN.has(m)) throw new SigmaRuleError(`"${spec}": unknown modifier "${m}"`);
  }
  const positions = modifiers.filter((m) => (POSITIONS as readonly string[]).includes(m));
  if (positions.length > 1)
    throw new SigmaRuleError(`"${spec}": ${positions.join(' and ')} exclude each other`);
  return { field, modifiers };
}

function scalarText(value: unknown, spec: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SigmaRuleError(
    `"${spec}": a value must be a string, number, boolean or null, found ${typeof value}`,
  );
}

/** Compiles one value of a field condition under its modifiers. */
function valueTest(value: unknown, modifiers: readonly string[], spec: string): ValueTest {
  const has = (m: string) => modifiers.includes(m);
  const position = POSITIONS.find((p) => has(p));
  if (has('re')) {
    if (position || has('base64') || has('base64offset'))
      throw new SigmaRuleError(`"${spec}": re cannot be combined with ${position ?? 'base64'}`);
    let source = scalarText(value, spec);
    let flags = `${has('i') ? 'i' : ''}${has('m') ? 'm' : ''}${has('s') ? 's' : ''}`;
    // PCRE's leading inline flags, which JavaScript (Node 20) does not know.
    const inline = /^\(\?([ims]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      for (const f of inline[1] as string) if (!flags.includes(f)) flags += f;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, flags);
    } catch (error) {
      throw new SigmaRuleError(
        `"${spec}": the regular expression ${JSON.stringify(source)} is not valid in JavaScript (${(error as Error).message})`,
      );
    }
    return (v) => pattern.test(v);
  }
  if (has('cidr')) {
    const range = parseIpRange(scalarText(value, spec));
    if (typeof range === 'string') throw new SigmaRuleError(`"${spec}": ${range}`);
    return (v) => inIpRange(v, range);
  }
  const numeric = NUMERIC.find((m) => has(m));
  if (numeric) {
    const bound = Number(value);
    if (typeof value === 'boolean' || value === '' || !Number.isFinite(bound))
      throw new SigmaRuleError(`"${spec}": ${numeric} needs a number, found ${JSON.stringify(value)}`);
    return (v) => {
      const n = v.trim() === '' ? Number.NaN : Number(v);
      if (!Number.isFinite(n)) return false;
      return numeric === 'gt'
        ? n > bound
        : numeric === 'gte'
          ? n >= bound
          : numeric === 'lt'
            ? n < bound
            : n <= bound;
    };
  }
  const cased = has('cased');
  if (has('fieldref')) {
    const other = scalarText(value, spec);
    return (v, l, record) => {
      const found = record.field(other);
      if (!found) return false;
      const values = cased ? found.raw : found.lower;
      const mine = cased ? v : l;
      return values.some((o) =>
        position === 'contains'
          ? mine.includes(o)
          : position === 'startswith'
            ? mine.startsWith(o)
            : position === 'endswith'
              ? mine.endsWith(o)
              : mine === o,
      );
    };
  }
  const text = scalarText(value, spec);
  const encoding = ENCODINGS.find((m) => has(m));
  const encoded = has('base64') || has('base64offset');
  if (encoding && !encoded)
    throw new SigmaRuleError(`"${spec}": ${encoding} is only meaningful before base64`);
  let alternatives: Token[][];
  if (encoded) {
    // Wildcards inside an encoded value cannot be encoded: the value is literal.
    const bytes = encoding === undefined ? utf8(text) : utf16(text, encoding !== 'utf16be');
    const withBom = encoding === 'utf16' ? [0xff, 0xfe, ...bytes] : bytes;
    const forms = has('base64offset') ? base64Offsets(withBom) : [base64(withBom)];
    alternatives = forms.map((s) => [{ k: 'lit', s }]);
  } else {
    alternatives = [typeof value === 'string' ? wildcardTokens(text) : [{ k: 'lit', s: text }]];
  }
  if (has('windash')) alternatives = alternatives.map(windash);
  const positioned = alternatives.map((tokens): Token[] =>
    position === 'contains'
      ? [{ k: 'any' }, ...tokens, { k: 'any' }]
      : position === 'startswith'
        ? [...tokens, { k: 'any' }]
        : position === 'endswith'
          ? [{ k: 'any' }, ...tokens]
          : tokens,
  );
  // base64 is case-sensitive by nature.
  const tests = positioned.map((tokens) => tokensTest(tokens, cased || encoded));
  if (tests.length === 1) return tests[0] as ValueTest;
  return (v, l, r) => {
    for (const t of tests) if (t(v, l, r)) return true;
    return false;
  };
}

/** Compiles `field|modifiers: value(s)` to a predicate. An empty field name makes a keyword condition. */
export function fieldCondition(spec: string, value: unknown): SigmaPredicate {
  const { field, modifiers } = parseFieldSpec(spec);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new SigmaRuleError(`"${spec}": an empty list of values matches nothing`);
  if (modifiers.includes('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw new SigmaRuleError(`"${spec}": exists takes true or false`);
    const wanted = values[0];
    return (r) => (r.field(field) !== undefined) === wanted;
  }
  const tests: (ValueTest | null)[] = values.map((v) => (v === null ? null : valueTest(v, modifiers, spec)));
  const all = modifiers.includes('all');
  // Keyword searches (no field name) look for the value anywhere in the event.
  const one = (test: ValueTest | null, r: SigmaRecord): boolean => {
    const found = field === '' ? r.all() : r.field(field);
    if (test === null) return found === undefined || found.raw.every((x) => x === '');
    if (found === undefined) return false;
    const { raw, lower } = found;
    for (let i = 0; i < lower.length; i++) if (test(raw[i] as string, lower[i] as string, r)) return true;
    return false;
  };
  if (tests.length === 1) {
    const test = tests[0] ?? null;
    return (r) => one(test, r);
  }
  if (all)
    return (r) => {
      for (const t of tests) if (!one(t, r)) return false;
      return true;
    };
  return (r) => {
    for (const t of tests) if (one(t, r)) return true;
    return false;
  };
}

/** Compiles keywords (values without a field): the value anywhere in the event, case-insensitively. */
export function keywordCondition(values: unknown): SigmaPredicate {
  return fieldCondition('|contains', values);
}
