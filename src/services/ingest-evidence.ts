/**
 * Ingests evidence files into the working timeline: register each file as evidence (hash, blob store, custody),
 * open its content (decompressing gzip and zip), detect or take the format, parse it as a stream and store the
 * events and rejected records in batches. Each batch commits with the source's checkpoint, so:
 * - a file already ingested (same SHA-256, every source done) is a no-op;
 * - a process killed mid-ingest leaves whole batches only, and running the command again resumes after the last
 *   stored record (records before the checkpoint are parsed again but not stored again);
 * - a bad record never stops the file: it is stored as a reject with its place, reason and first bytes.
 * Memory stays bounded: one batch at a time.
 */
import { hostname } from 'node:os';
import { DomainError } from '../core/errors.js';
import type { RejectedRecord } from '../core/event.js';
import type { FieldMapping } from '../core/field-mapping.js';
import type { PostMortemId } from '../core/ids.js';
import { isPresetName, MAPPING_PRESETS, PRESET_NAMES, type PresetName } from '../core/mapping-presets.js';
import { DEFAULT_ZONE } from '../core/timestamps.js';
import type { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import {
  createSource,
  listSourcesOfEvidence,
  type SourceRecord,
  takeOverSource,
} from '../db/event-source.repository.js';
import { type EvidenceRecord, findEvidence, insertBlob } from '../db/evidence.repository.js';
import { type ContentPart, extractContent, type SkippedMember } from '../ingest/content.js';
import { detectFormat, PARSERS, parserFor } from '../ingest/registry.js';
import type { FormatName, FormatParser, IngestLimits, ParseContext, Sample } from '../ingest/types.js';
import { addEvidence, type EvidenceDetails } from './add-evidence.js';
import { parseSource, summarize } from './parse-source.js';
import { applySourceMarks, type SourceMarksApplied } from './source-marks.js';

export type { PresetName } from '../core/mapping-presets.js';
export type { FormatName, IngestLimits } from '../ingest/types.js';
export { DEFAULT_LIMITS } from '../ingest/types.js';

/** The formats this build reads, most specific first, as `--format` names them. */
export function ingestFormats(): readonly { readonly name: FormatName; readonly description: string }[] {
  return PARSERS.map((p) => ({ name: p.name, description: p.description }));
}

/** The mapping presets `--preset` takes. */
export function mappingPresets(): readonly { readonly name: PresetName; readonly description: string }[] {
  return PRESET_NAMES.map((name) => ({ name, description: MAPPING_PRESETS[name].description }));
}

/** The dataset a preset gives events that name none. */
function presetDataset(preset: string | undefined): { dataset: string } | undefined {
  if (preset === undefined || !isPresetName(preset)) return undefined;
  const dataset = MAPPING_PRESETS[preset].dataset;
  return dataset === undefined ? undefined : { dataset };
}

/**
 * How a stored source is parsed: with the options recorded when it was first parsed, so a resumed ingest and a
 * later re-read (Sigma rules) see exactly the same records.
 */
export function sourceParseContext(
  source: SourceRecord,
  fileName: string,
  limits: IngestLimits,
): ParseContext {
  return {
    zone: source.options.zone,
    mapping: source.options.mapping,
    limits,
    ...(source.options.year === undefined ? {} : { year: source.options.year }),
    ...(source.options.referenceDate === undefined ? {} : { referenceDate: source.options.referenceDate }),
    fileName,
    ...(presetDataset(source.options.preset) ?? {}),
  };
}

/** A running source whose heartbeat is older than this is considered abandoned even on another host. */
const STALE_AFTER_MS = 2 * 60_000;

export interface IngestOptions {
  /** Forced format; detected from the content when absent. */
  readonly format?: FormatName;
  /** Zone for times without offset; else the evidence's declared zone; else UTC. */
  readonly zone?: string;
  /** Field mapping for json/csv/tsv (`--map`); overrides the preset's field by field. */
  readonly mapping: FieldMapping;
  /** A named mapping for an EDR or SIEM export (`--preset`), see core/mapping-presets.ts. */
  readonly preset?: PresetName;
  /** Year for formats that write none (BSD syslog). */
  readonly year?: number;
  readonly limits: IngestLimits;
  /** What is known about the files (collector, time, source system...). */
  readonly details: EvidenceDetails;
  /** The parsers to choose from; all registered parsers by default. */
  readonly parsers?: readonly FormatParser[];
}

/** Progress of one file, for progress bars. */
export interface IngestProgress {
  readonly file: string;
  readonly member: string;
  readonly phase: 'storing' | 'parsing';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** The result of parsing one source (a file or an archive member). */
export interface SourceSummary {
  readonly member: string;
  readonly format: string;
  readonly status: 'done' | 'failed' | 'already-done' | 'busy';
  readonly accepted: number;
  readonly rejected: number;
  readonly firstTs?: string;
  readonly lastTs?: string;
  /** Events whose time had no offset and was read in the assumed zone. */
  readonly assumedTimes: number;
  /** The rejected records (the first 1,000 when there are more). */
  readonly rejects: readonly RejectedRecord[];
  /** Set when a previous, interrupted attempt had stored this many records already. */
  readonly resumedFrom?: number;
  readonly error?: string;
}

/** The result of ingesting one file. */
export interface FileSummary {
  readonly file: string;
  readonly evidenceId?: string;
  readonly sha256?: string;
  readonly outcome: 'ingested' | 'already-ingested' | 'failed';
  readonly sources: readonly SourceSummary[];
  /** Archive members or content that could not be read, with the reason. */
  readonly skipped: readonly SkippedMember[];
  readonly error?: string;
  /** Events the source tool starred or tagged, now marked in the post-mortem (only when there were some). */
  readonly sourceMarks?: SourceMarksApplied;
}

export interface IngestContext {
  readonly actor: string;
  /** The current instant (a function: ingest takes time). */
  readonly now: () => string;
  readonly onProgress?: (progress: IngestProgress) => void;
  /**
   * The parse worker script (dist/parse-worker.js). When given, each source is parsed in a worker thread while
   * this thread stores the batches; used only with the registered parsers (not with `options.parsers`).
   */
  readonly parseWorker?: URL;
}

/** This process, as recorded on the sources it works on. */
const OWNER = `${hostname()}:${process.pid}`;

/** Is the process that owns a running source still alive? */
function ownerAlive(owner: string, heartbeatAt: string, now: string): boolean {
  const [host, pid] = owner.split(':');
  if (host === hostname() && pid !== undefined) {
    try {
      process.kill(Number(pid), 0);
      return true;
    } catch {
      return false;
    }
  }
  return Date.parse(now) - Date.parse(heartbeatAt) < STALE_AFTER_MS;
}

async function sampleOf(blobs: BlobStore, part: ContentPart, fileName: string): Promise<Sample> {
  const bytes = await blobs.readRange(part.contentSha256, 0, 64 * 1024);
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A multi-byte character cut at the 64 KiB boundary is not binary content: retry without the last bytes.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(0, Math.max(0, bytes.length - 3)),
      );
    } catch {
      text = undefined;
    }
  }
  return { bytes, text, fileName };
}

