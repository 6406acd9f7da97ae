/**
 * The incident response playbook file (YAML or JSON) read by `debrief playbook check` and
 * `POST /api/post-mortems/{id}/playbook/check`: its zod schema, and parsing that names every problem with its path
 * and its line:column in the text, as the post-mortem file parser does. docs/cli.md describes the format.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { formatPath, type Path } from '../core/check.js';
import {
  type Playbook,
  type PlaybookReference,
  parsePlaybookDuration,
  riskyRegex,
  STEP_OUTCOMES,
} from '../core/playbook.js';
import { COMPLIANCE_REGIMES, MILESTONE_KINDS, PLAYBOOK_PHASES, SEVERITIES } from '../core/vocabulary.js';
import { readonlyArray } from './schema-primitives.js';

/** The largest playbook file accepted, in bytes. */
export const PLAYBOOK_MAX_BYTES = 1024 * 1024;

const stepId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'use letters, digits, ".", "_" and "-" (at most 40), e.g. S3');
const shortText = (max = 300) => z.string().trim().min(1).max(max);

const duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const text = String(value);
    const seconds = typeof value === 'string' ? parsePlaybookDuration(value) : undefined;
    if (seconds === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a duration; write 15m, 1h, 1h30m, 2d or ISO 8601 such as PT4H`,
      });
      return z.NEVER;
    }
    return { seconds, text };
  })
  .meta({ description: 'A positive duration: 15m, 1h30m, 2d, 1w, or ISO 8601 (PT4H)' });

const reference = z
  .union([
    z.enum(MILESTONE_KINDS),
    z.strictObject({ milestone: z.enum(MILESTONE_KINDS) }),
    z.strictObject({ step: stepId }),
  ])
  .transform((r): PlaybookReference => (typeof r === 'string' ? { milestone: r } : r));

const regex = z
  .string()
  .min(1)
  .max(200)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, 'iu');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
      return;
    }
    if (riskyRegex(source))
      ctx.addIssue({
        code: 'custom',
        message: 'nested quantifiers and back-references are refused (they can take exponential time)',
      });
  });

const step = z.strictObject({
  id: stepId,
  title: shortText(),
  phase: z.enum(PLAYBOOK_PHASES),
  owner: shortText(100).optional().meta({ description: 'The role owning the step, e.g. soc-analyst' }),
  description: shortText(5000).optional(),
  target: z
    .strictObject({ within: duration, from: reference.default({ milestone: 'detection' }) })
    .transform((t) => ({ within: t.within.seconds, withinText: t.within.text, from: t.from }))
    .optional(),
  match: z
    .strictObject({
      milestone: z.enum(MILESTONE_KINDS).optional(),
      keywords: z.array(shortText(100)).max(50).default([]),
      regex: regex.optional(),
    })
    .optional(),
  required: z.boolean().default(true),
  after: z.array(stepId).max(100).default([]),
  when: z
    .strictObject({
      severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
      personalData: z.boolean().optional(),
      regimes: z.array(z.enum(COMPLIANCE_REGIMES)).min(1).optional(),
    })
    .optional(),
});

/** A playbook: name, version and steps; step ids unique, references to known steps, no cycles. */
export const playbookSchema = z
  .strictObject({
    name: shortText(),
    version: z.union([shortText(50), z.number().transform(String)]),
    description: shortText(5000).optional(),
    steps: z.array(step).min(1, 'a playbook has at least one step').max(200),
  })
  .superRefine((playbook, ctx) => {
    const ids = new Map<string, number>();
    playbook.steps.forEach((s, i) => {
      if (ids.has(s.id))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'id'],
          message: `step id "${s.id}" is used twice`,
        });
      else ids.set(s.id, i);
    });
    const edges = new Map<string, string[]>();
    playbook.steps.forEach((s, i) => {
      const from = s.target?.from;
      const refs: [(string | number)[], string][] = s.after.map((id, j) => [['steps', i, 'after', j], id]);
      if (from !== undefined && 'step' in from)
        refs.push([['steps', i, 'target', 'from', 'step'], from.step]);
      for (const [path, id] of refs) {
        if (id === s.id)
          ctx.addIssue({ code: 'custom', path, message: `step ${s.id} cannot refer to itself` });
        else if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path, message: `no step "${id}" in this playbook` });
      }
      // A duplicated id keeps the references of both steps, so a cycle through either is still found.
      edges.set(s.id, [...(edges.get(s.id) ?? []), ...refs.map(([, id]) => id)]);
    });
    const cycle = findCycle(edges);
    if (cycle)
      ctx.addIssue({
        code: 'custom',
        path: ['steps', ids.get(cycle[0] as string) ?? 0, 'id'],
        message: `steps refer to each other in a cycle: ${cycle.join(' → ')}`,
      });
  }) satisfies z.ZodType<Playbook, unknown>;

function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'closed'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'closed') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (next === id || !edges.has(next)) continue;
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'closed');
    return undefined;
  };
  for (const id of edges.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** One problem of a playbook file. */
export interface PlaybookProblem {
  /** Dotted path, e.g. `steps[2].target.within`; `(document)` for the whole file. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** A parsed playbook, or every problem found. */
export type ParsedPlaybook =
  | { readonly playbook: Playbook; readonly problems: readonly [] }
  | { readonly playbook?: undefined; readonly problems: readonly PlaybookProblem[] };

function locate(doc: Document, path: Path): Node | undefined {
  let node: unknown = doc.contents;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) return node;
      node = item;
    } else break;
  }
  return (node ?? undefined) as Node | undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'must be a milestone kind (detection, containment...) or { step: ID }';
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? `missing required field "${String(issue.path[issue.path.length - 1])}"`
        : `expected ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    default:
      return issue.message;
  }
}

