/**
 * Reading and writing post-mortem files (YAML or JSON). Reading reports every problem with its path and its
 * line:column in the text: YAML syntax errors, schema violations and the semantic checks of core.
 * Writing produces the canonical form: schema key order, empty lists and false flags left out, so a document
 * diffs cleanly in git and export → import → export is a fixed point.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  stringify,
} from 'yaml';
import type { z } from 'zod';
import { checkPostMortem, type FindingLevel, formatPath, type Path } from '../core/check.js';
import type { PostMortem } from '../core/model.js';
import { LIMITS } from './limits.js';
import { lineExceedingNesting, pathDeeperThan } from './nesting.js';
import { postMortemSchema } from './post-mortem.schema.js';
import { yamlPitfalls } from './yaml-pitfalls.js';

export type FileFormat = 'yaml' | 'json';

/** One problem found in a post-mortem file. */
export interface Problem {
  readonly level: FindingLevel;
  /** `yaml_syntax`, `schema`, or a semantic check code such as `dangling_link`. */
  readonly code: string;
  /** Dotted path in the document, e.g. `timeline[3].milestone.kind`. */
  readonly path: string;
  /** 1-based line and column in the text, when the problem can be located. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface ParsedFile {
  /** The validated document; absent when any error was found. */
  readonly document?: PostMortem;
  /** Errors first, then warnings. */
  readonly problems: readonly Problem[];
}

type Position = { line: number; column: number } | undefined;

function positionOf(node: Node | undefined | null, lines: LineCounter): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/**
 * Finds the node at `path`, or its nearest existing ancestor when the path names something missing. With
 * `key`, returns the key node of the last path segment (where an unknown or misspelled field is written).
 */
function locate(doc: Document, path: Path, key = false): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return node;
      if (key && i === path.length - 1) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) return node;
      node = item;
    } else {
      break;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** The field names a strict object in the schema accepts at `path`, for "did you mean" suggestions. */
function knownKeys(path: Path): string[] {
  let schema: z.ZodType | undefined = postMortemSchema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let current = s;
    for (let guard = 0; guard < 10; guard++) {
      const def = current._zod.def as { type: string; innerType?: z.ZodType; getter?: () => z.ZodType };
      if (def.innerType) current = def.innerType;
      else if (def.type === 'lazy' && def.getter) current = def.getter();
      else break;
    }
    return current;
  };
  for (const part of path) {
    if (!schema) return [];
    const def = unwrap(schema)._zod.def as {
      type: string;
      shape?: Record<string, z.ZodType>;
      element?: z.ZodType;
    };
    schema = typeof part === 'number' ? def.element : def.shape?.[part];
  }
  if (!schema) return [];
  const def = unwrap(schema)._zod.def as { shape?: Record<string, z.ZodType> };
  return def.shape ? Object.keys(def.shape) : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
    ? `; did you mean "${best}"?`
    : '';
}

/** Rewrites zod's issue messages into the one-line, how-to-fix form the CLI and API show. */
function schemaProblems(
  issue: z.core.$ZodIssue,
  raw: unknown,
): { path: Path; message: string; key: boolean }[] {
  const path = issue.path as Path;
  const last = path[path.length - 1];
  const missing = valueAt(raw, path) === undefined && path.length > 0;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path);
      return issue.keys.map((k) => ({
        path: [...path, k],
        key: true,
        message: `unknown field "${k}"${suggest(k, known)}`,
      }));
    }
    case 'invalid_union': {
      const detail = issue as unknown as { note?: string; options?: unknown[] };
      if (detail.options && !missing) {
        const options = detail.options.map(String);
        const got = valueAt(raw, path);
        const hint = typeof got === 'string' ? suggest(got, options) : '';
        return [{ path, key: false, message: `must be one of: ${options.join(', ')}${hint}` }];
      }
      break;
    }
    case 'invalid_value':
      if (!missing && issue.values.length === 1) {
        return [{ path, key: false, message: `must be ${String(issue.values[0])}` }];
      }
      if (!missing) {
        const options = issue.values.map(String);
        const got = valueAt(raw, path);
        const hint = typeof got === 'string' ? suggest(got, options) : '';
        return [{ path, key: false, message: `must be one of: ${options.join(', ')}${hint}` }];
      }
      break;
    case 'invalid_type':
      if (!missing) {
        const got = valueAt(raw, path);
        const kind = Array.isArray(got) ? 'a list' : got === null ? 'null' : `a ${typeof got}`;
        const expected = issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
        return [{ path, key: false, message: `expected ${expected}, found ${kind}` }];
      }
      break;
    default:
      return [{ path, key: false, message: issue.message }];
  }
  return [{ path, key: false, message: `missing required field "${String(last)}"` }];
}

/**
 * Parses and validates a post-mortem file's text. Never throws on bad input: every problem is returned.
 * @param text the file's content
 */
