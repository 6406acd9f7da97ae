/**
 * The content-addressed blob store for evidence: a folder (`DEBRIEF_DATA/blobs`) where every file is named by
 * its SHA-256 (`sha256/ab/cd/abcd…`). Content is written to a temporary file while it is hashed, flushed to disk,
 * then renamed into place, so a blob is either complete or absent; blobs are made read-only and never rewritten
 * (evidence is immutable). Reading a byte range serves the raw record behind an event.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../core/errors.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A stored blob: its address and size. */
export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
}

/** Progress of a copy into the store, in bytes. */
export type ByteProgress = (bytes: number) => void;

export class BlobStore {
  constructor(readonly root: string) {}

  /** The file path of a blob. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new DomainError('invalid_input', `"${sha256}" is not a SHA-256 digest`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Is the blob present? */
  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  /** Stores a stream's content; returns its digest and size. Storing content already present keeps the old copy. */
  async putStream(content: Readable, onProgress?: ByteProgress): Promise<StoredBlob> {
    const temporary = join(this.root, 'tmp', `${randomUUID()}.part`);
    await mkdir(dirname(temporary), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        content,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            onProgress?.(size);
            yield chunk;
          }
        },
        createWriteStream(temporary, { flags: 'wx' }),
      );
      const handle = await open(temporary, 'r');
      await handle.sync();
      await handle.close();
      const sha256 = hash.digest('hex');
      const path = this.pathOf(sha256);
      if (await this.has(sha256)) {
        await rm(temporary, { force: true });
      } else {
        await mkdir(dirname(path), { recursive: true });
        await rename(temporary, path);
        await chmod(path, 0o444);
      }
      return { sha256, size };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Stores a file from disk. */
  async putFile(path: string, onProgress?: ByteProgress): Promise<StoredBlob> {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new DomainError('file_unreadable', `${path} is not a file`);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new DomainError(
        'file_unreadable',
        `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`,
      );
    }
    return this.putStream(createReadStream(path, { highWaterMark: 1 << 20 }), onProgress);
  }

  /** A stream of a blob's content (optionally a byte range, end exclusive). */
  read(sha256: string, range?: { readonly start: number; readonly end: number }): Readable {
    return createReadStream(this.pathOf(sha256), {
      highWaterMark: 1 << 20,
      ...(range ? { start: range.start, end: Math.max(range.start, range.end - 1) } : {}),
    });
  }

  /** The bytes of a range of a blob, e.g. the raw record behind an event. */
  async readRange(sha256: string, offset: number, length: number): Promise<Buffer> {
    const handle = await open(this.pathOf(sha256), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /**
   * Re-hashes a blob: its actual digest and size, or `missing` when the file is gone. Evidence verification
   * compares the digest with the address.
   */
  async rehash(sha256: string): Promise<StoredBlob | 'missing'> {
    if (!(await this.has(sha256))) return 'missing';
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of this.read(sha256) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size };
  }
}
