/**
 * Opens evidence for parsing. Plain files are parsed as they are. gzip files and zip archives are decompressed
 * transparently into derived blobs (content-addressed like the evidence), so every event can point at its exact
 * bytes later without decompressing again. Archive bombs are stopped by limits on the decompressed size and on
 * the compression ratio; members that cannot be read (encrypted, over a limit, nested too deep) are reported,
 * never skipped silently.
 */
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { DomainError } from '../core/errors.js';
import type { IngestLimits } from './types.js';

/** What extraction needs from the blob store (the store in src/db implements it). */
export interface ContentStore {
  pathOf(sha256: string): string;
  read(sha256: string, range?: { readonly start: number; readonly end: number }): Readable;
  putStream(content: Readable): Promise<{ readonly sha256: string; readonly size: number }>;
}

/** One stream of content to parse: the file itself, or a decompressed member. */
export interface ContentPart {
  /** '' for the file itself; the member path inside an archive, or the name without `.gz`. */
  readonly member: string;
  readonly memberIndex: number;
  readonly contentSha256: string;
  readonly size: number;
  /** Whether the content was decompressed into a derived blob. */
  readonly derived: boolean;
}

/** A member that could not be read, and why. */
export interface SkippedMember {
  readonly member: string;
  readonly reason: string;
}

export interface ExtractedContent {
  readonly parts: readonly ContentPart[];
  readonly skipped: readonly SkippedMember[];
}

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

async function headOf(stream: Readable): Promise<Uint8Array> {
  for await (const chunk of stream) {
    stream.destroy();
    return chunk as Uint8Array;
  }
  return new Uint8Array(0);
}

/** Counts decompressed bytes and stops the stream when a limit is passed. */
class Limiter extends Transform {
  private produced = 0;
  constructor(
    private readonly label: string,
    private readonly compressedSize: number,
    private readonly limits: IngestLimits,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.produced += chunk.length;
    if (this.produced > this.limits.maxDecompressedBytes) {
      callback(
        new DomainError(
          'too_large',
          `${this.label} decompresses to more than ${this.limits.maxDecompressedBytes.toLocaleString('en')} bytes (DEBRIEF_MAX_DECOMPRESSED_BYTES)`,
        ),
      );
      return;
    }
    // The ratio is judged after the first megabyte, so tiny files with a large header do not trip it.
    if (this.produced > 1 << 20 && this.produced > this.compressedSize * this.limits.maxCompressionRatio) {
      callback(
        new DomainError(
          'too_large',
          `${this.label} expands more than ${this.limits.maxCompressionRatio}× (an archive bomb?); raise DEBRIEF_MAX_COMPRESSION_RATIO if it is genuine`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Chains streams so an error anywhere (a damaged gzip, a zip member whose size lies) reaches the last stream,
 * which is the one read; `.pipe()` would leave it waiting forever.
 */
function chain(first: Readable, ...rest: Transform[]): Readable {
  return pipeline(first, ...(rest as [Transform]), () => undefined) as unknown as Readable;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error('cannot open the archive'));
      else resolve(zip);
    });
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(error ?? new Error('cannot read the member'));
      else resolve(stream);
    });
  });
}

async function extractZip(
  blobs: ContentStore,
  sha256: string,
  limits: IngestLimits,
  parts: ContentPart[],
  skipped: SkippedMember[],
): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(blobs.pathOf(sha256));
  } catch (error) {
    skipped.push({ member: '', reason: `not a readable zip archive: ${(error as Error).message}` });
    return;
  }
  try {
    let count = 0;
    let total = 0;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      if (entry === undefined) break;
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      if (++count > limits.maxArchiveMembers) {
        skipped.push({
          member: name,
          reason: `more than ${limits.maxArchiveMembers} members (DEBRIEF_MAX_ARCHIVE_MEMBERS); the rest were not read`,
        });
        break;
      }
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        skipped.push({
          member: name,
          reason: 'the member is encrypted; extract it with its password and add the file',
        });
        continue;
      }
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > limits.maxDecompressedBytes || total > limits.maxDecompressedBytes) {
        skipped.push({
          member: name,
          reason: `declares ${entry.uncompressedSize.toLocaleString('en')} bytes, over the limit (DEBRIEF_MAX_DECOMPRESSED_BYTES)`,
        });
        continue;
      }
      try {
        const stream = chain(await entryStream(zip, entry), new Limiter(name, entry.compressedSize, limits));
        const blob = await blobs.putStream(stream);
        const inner = await headOf(blobs.read(blob.sha256, { start: 0, end: 4 }));
        if (startsWith(inner, GZIP)) {
          await extractGzip(
            blobs,
            blob.sha256,
            blob.size,
            name.replace(/\.gz$/i, ''),
            limits,
            parts,
            skipped,
          );
        } else {
          parts.push({
            member: name,
            memberIndex: parts.length,
            contentSha256: blob.sha256,
            size: blob.size,
            derived: true,
          });
        }
      } catch (error) {
        skipped.push({ member: name, reason: (error as Error).message });
      }
    }
  } finally {
    zip.close();
  }
}

async function extractGzip(
  blobs: ContentStore,
  sha256: string,
  compressedSize: number,
  member: string,
  limits: IngestLimits,
  parts: ContentPart[],
  skipped: SkippedMember[],
): Promise<void> {
  const label = member || 'the gzip file';
  // A stream corrupt in the middle keeps what decompressed before the damage; limits still stop bombs.
  let damage: string | undefined;
  async function* tolerant(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) yield chunk;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      damage = (error as Error).message;
    }
  }
  try {
    const decompressed = chain(
      blobs.read(sha256),
      createGunzip(),
      new Limiter(label, compressedSize, limits),
    );
    const blob = await blobs.putStream(Readable.from(tolerant(decompressed)));
    if (blob.size > 0) {
      parts.push({
        member,
        memberIndex: parts.length,
        contentSha256: blob.sha256,
        size: blob.size,
        derived: true,
      });
    }
    if (damage !== undefined) {
      skipped.push({
        member,
        reason: `the gzip stream is damaged after ${blob.size.toLocaleString('en')} decompressed bytes (${damage}); the content before the damage was kept`,
      });
    }
  } catch (error) {
    skipped.push({
      member,
      reason:
        error instanceof DomainError
          ? error.message
          : `cannot decompress ${label}: ${(error as Error).message}`,
    });
  }
}

/** The content parts of an evidence blob, decompressing gzip files and zip archives into derived blobs. */
export async function extractContent(
  blobs: ContentStore,
  evidence: { readonly sha256: string; readonly size: number; readonly originalName: string },
  limits: IngestLimits,
): Promise<ExtractedContent> {
  const head = await headOf(blobs.read(evidence.sha256, { start: 0, end: 4 }));
  const parts: ContentPart[] = [];
  const skipped: SkippedMember[] = [];
  if (startsWith(head, GZIP)) {
    await extractGzip(
      blobs,
      evidence.sha256,
      evidence.size,
      evidence.originalName.replace(/\.gz$/i, ''),
      limits,
      parts,
      skipped,
    );
  } else if (startsWith(head, ZIP)) {
    await extractZip(blobs, evidence.sha256, limits, parts, skipped);
  } else {
    parts.push({
      member: '',
      memberIndex: 0,
      contentSha256: evidence.sha256,
      size: evidence.size,
      derived: false,
    });
  }
  return { parts, skipped };
}

/** A readable stream of text, for tests and small contents. */
export function streamOf(text: string | Uint8Array): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text) : Buffer.from(text)]);
}
