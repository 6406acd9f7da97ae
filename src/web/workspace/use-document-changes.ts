/**
 * Others' changes without reloading: the workspace listens to `GET /api/post-mortems/:id/changes`, a stream of
 * server-sent events with one `version` event per stored version (`{ version, updatedAt, by? }`; docs/api.md).
 * The browser's EventSource sends the session cookie and reconnects by itself after a network failure or when the
 * server ends a stream (every 10 minutes, so access is checked again).
 */
import { useEffect, useRef } from 'react';
import { apiUrl } from '../api.js';

/** A stored version, as the change stream announces it. */
export interface VersionNotice {
  readonly version: number;
  readonly updatedAt: string;
  /** Who stored it (`alice`, `cli:root`), when the audit trail names them. */
  readonly by?: string;
}

/** Reads one event's data; undefined when it is not a version notice. */
export function parseNotice(data: string): VersionNotice | undefined {
  try {
    const value = JSON.parse(data) as Partial<VersionNotice>;
    if (typeof value.version !== 'number' || typeof value.updatedAt !== 'string') return undefined;
    return {
      version: value.version,
      updatedAt: value.updatedAt,
      ...(typeof value.by === 'string' ? { by: value.by } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onVersion` for every version the server announces for `postMortemId` (the first is the stored version
 * when the stream opens: compare it with what is shown) and `onGone` when the post-mortem was deleted.
 */
export function useDocumentChanges(
  postMortemId: string,
  onVersion: (notice: VersionNotice) => void,
  onGone: () => void,
): void {
  // The latest callbacks, without reopening the stream when they change.
  const handlers = useRef({ onVersion, onGone });
  handlers.current = { onVersion, onGone };
  useEffect(() => {
    // Without EventSource (very old browsers, some test environments) the workspace still works: a save that
    // meets someone's newer version answers 409 and shows both.
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(apiUrl(`/post-mortems/${encodeURIComponent(postMortemId)}/changes`));
    source.addEventListener('version', (event) => {
      const notice = parseNotice(event.data);
      if (notice !== undefined) handlers.current.onVersion(notice);
    });
    source.addEventListener('gone', () => {
      source.close();
      handlers.current.onGone();
    });
    return () => source.close();
  }, [postMortemId]);
}
