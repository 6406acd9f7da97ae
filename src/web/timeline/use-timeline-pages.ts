/**
 * Loads the working timeline page by page for the explorer: one request at a time, the first page at once, the
 * next one when the view nears the end, an evicted one again when it scrolls back into view (page-window.ts).
 * Changing the filters starts over; answers to requests made for older filters are dropped.
 *
 * Stars and tags changed in the explorer are kept as patches over the pages (by event id), so a change shows at
 * once and can be rolled back when the server refuses it, without touching the pages themselves.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, apiGet } from '../api.js';
import { applyPage, emptyWindow, eventAt, type PageWindow, slotToLoad } from './page-window.js';
import {
  PAGE_SIZE,
  type TimelineEvent,
  type TimelineFilters,
  type TimelinePage,
  timelineQuery,
} from './timeline-query.js';

/** What the explorer needs from the pages. */
export interface TimelinePages {
  /** The rows known so far (the virtual list's length, without the loading row). */
  readonly rows: number;
  /** Is there more after the known rows? */
  readonly hasMore: boolean;
  /** Is a page request in flight? */
  readonly loading: boolean;
  /** Why the last request failed, if it did. */
  readonly error: string | undefined;
  /** The event at a row (with its patch), or undefined while its page is not resident. */
  eventAt(row: number): TimelineEvent | undefined;
  /** An event as shown: its patch when it has one. */
  withPatch(event: TimelineEvent): TimelineEvent;
  /** Tells the loader which rows are in view; it loads what they need. Cheap: call it on every range change. */
  setView(first: number, last: number): void;
  /** Replaces an event as shown (an optimistic change or the server's answer); undefined removes the patch. */
  patch(id: string, event: TimelineEvent | undefined): void;
  /** Retries after an error. */
  retry(): void;
}

/** Rows before the end at which the next page is requested. */
const AHEAD = 50;

/** The working timeline of a post-mortem under the given filters, as a window of pages. */
export function useTimelinePages(postMortemId: string, filters: TimelineFilters): TimelinePages {
  const query = timelineQuery(filters);
  // The pages belong to the post-mortem and filters they were loaded for; other filters start over.
  const source = `${postMortemId}?${query}`;
  const [state, setState] = useState<{ readonly source: string; readonly win: PageWindow }>(() => ({
    source,
    win: emptyWindow(),
  }));
  const win = useMemo(() => (state.source === source ? state.win : emptyWindow()), [state, source]);
  const [patches, setPatches] = useState<{
    readonly source: string;
    readonly map: ReadonlyMap<string, TimelineEvent>;
  }>(() => ({ source, map: new Map() }));
  const [failure, setFailure] = useState<{ readonly source: string; readonly message: string } | undefined>();
  const error = failure?.source === source ? failure.message : undefined;
  const [view, setViewState] = useState<readonly [number, number]>([0, 0]);
  const [attempt, setAttempt] = useState(0);
  // The request in flight, by the source it was made for: one at a time per source.
  const [inFlight, setInFlight] = useState<string | undefined>();
  const sourceRef = useRef(source);
  sourceRef.current = source;
  // The request last started: a second run of the effect before `busy` shows (React's StrictMode runs effects
  // twice in development) must not fetch the same page again.
  const started = useRef('');

  const [first, last] = view;
  const wanted = error === undefined ? slotToLoad(win, first, last, AHEAD) : undefined;
  const busy = inFlight === source;

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load after retry()
  useEffect(() => {
    if (wanted === undefined || busy) return;
    const slot = win.slots[wanted];
    if (slot === undefined) return;
    const mine = source;
    const request = `${mine}|${wanted}|${slot.after ?? ''}|${slot.length}|${attempt}`;
    if (started.current === request) return;
    started.current = request;
    setInFlight(mine);
    const path = `/post-mortems/${encodeURIComponent(postMortemId)}/timeline`;
    const params = new URLSearchParams(timelineQuery(filters, { limit: PAGE_SIZE, after: slot.after }));
    apiGet<TimelinePage>(path, Object.fromEntries(params))
      .then((page) => {
        if (sourceRef.current !== mine) return;
        setState((current) => ({
          source: mine,
          win: applyPage(current.source === mine ? current.win : emptyWindow(), wanted, page),
        }));
      })
      .catch((cause: unknown) => {
        if (sourceRef.current !== mine) return;
        setFailure({
          source: mine,
          message: cause instanceof ApiError ? cause.message : 'the events could not be loaded',
        });
      })
      .finally(() => {
        // The same page may be needed again later (evicted, then scrolled back to).
        if (started.current === request) started.current = '';
        setInFlight((current) => (current === mine ? undefined : current));
      });
  }, [wanted, win, busy, source, attempt]);

  const setView = useCallback((from: number, to: number) => {
    setViewState((current) => (current[0] === from && current[1] === to ? current : [from, to]));
  }, []);

  const patch = useCallback((id: string, event: TimelineEvent | undefined) => {
    setPatches((current) => {
      const next = new Map(current.source === sourceRef.current ? current.map : undefined);
      if (event === undefined) next.delete(id);
      else next.set(id, event);
      return { source: sourceRef.current, map: next };
    });
  }, []);

  const retry = useCallback(() => {
    setFailure(undefined);
    setAttempt((n) => n + 1);
  }, []);

  const patchMap = patches.source === source ? patches.map : undefined;
  return useMemo<TimelinePages>(
    () => ({
      rows: win.rows,
      hasMore: win.hasMore,
      loading: busy,
      error,
      eventAt: (row) => {
        const event = eventAt(win, row);
        return event === undefined ? undefined : (patchMap?.get(event.id) ?? event);
      },
      withPatch: (event) => patchMap?.get(event.id) ?? event,
      setView,
      patch,
      retry,
    }),
    [win, busy, error, patchMap, setView, patch, retry],
  );
}