export function parsePostMortemText(text: string): ParsedFile {
  if (text.length > LIMITS.documentBytes) {
    return {
      problems: [
        {
          level: 'error',
          code: 'too_large',
          path: '(document)',
          message: `the file is larger than ${LIMITS.documentBytes / 1024 / 1024} MiB, the limit for a post-mortem`,
        },
      ],
    };
  }
  const tooDeepAt = lineExceedingNesting(text);
  if (tooDeepAt !== undefined) {
    return {
      problems: [
        {
          level: 'error',
          code: 'too_deep',
          path: '(document)',
          line: tooDeepAt,
          column: 1,
          message: `the document is nested too deeply (the limit is ${LIMITS.nestingDepth} levels)`,
        },
      ],
    };
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
  } catch (error) {
    const message = error instanceof RangeError ? 'the document is nested too deeply' : String(error);
    return { problems: [{ level: 'error', code: 'yaml_syntax', path: '(document)', message }] };
  }
  const syntax: Problem[] = doc.errors.map((e) => {
    // The YAML parser recurses per nesting level and reports a stack overflow as a syntax error.
    const tooDeep = /call stack/i.test(e.message);
    const { line, col } = lines.linePos(e.pos[0]);
    return {
      level: 'error',
      code: 'yaml_syntax',
      path: '(document)',
      line,
      column: col,
      message: tooDeep
        ? `the document is nested too deeply (the limit is ${LIMITS.nestingDepth} levels)`
        : (e.message.split('\n')[0] ?? e.message),
    };
  });
  if (syntax.length > 0) return { problems: syntax };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The yaml library refuses alias expansion past the budget (a "billion laughs" document).
    const message =
      error instanceof ReferenceError ? 'too many alias expansions; the document is refused' : String(error);
    return { problems: [{ level: 'error', code: 'yaml_syntax', path: '(document)', message }] };
  }
  const at = (path: Path, key = false): Position => positionOf(locate(doc, path, key), lines);
  const pitfalls: Problem[] = yamlPitfalls(doc, lines).map((p) => ({
    level: 'warning',
    code: 'yaml_comment',
    path: formatPath(p.path),
    line: p.line,
    column: p.column,
    message: p.message,
  }));
  return validateRaw(raw, at, pitfalls);
}

/**
 * Validates a parsed value: nesting, schema, then the semantic checks. `at` locates a path in the source text
 * (nothing for an in-memory value); `extra` are warnings found while parsing.
 */
function validateRaw(
  raw: unknown,
  at: (path: Path, key?: boolean) => Position,
  extra: readonly Problem[],
): ParsedFile {
  const fail = (path: Path, code: string, message: string, key = false): ParsedFile => ({
    problems: [{ level: 'error', code, path: formatPath(path), ...at(path, key), message }],
  });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(
      [],
      'schema',
      'a post-mortem file is a mapping that starts with "apiVersion: debrief/v1" and "kind: PostMortem"',
    );
  }
  const deepest = pathDeeperThan(raw, LIMITS.nestingDepth);
  if (deepest) {
    return fail(
      deepest,
      'too_deep',
      `nested more than ${LIMITS.nestingDepth} levels deep; a post-mortem never needs that many`,
    );
  }
  const result = postMortemSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) =>
      schemaProblems(issue, raw).map(({ path, message, key }) => ({
        level: 'error' as const,
        code: 'schema',
        path: formatPath(path),
        ...at(path, key),
        message,
      })),
    );
    return { problems: sortProblems(problems) };
  }
  const problems = sortProblems([
    ...checkPostMortem(result.data).map((f) => ({
      level: f.level,
      code: f.code,
      path: formatPath(f.path),
      ...at(f.path),
      message: f.message,
    })),
    ...extra,
  ]);
  return problems.some((p) => p.level === 'error') ? { problems } : { document: result.data, problems };
}

function sortProblems(problems: Problem[]): Problem[] {
  const rank = (p: Problem): number => (p.level === 'error' ? 0 : 1);
  return [...problems].sort(
    (a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/**
 * Validates an in-memory value (an API request body) as a post-mortem: the same checks as a file, without
 * positions, and without serializing and re-parsing it.
 */
export function validatePostMortemValue(value: unknown): ParsedFile {
  return validateRaw(value, () => undefined, []);
}

/**
 * The canonical form of a document: empty lists, empty objects, `false` flags and absent values removed, except
 * at the top level, where `restricted: false` stays visible. Key order is the schema's.
 */
export function canonicalPostMortem(doc: PostMortem): Record<string, unknown> {
  const compact = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => compact(item, false));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const c = compact(inner, false);
      const empty =
        c === undefined ||
        (c === false && !top) ||
        (Array.isArray(c) && c.length === 0) ||
        (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0);
      if (!empty) out[key] = c;
    }
    return out;
  };
  return compact(doc, true) as Record<string, unknown>;
}

/** Serializes a document in its canonical form as YAML or JSON text (ending with a newline). */
export function serializePostMortem(doc: PostMortem, format: FileFormat): string {
  const canonical = canonicalPostMortem(doc);
  if (format === 'json') return `${JSON.stringify(canonical, null, 2)}\n`;
  // YAML 1.1 quoting rules keep values such as 2026-03-14, yes or 010 quoted, so YAML 1.1 tools read strings.
  return stringify(canonical, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false });
}

/** Guesses the format of a file from its name, then from its first character. */
export function detectFormat(name: string | undefined, text: string): FileFormat {
  if (name && /\.json$/i.test(name)) return 'json';
  if (name && /\.ya?ml$/i.test(name)) return 'yaml';
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) ? 'json' : 'yaml';
}
