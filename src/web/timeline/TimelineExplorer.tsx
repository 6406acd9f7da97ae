/**
 * The working timeline explorer (`/post-mortems/:id/timeline`): every ingested event of a post-mortem in time
 * order, searchable and filterable, with a histogram to brush a time range, stars, tags, details and promotion
 * to the curated timeline.
 *
 * It stays responsive at a million events: rows are virtualized (@tanstack/react-virtual, fixed row height, so
 * no measuring), pages are fetched one at a time with the API's keyset cursor as the view nears the end, and at
 * most a few pages are held (page-window.ts). The work per scroll frame is a binary search per visible row.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, apiGet, apiSend } from '../api.js';
import { useAuth } from '../auth.js';
import { EventDetails } from './EventDetails.js';
import { FilterBar } from './FilterBar.js';
import { Histogram } from './Histogram.js';
import {
  eventColumns,
  eventPath,
  filtersFromSearch,
  formatUtc,
  searchWithFilters,
  type TimelineEvent,
  type TimelineFilters,
  type TimelineHistogram,
  timelineQuery,
} from './timeline-query.js';
import { type TimelinePages, useTimelinePages } from './use-timeline-pages.js';
import '../styles/timeline.css';

/** The height of a row in pixels (rows are one line; CSS sets the same height). */
export const ROW_HEIGHT = 34;

/** Props: the post-mortem, and what to do when a promotion changed its document. */
export interface TimelineExplorerProps {
  readonly postMortemId: string;
  readonly onDocumentChanged?: () => void;
}

/** The explorer. */
export function TimelineExplorer({ postMortemId, onDocumentChanged }: TimelineExplorerProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const searchText = searchParams.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query text is the identity of the filters
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchText]);
  const setFilters = useCallback(
    (next: TimelineFilters) =>
      setSearchParams((current) => searchWithFilters(current, next), { replace: true }),
    [setSearchParams],
  );
  const auth = useAuth();
  const canEdit = auth.can('post-mortem:edit');
  const pages = useTimelinePages(postMortemId, filters);
  // The histogram waits for the first page: on a large timeline it is the slower query, and the server answers
  // one query at a time per database connection, so asking for both at once would delay the rows (bench:web).
  const firstPageAnswered =
    pages.rows > 0 || (!pages.loading && (pages.error !== undefined || !pages.hasMore));
  const histogram = useHistogram(postMortemId, filters, firstPageAnswered);
  const [selected, setSelected] = useState<TimelineEvent | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const toggleStar = useCallback(
    (event: TimelineEvent) => {
      const before = pages.withPatch(event);
      const starred = !before.starred;
      pages.patch(event.id, { ...before, starred });
      setSelected((current) => (current?.id === event.id ? { ...before, starred } : current));
      apiSend<TimelineEvent>('POST', eventPath(postMortemId, event.id, 'star'), { starred })
        .then((updated) => pages.patch(event.id, updated))
        .catch((error: unknown) => {
          // Roll back: the star shows what the server holds.
          pages.patch(event.id, before);
          setSelected((current) => (current?.id === event.id ? before : current));
          const why = error instanceof ApiError ? error.message : 'the server could not be reached';
          setNotice(`Could not ${starred ? 'star' : 'unstar'} event ${event.id}: ${why}`);
        });
    },
    [pages, postMortemId],
  );

  const shown = selected === undefined ? undefined : pages.withPatch(selected);
  return (
    <div className={shown ? 'timeline-explorer with-details' : 'timeline-explorer'}>
      <div className="timeline-main">
        <FilterBar filters={filters} onChange={setFilters} />
        {histogram.data ? (
          <Histogram
            histogram={histogram.data}
            onSelect={(range) => setFilters({ ...filters, from: range.from, to: range.to })}
          />
        ) : (
          <p className="histogram-placeholder" aria-live="polite">
            {histogram.error ?? 'Loading the histogram…'}
          </p>
        )}
        {notice ? (
          <p role="alert" className="notice">
            {notice}{' '}
            <button type="button" onClick={() => setNotice(undefined)}>
              Dismiss
            </button>
          </p>
        ) : null}
        <EventGrid
          pages={pages}
          total={histogram.data?.total}
          canEdit={canEdit}
          selectedId={shown?.id}
          onOpen={setSelected}
          onToggleStar={toggleStar}
        />
      </div>
      {shown ? (
        <EventDetails
          postMortemId={postMortemId}
          event={shown}
          canEdit={canEdit}
          onClose={() => setSelected(undefined)}
          onToggleStar={toggleStar}
          onEventChanged={(updated) => {
            pages.patch(updated.id, updated);
            setSelected(updated);
          }}
          onPromoted={() => onDocumentChanged?.()}
        />
      ) : null}
    </div>
  );
}

