/**
 * Sigma rules over the working timeline. `loadSigma` stores rules (with why Debrief cannot run some of them);
 * `runSigma` evaluates the stored rules (or a folder) over every event of a post-mortem and stores the matches.
 *
 * A run re-reads the evidence: each event source is parsed again with the options it was ingested with, so the
 * rules see each record's own fields (Windows EventData names, JSON paths) that the normalized columns do not
 * keep; record n of a source is the stored event of ordinal `base + n`. Records beyond a source's checkpoint
 * (an ingest still running or stopped) are not evaluated: they are not stored events yet.
 */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { type CompiledRule, SIGMA_LEVELS, type SigmaLevel, sigmaMatcher } from '../core/sigma-rule.js';
import { toUtcIso } from '../core/time.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database, DatabaseHandle } from '../db/database.js';
import { listSources } from '../db/event-source.repository.js';
import { listEvidence } from '../db/evidence.repository.js';
import {
  clearSigmaMatches,
  eventsAtOrdinals,
  insertSigmaMatches,
  listSigmaRules,
  matchSummary,
  type SigmaMatchRow,
  saveSigmaRules,
} from '../db/sigma.repository.js';
import { parserFor } from '../ingest/registry.js';
import { DEFAULT_LIMITS, type FormatName, type IngestLimits } from '../ingest/types.js';
import { sourceParseContext } from './ingest-evidence.js';
import { readPostMortem } from './read-post-mortem.js';
import { compileSigmaSources, readSigmaFolder, type SigmaFileProblem } from './sigma-rules.js';

/** A rule Debrief cannot run, and why. */
export interface RuleNotRun {
  readonly id: string;
  readonly title: string;
  readonly origin: string;
  readonly problem: string;
  /** The log source no event format is mapped to, when that is why. */
  readonly unmappedSource?: string;
}

/** What `sigma load` did. */
export interface SigmaLoadSummary {
  readonly source: string;
  readonly files: number;
  readonly loaded: number;
  readonly runnable: number;
  readonly notRunnable: readonly RuleNotRun[];
  /** Files that gave no rule (not YAML, not a rule, a duplicate id), not stored. */
  readonly problems: readonly SigmaFileProblem[];
}

function notRun(rules: readonly CompiledRule[]): RuleNotRun[] {
  return rules.flatMap((r) =>
    r.ok
      ? []
      : [
          {
            id: r.id,
            title: r.title,
            origin: r.origin,
            problem: r.problem,
            ...(r.unmappedSource === undefined ? {} : { unmappedSource: r.unmappedSource }),
          },
        ],
  );
}

/** Reads, checks and stores the rules of a folder (or one file); `replace` removes the rules stored before. */
export async function loadSigma(
  handle: Pick<DatabaseHandle, 'db'>,
  dir: string,
  options: {
    readonly replace: boolean;
    readonly now: string;
    readonly actor: string;
    /** What the rules are stored as coming from, instead of the folder (an upload unpacked in a temporary one). */
    readonly source?: string;
  },
): Promise<SigmaLoadSummary> {
  const { sources, problems: unread } = await readSigmaFolder(dir);
  const { rules, problems } = compileSigmaSources(sources);
  const byOrigin = new Map(sources.map((s) => [s.origin, s.text]));
  const source = options.source ?? resolve(dir);
  await handle.db.transaction().execute((trx) =>
    saveSigmaRules(
      trx,
      rules.map((r) => ({
        id: r.id,
        title: r.title,
        level: r.level ?? null,
        origin: r.origin,
        source,
        yaml: byOrigin.get(r.origin) ?? '',
        problem: r.ok ? null : r.problem,
        loadedAt: options.now,
        loadedBy: options.actor,
      })),
      options.replace,
    ),
  );
  return {
    source,
    files: sources.length + unread.length,
    loaded: rules.length,
    runnable: rules.filter((r) => r.ok).length,
    notRunnable: notRun(rules),
    problems: [...unread, ...problems],
  };
}

/** Compiles the stored rules again (a newer Debrief may run what an older one could not). */
/** The error when no rule is stored, saying how to load some. */
export function noSigmaRules(): DomainError {
  return new DomainError(
    'not_found',
    'no Sigma rules are loaded: run "debrief sigma load DIR" (e.g. a clone of github.com/SigmaHQ/sigma/rules), or name a folder with --rules DIR',
  );
}

async function storedRules(
  handle: Pick<DatabaseHandle, 'db'>,
): Promise<{ rules: CompiledRule[]; unreadable: RuleNotRun[] }> {
  const stored = await listSigmaRules(handle.db);
  if (stored.length === 0) throw noSigmaRules();
  const compiled = compileSigmaSources(stored.map((r) => ({ origin: r.origin, text: r.yaml })));
  const unreadable = compiled.problems.map((p) => {
    const r = stored.find((x) => x.origin === p.origin);
    return { id: r?.id ?? '', title: r?.title ?? '', origin: p.origin, problem: p.reason };
  });
  return { rules: compiled.rules, unreadable };
}

/** One rule's matches in a run. */
export interface RuleMatches {
  readonly id: string;
  readonly title: string;
  readonly level: SigmaLevel | null;
  /** The rule's author, to credit as the Detection Rule License asks. */
  readonly author?: string;
  readonly techniques: readonly string[];
  readonly events: number;
  readonly first: string;
  readonly last: string;
}

