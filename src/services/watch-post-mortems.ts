/**
 * Change notifications for open workspaces: who is looking at a post-mortem learns when a new version is stored,
 * by whom and when, without reloading.
 *
 * The database is the one source of truth (several servers may share a PostgreSQL database), so the watcher reads
 * the stored version of each watched post-mortem every `intervalMs` — one indexed read per post-mortem however
 * many browsers watch it — and tells its listeners when it moved. Only then does it read who made the change (the
 * audit trail). Nothing is polled while nobody listens.
 */

import type { Kysely } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import { lastChangeActor } from '../db/audit.repository.js';
import type { Database } from '../db/database.js';
import { readPostMortemVersion } from '../db/post-mortem.repository.js';

/** A stored version, as the change stream sends it. */
export interface VersionNotice {
  readonly version: number;
  readonly updatedAt: string;
  /** Who stored it, as the audit trail names them (`alice`, `cli:root`), when it does. */
  readonly by?: string;
}

/** What a listener hears: a new version, or that the post-mortem is gone (deleted). */
export type WatchEvent =
  | { readonly kind: 'version'; readonly notice: VersionNotice }
  | { readonly kind: 'gone' };

type Db = Kysely<Database>;

type Listener = (event: WatchEvent) => void;

interface Watched {
  readonly listeners: Set<Listener>;
  last: VersionNotice | undefined;
  timer: ReturnType<typeof setInterval> | undefined;
  polling: boolean;
}

/** The person an audit actor names: `user:U-1 (alice)` → `alice`; others as they are (`cli:root`). */
export function actorName(actor: string): string {
  const named = /\(([^()]+)\)\s*$/.exec(actor);
  return named?.[1] ?? actor;
}

/** Reads the stored version of a post-mortem and, when asked, who stored it. */
export async function readVersionNotice(
  db: Db,
  id: PostMortemId,
  withActor: boolean,
): Promise<VersionNotice | undefined> {
  const stored = await readPostMortemVersion(db, id);
  if (stored === undefined) return undefined;
  const actor = withActor ? await lastChangeActor(db, id, stored.updatedAt) : undefined;
  return { ...stored, ...(actor === undefined ? {} : { by: actorName(actor) }) };
}

/** Watches post-mortems for new versions on behalf of any number of listeners. */
export class PostMortemWatcher {
  private readonly watched = new Map<PostMortemId, Watched>();

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 2000,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /**
   * Listens for new versions of `id` after `current` (the version the listener already has); returns the function
   * that stops listening. A version stored after `current` was read is caught by the next poll.
   */
  watch(id: PostMortemId, current: VersionNotice, listener: Listener): () => void {
    let entry = this.watched.get(id);
    if (entry === undefined) {
      entry = { listeners: new Set(), last: current, timer: undefined, polling: false };
      this.watched.set(id, entry);
    }
    const watched = entry;
    if (watched.last === undefined || watched.last.version < current.version) watched.last = current;
    watched.listeners.add(listener);
    if (watched.timer === undefined) {
      watched.timer = setInterval(() => void this.poll(id, watched), this.intervalMs);
      watched.timer.unref?.();
    }
    return () => {
      watched.listeners.delete(listener);
      if (watched.listeners.size === 0) this.forget(id, watched);
    };
  }

  /** How many post-mortems are watched (for tests and the health of the server). */
  get size(): number {
    return this.watched.size;
  }

  /** Stops every poll (the server is closing). */
  close(): void {
    for (const [id, watched] of this.watched) this.forget(id, watched);
  }

  private forget(id: PostMortemId, watched: Watched): void {
    if (watched.timer !== undefined) clearInterval(watched.timer);
    watched.timer = undefined;
    if (this.watched.get(id) === watched) this.watched.delete(id);
  }

  private async poll(id: PostMortemId, watched: Watched): Promise<void> {
    if (watched.polling) return;
    watched.polling = true;
    try {
      const stored = await readPostMortemVersion(this.db, id);
      if (stored === undefined) {
        for (const listener of [...watched.listeners]) listener({ kind: 'gone' });
        this.forget(id, watched);
        return;
      }
      if (watched.last !== undefined && stored.version <= watched.last.version) return;
      const notice = (await readVersionNotice(this.db, id, true)) ?? { ...stored };
      watched.last = notice;
      for (const listener of [...watched.listeners]) listener({ kind: 'version', notice });
    } catch (error) {
      // A database hiccup: the next poll tries again.
      this.onError(error);
    } finally {
      watched.polling = false;
    }
  }
}
