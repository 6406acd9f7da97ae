/**
 * Uploads of shared catalogues (an ATT&CK bundle, a zip of Sigma rules) kept in a temporary folder only while
 * they are loaded: the request body is streamed to disk with a size limit (never held in memory), a zip is
 * unpacked with limits on members and bytes and no member outside the folder, and the folder is removed after.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { DomainError, isDomainError } from '../core/errors.js';

/** Prefix of the temporary folders (tests check none is left behind). */
export const UPLOAD_DIR_PREFIX = 'debrief-upload-';

/** Limits of an unpacked archive. */
export interface ArchiveLimits {
  /** Members in the archive (folders included). */
  readonly maxMembers: number;
  /** Bytes of every member unpacked, together. */
  readonly maxUnpackedBytes: number;
}

/** Fails with `too_large` once more than `max` bytes went through. */
class ByteLimit extends Transform {
  /** Bytes gone through so far. */
  seen = 0;
  constructor(
    private readonly max: number,
    private readonly message: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) callback(new DomainError('too_large', this.message, { limit: this.max }));
    else callback(null, chunk);
  }
}

/**
 * Streams `body` into a file of a new temporary folder, calls `use` with its path, and removes the folder
 * whatever happens. More than `maxBytes`: `too_large`, `use` is not called.
 */
export async function withUploadedFile<T>(
  body: Readable,
  options: { readonly name: string; readonly maxBytes: number; readonly what: string },
  use: (path: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), UPLOAD_DIR_PREFIX));
  try {
    const path = join(dir, options.name);
    await pipeline(
      body,
      new ByteLimit(
        options.maxBytes,
        `${options.what} is larger than ${(options.maxBytes / 1024 / 1024).toFixed(0)} MiB`,
      ),
      createWriteStream(path, { flags: 'wx' }),
    );
    return await use(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error('cannot open the archive'));
      else resolvePromise(zip);
    });
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolvePromise, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(error ?? new Error('cannot read the member'));
      else resolvePromise(stream);
    });
  });
}

/** The next member of the archive, or undefined at its end; its listeners are removed once it settles. */
function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolvePromise, reject) => {
    const settle = (entry: yauzl.Entry | undefined, error?: unknown) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (error === undefined) resolvePromise(entry);
      else reject(error);
    };
    const onEntry = (entry: yauzl.Entry) => settle(entry);
    const onEnd = () => settle(undefined);
    const onError = (error: unknown) => settle(undefined, error);
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** The path a member unpacks to inside `root`; `invalid_input` when its name would leave it. */
function memberPath(root: string, name: string): string {
  const parts = name.split('/');
  if (isAbsolute(name) || name.includes('\\') || parts.some((p) => p === '..') || /^[a-z]:/i.test(name))
    throw new DomainError('invalid_input', `the archive member ${JSON.stringify(name)} points outside it`);
  const target = resolve(root, name);
  // The check above should make this impossible; it stays as the rule the extractor must never break.
  if (!target.startsWith(root + sep))
    throw new DomainError('invalid_input', `the archive member ${JSON.stringify(name)} points outside it`);
  return target;
}

/**
 * Unpacks the members of the zip at `zipPath` whose names `keep` accepts into a new folder `dir/files`, and
 * returns that folder. A member named outside it (`../x`, `/x`), an encrypted or damaged archive: `invalid_input`;
 * beyond the limits: `too_large`. Folders and members not kept are skipped, never written.
 */
export async function unpackZip(
  zipPath: string,
  dir: string,
  limits: ArchiveLimits,
  keep: (name: string) => boolean,
): Promise<string> {
  const root = join(dir, 'files');
  await mkdir(root);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    throw new DomainError('invalid_input', `the upload is not a zip archive: ${(error as Error).message}`);
  }
  // An error between two reads has no reader waiting: it must not crash the process (the next read reports it).
  zip.on('error', () => undefined);
  try {
    if (zip.entryCount > limits.maxMembers)
      throw new DomainError(
        'too_large',
        `the archive holds ${zip.entryCount} members, more than ${limits.maxMembers}`,
      );
    let unpacked = 0;
    for (;;) {
      const entry = await nextEntry(zip).catch((error: unknown) => {
        // yauzl refuses unsafe names itself ("invalid relative path"): the same answer as ours.
        throw new DomainError('invalid_input', `the archive cannot be read: ${(error as Error).message}`);
      });
      if (!entry) break;
      const target = memberPath(root, entry.fileName);
      if (entry.fileName.endsWith('/') || !keep(entry.fileName)) continue;
      if ((entry.generalPurposeBitFlag & 0x1) !== 0)
        throw new DomainError('invalid_input', `the archive member ${entry.fileName} is encrypted`);
      await mkdir(dirname(target), { recursive: true });
      // The budget left for the whole archive, counted on the bytes unpacked, not on the sizes it declares.
      const limit = new ByteLimit(
        limits.maxUnpackedBytes - unpacked,
        `the archive unpacks to more than ${(limits.maxUnpackedBytes / 1024 / 1024).toFixed(0)} MiB`,
      );
      try {
        await pipeline(await entryStream(zip, entry), limit, createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        if (isDomainError(error)) throw error;
        throw new DomainError(
          'invalid_input',
          `the archive member ${entry.fileName} cannot be read: ${(error as Error).message}`,
        );
      }
      unpacked += limit.seen;
    }
  } finally {
    zip.close();
  }
  return root;
}