async function ingestFile(
  handle: DatabaseHandle,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  file: string,
  options: IngestOptions,
  context: IngestContext,
): Promise<FileSummary> {
  const added = await addEvidence(handle.db, blobs, postMortemId, file, options.details, {
    actor: context.actor,
    now: context.now(),
    onProgress: (bytes) =>
      context.onProgress?.({
        file,
        member: '',
        phase: 'storing',
        bytesDone: bytes,
        bytesTotal: 0,
        accepted: 0,
        rejected: 0,
      }),
  });
  return parseEvidence(handle, blobs, postMortemId, file, added.evidence, options, context);
}

/**
 * Parses evidence already registered (an upload, or a job resumed after a restart) into the working timeline;
 * like `ingest`, a source parsed before is not parsed again and an interrupted one resumes.
 */
export async function ingestStoredEvidence(
  handle: DatabaseHandle,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  evidenceId: string,
  options: IngestOptions,
  context: IngestContext,
): Promise<FileSummary> {
  const evidence = await findEvidence(handle.db, postMortemId, evidenceId);
  if (evidence === undefined) {
    throw new DomainError('not_found', `evidence ${evidenceId} does not exist in ${postMortemId}`);
  }
  return parseEvidence(handle, blobs, postMortemId, evidence.originalName, evidence, options, context);
}