/** What `sigma run` did. */
export interface SigmaRunSummary {
  readonly rules: { readonly total: number; readonly run: number; readonly notRun: readonly RuleNotRun[] };
  readonly sources: number;
  readonly events: number;
  readonly matches: number;
  readonly matchedEvents: number;
  /** Rules that matched, most severe first, then by event count. */
  readonly byRule: readonly RuleMatches[];
  readonly seconds: number;
  /** Sources whose events could not be read again, and why (their events were not evaluated). */
  readonly skippedSources: readonly {
    readonly evidence: string;
    readonly member: string;
    readonly reason: string;
  }[];
}

/** The rules that matched events of a post-mortem, most severe first, then by event count. */
async function detectedRules(db: Kysely<Database>, postMortemId: PostMortemId): Promise<RuleMatches[]> {
  const rank = (level: string | null) => SIGMA_LEVELS.indexOf((level ?? '') as SigmaLevel);
  return (await matchSummary(db, postMortemId))
    .map((m) => ({
      id: m.rule_id,
      title: m.title,
      level: (m.level ?? null) as SigmaLevel | null,
      ...(m.author === null ? {} : { author: m.author }),
      techniques: JSON.parse(m.techniques) as string[],
      events: Number(m.events),
      first: toUtcIso(Number(m.first_ts)),
      last: toUtcIso(Number(m.last_ts)),
    }))
    .sort((a, b) => rank(b.level) - rank(a.level) || b.events - a.events || a.id.localeCompare(b.id));
}

/** The Sigma detections of a post-mortem (as `debrief sigma matches`). */
export async function sigmaMatchesOf(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
): Promise<{ id: PostMortemId; rules: RuleMatches[] }> {
  await readPostMortem(db, postMortemId);
  return { id: postMortemId, rules: await detectedRules(db, postMortemId) };
}

/** Matches resolved and stored per batch. */
const MATCH_BATCH = 2_000;

/** Evaluates Sigma rules over every stored event of a post-mortem and stores the matches (replacing earlier ones). */
export async function runSigma(
  handle: Pick<DatabaseHandle, 'db'>,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  options: {
    /** A folder of rules to run instead of the stored ones (not stored). */
    readonly rulesDir?: string;
    readonly limits?: IngestLimits;
    readonly onProgress?: (done: number, total: number) => void;
    /** For the benchmark: the clock to time the run with. */
    readonly clock?: () => number;
  } = {},
): Promise<SigmaRunSummary> {
  await readPostMortem(handle.db, postMortemId);
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let rules: CompiledRule[];
  let unreadable: RuleNotRun[];
  if (options.rulesDir !== undefined) {
    const { sources, problems: unread } = await readSigmaFolder(options.rulesDir);
    const compiled = compileSigmaSources(sources);
    rules = compiled.rules;
    unreadable = [...unread, ...compiled.problems].map((p) => ({
      id: '',
      title: '',
      origin: p.origin,
      problem: p.reason,
    }));
  } else ({ rules, unreadable } = await storedRules(handle));
  const runnable = rules.filter((r): r is CompiledRule & { ok: true } => r.ok);
  const matcher = sigmaMatcher(runnable);
  const evidence = new Map((await listEvidence(handle.db, postMortemId)).map((e) => [e.id, e]));
  const sources = await listSources(handle.db, postMortemId);
  const total = sources.reduce((n, s) => n + s.accepted, 0);
  await clearSigmaMatches(
    handle.db,
    postMortemId,
    rules.map((r) => r.id),
  );
  let events = 0;
  let matches = 0;
  const skippedSources: { evidence: string; member: string; reason: string }[] = [];
  const matchedEvents = new Set<number>();
  for (const source of sources) {
    const parser = parserFor(source.format as FormatName);
    if (parser === undefined) {
      skippedSources.push({
        evidence: source.evidenceId,
        member: source.member,
        reason: `format ${source.format} is not available in this version of Debrief`,
      });
      continue;
    }
    const context = sourceParseContext(
      source,
      source.member || evidence.get(source.evidenceId)?.originalName || '',
      options.limits ?? DEFAULT_LIMITS,
    );
    let pending: { ordinal: number; rule: CompiledRule & { ok: true } }[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const found = await eventsAtOrdinals(handle.db, source.id, [...new Set(pending.map((p) => p.ordinal))]);
      const rows: SigmaMatchRow[] = [];
      for (const p of pending) {
        const event = found.get(p.ordinal);
        // An ordinal without a stored event: the record was rejected on ingest, or its source was re-ingested.
        if (!event) continue;
        rows.push({
          eventId: event.id,
          ruleId: p.rule.id,
          ts: event.ts,
          title: p.rule.title,
          level: p.rule.level ?? null,
          author: p.rule.author ?? null,
          techniques: p.rule.techniques,
        });
        matchedEvents.add(event.id);
      }
      await insertSigmaMatches(handle.db, postMortemId, rows);
      matches += rows.length;
      pending = [];
    };
    let index = 0;
    for await (const record of parser.parse(blobs.read(source.contentSha256), context)) {
      index++;
      if (index > source.recordsDone) break;
      if (!record.ok) continue;
      events++;
      for (const rule of matcher(record.event, record.fields))
        pending.push({ ordinal: source.ordinalBase + index - 1, rule });
      if (pending.length >= MATCH_BATCH) await flush();
      if (events % 10_000 === 0) options.onProgress?.(events, total);
    }
    await flush();
  }
  options.onProgress?.(events, total);
  const ran = new Set(runnable.map((r) => r.id));
  const byRule = (await detectedRules(handle.db, postMortemId)).filter((r) => ran.has(r.id));
  return {
    rules: {
      total: rules.length + unreadable.length,
      run: runnable.length,
      notRun: [...notRun(rules), ...unreadable],
    },
    sources: sources.length,
    events,
    matches,
    matchedEvents: matchedEvents.size,
    byRule,
    seconds: (clock() - started) / 1000,
    skippedSources,
  };
}