function useHistogram(postMortemId: string, filters: TimelineFilters, enabled: boolean) {
  const [state, setState] = useState<{ key: string; data?: TimelineHistogram; error?: string }>({ key: '' });
  const query = timelineQuery(filters);
  const key = `${postMortemId}?${query}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key covers the post-mortem and the filters
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    apiGet<TimelineHistogram>(
      `/post-mortems/${encodeURIComponent(postMortemId)}/timeline/histogram`,
      Object.fromEntries(new URLSearchParams(query)),
    )
      .then((data) => {
        if (live) setState({ key, data });
      })
      .catch((error: unknown) => {
        if (live)
          setState({
            key,
            error: error instanceof ApiError ? error.message : 'the histogram could not be loaded',
          });
      });
    return () => {
      live = false;
    };
  }, [key, enabled]);
  // Keep showing the previous histogram while the next loads, so the chart does not flicker.
  return state;
}

interface EventGridProps {
  readonly pages: TimelinePages;
  readonly total: number | undefined;
  readonly canEdit: boolean;
  readonly selectedId: string | undefined;
  readonly onOpen: (event: TimelineEvent) => void;
  readonly onToggleStar: (event: TimelineEvent) => void;
}

function EventGrid({ pages, total, canEdit, selectedId, onOpen, onToggleStar }: EventGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The row to focus once rendered: kept in a ref, since the virtualizer may re-render before `active` updates.
  const focusTarget = useRef<number | undefined>(undefined);
  const count = pages.rows + (pages.hasMore || pages.error ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header row sits inside the scrolling box, one row high.
    paddingStart: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { setView } = pages;
  useEffect(() => setView(first, last), [setView, first, last]);

  // After a keyboard move, focus the row once it is rendered.
  useEffect(() => {
    if (focusTarget.current === undefined) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row="${focusTarget.current}"]`);
    if (row) {
      focusTarget.current = undefined;
      row.focus();
    }
  });

  const move = (to: number) => {
    const index = Math.max(0, Math.min(pages.rows - 1, to));
    focusTarget.current = index;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
  const onRowKeyDown = (
    event: KeyboardEvent<HTMLDivElement>,
    index: number,
    row: TimelineEvent | undefined,
  ) => {
    if (event.target !== event.currentTarget) return;
    const keys: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: pages.rows - 1,
    };
    const to = keys[event.key];
    if (to !== undefined) {
      event.preventDefault();
      move(to);
    } else if ((event.key === 'Enter' || event.key === ' ') && row) {
      event.preventDefault();
      onOpen(row);
    }
  };

  const known = total ?? (pages.hasMore ? undefined : pages.rows);
  // The rows above and below the rendered ones are two spacer rows, so the table keeps its native layout.
  const top = Math.max(0, (items[0]?.start ?? ROW_HEIGHT) - ROW_HEIGHT);
  const bottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? ROW_HEIGHT));
  return (
    <div className="event-grid">
      <div ref={scrollRef} className="event-scroll">
        <table
          aria-label="Events"
          aria-rowcount={known === undefined ? -1 : known + 1}
          aria-busy={pages.loading}
        >
          <colgroup>
            <col className="col-time" />
            <col className="col-host" />
            <col className="col-user" />
            <col className="col-action" />
            <col />
            <col className="col-star" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Host</th>
              <th scope="col">User</th>
              <th scope="col">Action</th>
              <th scope="col">Message</th>
              <th scope="col">
                <span className="visually-hidden">Star</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {top > 0 ? <SpacerRow height={top} /> : null}
            {count === 0 ? (
              <tr>
                <td colSpan={6}>No events match.</td>
              </tr>
            ) : null}
            {items.map((item) => {
              if (item.index >= pages.rows) {
                return (
                  <tr key="end" className="event-loading">
                    <td colSpan={6}>
                      {pages.error ? (
                        <>
                          The events could not be loaded: {pages.error}{' '}
                          <button type="button" onClick={pages.retry}>
                            Retry
                          </button>
                        </>
                      ) : (
                        'Loading more events…'
                      )}
                    </td>
                  </tr>
                );
              }
              const row = pages.eventAt(item.index);
              if (row === undefined) {
                return (
                  <tr key={item.key} className="event-loading">
                    <td colSpan={6}>Loading…</td>
                  </tr>
                );
              }
              const { host, user, action } = eventColumns(row);
              const isActive = item.index === active;
              return (
                <tr
                  key={row.id}
                  data-row={item.index}
                  aria-rowindex={item.index + 2}
                  aria-selected={row.id === selectedId}
                  tabIndex={isActive ? 0 : -1}
                  className={row.id === selectedId ? 'event-row selected' : 'event-row'}
                  onFocus={() => setActive(item.index)}
                  onClick={() => onOpen(row)}
                  onKeyDown={(e) => onRowKeyDown(e, item.index, row)}
                >
                  <td className="event-time">
                    <time dateTime={row.time}>{formatUtc(row.time)}</time>
                    {row.timeAssumed ? (
                      <abbr title="The source gave no offset; the zone was assumed" className="assumed">
                        ~
                      </abbr>
                    ) : null}
                  </td>
                  <td>{host}</td>
                  <td>{user}</td>
                  <td>{action}</td>
                  <td className="event-message">
                    {row.message}
                    {row.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td className="event-star">
                    {canEdit ? (
                      <button
                        type="button"
                        aria-label={row.starred ? 'Unstar' : 'Star'}
                        title={row.starred ? 'Remove the star' : 'Star this event'}
                        className={row.starred ? 'star on' : 'star'}
                        tabIndex={isActive ? 0 : -1}
                        onClick={(e) => {
                          e.stopPropagation();
                          onToggleStar(row);
                        }}
                      >
                        {row.starred ? '★' : '☆'}
                      </button>
                    ) : row.starred ? (
                      <span title="Starred">★</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
            {bottom > 0 ? <SpacerRow height={bottom} /> : null}
          </tbody>
        </table>
      </div>
      <p className="event-count" aria-live="polite">
        {known === undefined
          ? `${pages.rows.toLocaleString('en')}+ events`
          : `${known.toLocaleString('en')} events`}
        {pages.loading ? ' · loading…' : ''}
      </p>
    </div>
  );
}

/** Stands for the rows that are not rendered, so the scrollbar covers the whole list. */
function SpacerRow({ height }: { readonly height: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row, never focusable, hidden from the row count
    <tr aria-hidden="true" className="spacer">
      <td colSpan={6} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