async function parseEvidence(
  handle: DatabaseHandle,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  file: string,
  evidence: EvidenceRecord,
  options: IngestOptions,
  context: IngestContext,
): Promise<FileSummary> {
  const existing = await listSourcesOfEvidence(handle.db, postMortemId, evidence.id);
  if (existing.length > 0 && existing.every((s) => s.status === 'done')) {
    const sources = existing.map((s) =>
      summarize(
        s,
        'already-done',
        {
          accepted: s.accepted,
          rejected: s.rejected,
          firstTs: s.firstTs ?? null,
          lastTs: s.lastTs ?? null,
          assumed: s.assumedTimes,
        },
        [],
      ),
    );
    return {
      file,
      evidenceId: evidence.id,
      sha256: evidence.sha256,
      outcome: 'already-ingested',
      sources,
      skipped: [],
    };
  }
  const content = await extractContent(blobs, evidence, options.limits);
  const skipped: SkippedMember[] = [...content.skipped];
  const summaries: SourceSummary[] = [];
  let ordinalBase = 0;
  for (const part of content.parts) {
    if (part.derived)
      await insertBlob(handle.db, {
        sha256: part.contentSha256,
        size: part.size,
        origin: 'derived',
        storedAt: context.now(),
      });
    let source = existing.find((s) => s.member === part.member);
    if (source?.status === 'done') {
      summaries.push(
        summarize(
          source,
          'already-done',
          {
            accepted: source.accepted,
            rejected: source.rejected,
            firstTs: source.firstTs ?? null,
            lastTs: source.lastTs ?? null,
            assumed: source.assumedTimes,
          },
          [],
        ),
      );
      ordinalBase = source.ordinalBase + source.accepted + source.rejected;
      continue;
    }
    const zone = options.zone ?? evidence.timezone ?? DEFAULT_ZONE;
    if (source === undefined) {
      const parser = options.format
        ? parserFor(options.format, options.parsers)
        : detectFormat(await sampleOf(blobs, part, part.member || evidence.originalName), options.parsers)
            ?.parser;
      if (parser === undefined) {
        skipped.push({
          member: part.member,
          reason: options.format
            ? `format ${options.format} is not available`
            : 'the format was not recognized; name it with --format (see "debrief ingest --help")',
        });
        continue;
      }
      source = await createSource(handle.db, {
        postMortemId,
        evidenceId: evidence.id,
        member: part.member,
        memberIndex: part.memberIndex,
        contentSha256: part.contentSha256,
        format: parser.name,
        options: {
          zone,
          mapping: {
            ...(options.preset === undefined ? {} : MAPPING_PRESETS[options.preset].mapping),
            ...options.mapping,
          } as Record<string, string>,
          ...(options.preset === undefined ? {} : { preset: options.preset }),
          ...(options.year === undefined ? {} : { year: options.year }),
          ...(evidence.collectedAt === undefined ? {} : { referenceDate: evidence.collectedAt }),
        },
        ordinalBase,
        owner: OWNER,
        now: context.now(),
      });
    } else if (source.status === 'running' && ownerAlive(source.owner, source.heartbeatAt, context.now())) {
      summaries.push(
        summarize(
          source,
          'busy',
          { accepted: source.accepted, rejected: source.rejected, firstTs: null, lastTs: null, assumed: 0 },
          [],
          {
            error: `another Debrief process (${source.owner}) is ingesting this right now; run the command again when it has finished`,
          },
        ),
      );
      continue;
    } else if (!(await takeOverSource(handle.db, source.id, source, { owner: OWNER, now: context.now() }))) {
      summaries.push(
        summarize(
          source,
          'busy',
          { accepted: source.accepted, rejected: source.rejected, firstTs: null, lastTs: null, assumed: 0 },
          [],
          {
            error:
              'another Debrief process took this over at the same moment; run the command again when it has finished',
          },
        ),
      );
      continue;
    }
    const parser = parserFor(source.format as FormatName, options.parsers);
    if (parser === undefined) {
      skipped.push({
        member: part.member,
        reason: `format ${source.format} is not available in this version of Debrief`,
      });
      continue;
    }
    const parse = sourceParseContext(source, part.member || evidence.originalName, options.limits);
    const summary = await parseSource(handle, blobs, source, parser, parse, {
      file,
      total: part.size,
      context,
      ...(context.parseWorker && options.parsers === undefined ? { worker: context.parseWorker } : {}),
    });
    summaries.push(summary);
    ordinalBase = source.ordinalBase + summary.accepted + summary.rejected;
  }
  const failed = summaries.some((s) => s.status === 'failed' || s.status === 'busy');
  // What the tool that wrote the file starred or tagged becomes the post-mortem's marks (services/source-marks.ts).
  const marks = failed
    ? undefined
    : await applySourceMarks(handle, postMortemId, evidence.id, { actor: context.actor, now: context.now() });
  return {
    file,
    evidenceId: evidence.id,
    sha256: evidence.sha256,
    outcome: failed ? 'failed' : 'ingested',
    sources: summaries,
    skipped,
    ...(marks !== undefined && marks.starred + marks.tagged > 0 ? { sourceMarks: marks } : {}),
  };
}

/** Ingests files one after the other; a failing file does not stop the others. */
export async function ingestFiles(
  handle: DatabaseHandle,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  files: readonly string[],
  options: IngestOptions,
  context: IngestContext,
): Promise<FileSummary[]> {
  const results: FileSummary[] = [];
  for (const file of files) {
    try {
      results.push(await ingestFile(handle, blobs, postMortemId, file, options, context));
    } catch (error) {
      results.push({ file, outcome: 'failed', sources: [], skipped: [], error: (error as Error).message });
    }
  }
  return results;
}
