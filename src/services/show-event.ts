/** One event of the working timeline with its raw record, read back from the evidence it came from. */
import type { PostMortemId } from '../core/ids.js';
import type { BlobStore } from '../db/blob-store.js';
import { type EventView, resolveEvent, type TimelineDatabase, toEventViews } from './query-timeline.js';

/** The raw bytes shown: text when they are UTF-8, else a hex dump of the first 4 KiB. */
export type RawRecord =
  | { readonly encoding: 'text'; readonly bytes: number; readonly text: string }
  | { readonly encoding: 'hex'; readonly bytes: number; readonly hex: string; readonly truncated: boolean };

/** The event and its raw record. */
export async function showEvent(
  handle: TimelineDatabase,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  publicId: string,
): Promise<{
  event: EventView;
  raw: RawRecord;
  location: { sha256: string; offset: number; length: number };
}> {
  const row = await resolveEvent(handle, postMortemId, publicId);
  const bytes = await blobs.readRange(row.contentSha256, row.rawOffset, row.rawLength);
  let raw: RawRecord;
  try {
    raw = {
      encoding: 'text',
      bytes: bytes.length,
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    };
  } catch {
    const head = bytes.subarray(0, 4096);
    raw = {
      encoding: 'hex',
      bytes: bytes.length,
      hex: head.toString('hex'),
      truncated: head.length < bytes.length,
    };
  }
  return {
    event: (await toEventViews(handle, postMortemId, [row]))[0] as EventView,
    raw,
    location: { sha256: row.contentSha256, offset: row.rawOffset, length: row.rawLength },
  };
}