function validate(raw: unknown, at: (path: Path) => { line?: number; column?: number }): ParsedPlaybook {
  const result = playbookSchema.safeParse(raw);
  if (result.success) return { playbook: result.data, problems: [] };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path as Path;
    return {
      path: path.length === 0 ? '(document)' : formatPath(path),
      ...at(path),
      message: issueMessage(issue),
    };
  });
  return {
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
  };
}

/** Parses and validates a playbook file's text (YAML or JSON). Never throws: every problem is returned. */
export function parsePlaybookText(text: string): ParsedPlaybook {
  if (text.length > PLAYBOOK_MAX_BYTES)
    return { problems: [{ path: '(document)', message: `larger than ${PLAYBOOK_MAX_BYTES / 1024} KiB` }] };
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { path: '(document)', line, column: col, message: e.message.split('\n')[0] ?? e.message };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problems: [{ path: '(document)', message: (error as Error).message }] };
  }
  return validate(raw, (path) => {
    const offset = locate(doc, path)?.range?.[0];
    if (offset === undefined) return {};
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  });
}

/** Validates an in-memory playbook (a JSON request body): the same checks, without positions. */
export function validatePlaybookValue(value: unknown): ParsedPlaybook {
  return validate(value, () => ({}));
}

/** Formats problems one a line: `file:line:column path: message`. */
export function formatPlaybookProblems(shown: string, problems: readonly PlaybookProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line === undefined ? shown : `${shown}:${p.line}:${p.column ?? 1}`;
      return `  ${where} ${p.path}: ${p.message}`;
    })
    .join('\n');
}

const timingSchema = z.object({
  from: z.string(),
  within: z.number(),
  withinText: z.string(),
  fromEntry: z.string().optional(),
  deadline: z.string().optional(),
  elapsed: z.number().optional(),
});

/** The answer of `debrief playbook check --json` and `POST /api/post-mortems/{id}/playbook/check`. */
export const playbookCheckResponseSchema = z
  .object({
    id: z.string(),
    playbook: z.object({ name: z.string(), version: z.string() }),
    steps: readonlyArray(
      z.object({
        step: z.string(),
        title: z.string(),
        phase: z.enum(PLAYBOOK_PHASES),
        owner: z.string().optional(),
        required: z.boolean(),
        outcome: z.enum(STEP_OUTCOMES),
        entry: z.string().optional(),
        at: z.string().optional(),
        matchedBy: z.enum(['map', 'tag', 'milestone', 'keyword', 'regex']).optional(),
        timing: timingSchema.optional(),
        lateBy: z.number().optional(),
        outOfOrder: readonlyArray(z.string()),
        approximate: z.boolean(),
        note: z.string(),
        credit: z.number().nullable(),
      }),
    ),
    counts: z.record(z.enum(STEP_OUTCOMES), z.number()),
    score: z.number().nullable(),
    computation: z.string(),
  })
  .meta({ id: 'PlaybookCheck' });

/** Step id → timeline entry id, or `n/a`. */
export const playbookMappingSchema = z.record(stepId, z.string().min(1).max(100)).meta({
  description: 'The analyst\'s links: step id → timeline entry id, or "n/a" when the step does not apply',
});

/** The body of `POST /api/post-mortems/{id}/playbook/check` sent as JSON. */
export const playbookCheckBodySchema = z.object({
  playbook: z
    .union([z.string().max(PLAYBOOK_MAX_BYTES), z.record(z.string(), z.unknown())])
    .meta({ description: 'The playbook: its YAML text, or the playbook as a JSON object' }),
  map: playbookMappingSchema.optional(),
});
