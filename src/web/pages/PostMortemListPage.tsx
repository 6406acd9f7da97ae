/**
 * The post-mortem list (`/`): the summaries the caller may see, most recently updated first, with filters kept
 * in the URL query (pages/list-filters.ts), full-text search (`GET /api/search`), paging, and the way to create
 * one for those who may.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { postMortemPageSchema, searchResponseSchema } from '../../contract/api.js';
import { ApiError, apiGet } from '../api.js';
import { useAuth } from '../auth.js';
import { Loading } from '../shell/Layout.js';
import { vocabularyLabel as label } from '../shell/SelectField.js';
import { FilterControls } from './FilterControls.js';
import {
  filtersFromParams,
  hasFilters,
  type ListFilters,
  listQuery,
  PAGE_SIZE,
  type PostMortemSummary,
} from './list-filters.js';
import '../styles/list.css';

type Page = z.infer<typeof postMortemPageSchema>;
type SearchResults = z.infer<typeof searchResponseSchema>;

type Load<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: T }
  | { readonly state: 'error'; readonly message: string };

function failureText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'the list could not be loaded';
}

/** Loads `load()` again whenever `key` changes; `retry` asks again. */
function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` reads.
  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    load(controller.signal)
      .then((data) => setResult({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'error', message: failureText(error) });
      });
    return () => controller.abort();
  }, [key, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}

function formatInstant(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime())
    ? instant
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function SummaryTable({ items }: { readonly items: readonly PostMortemSummary[] }) {
  return (
    <table className="pm-table">
      <caption className="visually-hidden">Post-mortems, most recently updated first</caption>
      <thead>
        <tr>
          <th scope="col">Post-mortem</th>
          <th scope="col">Status</th>
          <th scope="col">Severity</th>
          <th scope="col">Types</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>
              <Link to={`/post-mortems/${encodeURIComponent(item.id)}`} className="pm-link">
                <span className="pm-id">{item.id}</span> <span className="pm-title">{item.title}</span>
              </Link>
              {item.restricted && <span className="badge restricted">Restricted</span>}
              {item.tags.length > 0 && (
                <ul className="tags" aria-label="Tags">
                  {item.tags.map((tag) => (
                    <li key={tag}>{tag}</li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <span className={`badge status-${item.status}`}>{label(item.status)}</span>
            </td>
            <td>
              <span className={`badge severity-${item.severity}`}>{label(item.severity)}</span>
            </td>
            <td>{item.types.map(label).join(', ')}</td>
            <td>
              <time dateTime={item.updated}>{formatInstant(item.updated)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SearchResultsView({ q }: { readonly q: string }) {
  const [result, retry] = useLoad<SearchResults>(q, (signal) =>
    apiGet<SearchResults>('/search', { q }, { signal }),
  );
  if (result.state === 'loading') return <Loading what="Searching…" />;
  if (result.state === 'error')
    return <ErrorState message={`Search failed: ${result.message}`} retry={retry} />;
  const { hits, restrictedMatches } = result.data;
  return (
    <section aria-label="Search results">
      <p role="status">
        {hits.length === 0
          ? `Nothing matches “${q}”.`
          : `${hits.length} post-mortem${hits.length === 1 ? '' : 's'} match “${q}”.`}
        {restrictedMatches > 0 &&
          ` ${restrictedMatches} restricted post-mortem(s) you are not a member of also match.`}
      </p>
      <ul className="search-hits">
        {hits.map((hit) => (
          <li key={hit.id}>
            <Link to={`/post-mortems/${encodeURIComponent(hit.id)}`} className="pm-link">
              <span className="pm-id">{hit.id}</span> <span className="pm-title">{hit.title}</span>
            </Link>
            {hit.snippets.slice(0, 2).map((snippet) => (
              <p key={`${snippet.path}:${snippet.text}`} className="snippet">
                <span className="snippet-path">{snippet.path}</span> {snippet.text}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ErrorState({ message, retry }: { readonly message: string; readonly retry: () => void }) {
  return (
    <div className="error-state">
      <p role="alert">{message}</p>
      <button type="button" className="button secondary" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

/** The list page. */
export function PostMortemListPage() {
  const auth = useAuth();
  const canCreate = auth.can('post-mortem:create');
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
  const q = params.get('q') ?? '';
  const [searchText, setSearchText] = useState(q);
  useEffect(() => setSearchText(q), [q]);

  const queryKey = JSON.stringify(listQuery(filters, offset));
  const [page, retry] = useLoad<Page>(queryKey, (signal) =>
    apiGet<Page>('/post-mortems', listQuery(filters, offset), { signal }),
  );

  const writeParams = (next: ListFilters, nextOffset: number, nextQ: string) => {
    const out = new URLSearchParams();
    if (nextQ !== '') out.set('q', nextQ);
    if (next.status !== undefined) out.set('status', next.status);
    if (next.severity !== undefined) out.set('severity', next.severity);
    if (next.type !== undefined) out.set('type', next.type);
    for (const tag of next.tags) out.append('tag', tag);
    if (next.from !== undefined) out.set('from', next.from);
    if (next.to !== undefined) out.set('to', next.to);
    if (nextOffset > 0) out.set('offset', String(nextOffset));
    setParams(out);
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    writeParams(filters, 0, searchText.trim());
  };

  return (
    <section className="page list-page">
      <div className="page-heading">
        <h1>Post-mortems</h1>
        {canCreate && (
          <Link to="/new" className="button primary">
            New post-mortem
          </Link>
        )}
      </div>
      <search>
        <form className="search" onSubmit={search}>
          <label htmlFor="pm-search">Search post-mortems</label>
          <input
            id="pm-search"
            type="search"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          <button type="submit" className="button secondary">
            Search
          </button>
          {q !== '' && (
            <button type="button" className="button link" onClick={() => writeParams(filters, 0, '')}>
              Show all post-mortems
            </button>
          )}
        </form>
      </search>
      {q !== '' ? (
        <SearchResultsView q={q} />
      ) : (
        <>
          <FilterControls filters={filters} onChange={(next) => writeParams(next, 0, '')} />
          {page.state === 'loading' && <Loading />}
          {page.state === 'error' && (
            <ErrorState message={`The post-mortems could not be loaded: ${page.message}`} retry={retry} />
          )}
          {page.state === 'ready' && (
            <ListBody
              page={page.data}
              filters={filters}
              canCreate={canCreate}
              onClear={() => writeParams({ tags: [] }, 0, '')}
              onPage={(nextOffset) => writeParams(filters, nextOffset, '')}
            />
          )}
        </>
      )}
    </section>
  );
}

function ListBody(props: {
  readonly page: Page;
  readonly filters: ListFilters;
  readonly canCreate: boolean;
  readonly onClear: () => void;
  readonly onPage: (offset: number) => void;
}) {
  const { page, filters } = props;
  // The server applies the filters (GET /api/post-mortems?status=&severity=&type=&tag=&from=&to=).
  const items = page.items;
  if (items.length === 0) {
    return (
      <div className="empty-state">
        {hasFilters(filters) ? (
          <>
            <p>No post-mortem matches these filters.</p>
            <button type="button" className="button secondary" onClick={props.onClear}>
              Clear filters
            </button>
          </>
        ) : (
          <p>
            No post-mortems yet.
            {props.canCreate
              ? ' Start one with “New post-mortem”.'
              : ' Those you are given access to will appear here.'}
          </p>
        )}
      </div>
    );
  }
  const last = Math.min(page.offset + page.items.length, page.total);
  return (
    <>
      <SummaryTable items={items} />
      <nav aria-label="Pages" className="pager">
        <span>
          {page.offset + 1}–{last} of {page.total}
        </span>
        <button
          type="button"
          className="button secondary"
          disabled={page.offset === 0}
          onClick={() => props.onPage(Math.max(0, page.offset - PAGE_SIZE))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={last >= page.total}
          onClick={() => props.onPage(page.offset + PAGE_SIZE)}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
