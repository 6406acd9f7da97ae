/**
 * The actions page (`/actions`): the recommendations of every post-mortem the caller may see, soonest due first
 * (`GET /api/actions`), with filters kept in the URL query (so a filtered list can be bookmarked and shared) and
 * links to download the same actions as a CSV file for Jira, Trello, Asana or monday.com
 * (`GET /api/actions/export`). Restricted post-mortems the caller may not see are not in the server's answer.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { actionsResponseSchema } from '../../contract/api.js';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '../../core/vocabulary.js';
import { ApiError, apiGet, apiUrl, type Query } from '../api.js';
import { Loading } from '../shell/Layout.js';
import { vocabularyLabel as label, SelectField } from '../shell/SelectField.js';
import '../styles/list.css';
import '../styles/actions.css';

type Actions = z.infer<typeof actionsResponseSchema>;
type Action = Actions[number];

/** The "Due within" choices: the API's `dueWithin` values, the empty one meaning any due date. */
const DUE_WITHIN = [
  { value: '', label: 'Any time' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
] as const;

/** The trackers the export links offer: the API's `format` and the name shown. */
const EXPORTS = [
  { format: 'jira', name: 'Jira' },
  { format: 'trello', name: 'Trello' },
  { format: 'asana', name: 'Asana' },
  { format: 'monday', name: 'monday.com' },
] as const;

/** The filters of the page, as in its URL query and in the API's. */
export interface ActionFilters {
  readonly owner?: string;
  readonly status?: RecommendationStatus;
  readonly overdue?: true;
  readonly dueWithin?: '7d' | '30d';
}

/** Reads the filters from the page's URL query, ignoring values the API would refuse. */
export function actionFiltersFromParams(params: URLSearchParams): ActionFilters {
  const owner = params.get('owner')?.trim() ?? '';
  const status = params.get('status') ?? '';
  const dueWithin = params.get('dueWithin') ?? '';
  return {
    ...(owner === '' ? {} : { owner }),
    ...((RECOMMENDATION_STATUSES as readonly string[]).includes(status)
      ? { status: status as RecommendationStatus }
      : {}),
    ...(params.get('overdue') === 'true' ? { overdue: true as const } : {}),
    ...(dueWithin === '7d' || dueWithin === '30d' ? { dueWithin } : {}),
  };
}

/** The filters as URL and API query parameters (`owner`, `status`, `overdue=true`, `dueWithin`). */
export function actionsQuery(filters: ActionFilters): Query {
  return {
    owner: filters.owner,
    status: filters.status,
    overdue: filters.overdue === true ? 'true' : undefined,
    dueWithin: filters.dueWithin,
  };
}

function hasFilters(filters: ActionFilters): boolean {
  return Object.keys(filters).length > 0;
}

type Load = { state: 'loading' } | { state: 'ready'; data: Actions } | { state: 'error'; message: string };

/** The actions page. */
export function ActionsPage() {
  const [params, setParams] = useSearchParams();
  const filters = actionFiltersFromParams(params);
  const query = actionsQuery(filters);
  const key = apiUrl('/actions', query);
  const [result, setResult] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the URL, naming everything `query` holds.
  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    apiGet<Actions>('/actions', query, { signal: controller.signal })
      .then((data) => setResult({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof ApiError ? error.message : 'the actions could not be loaded';
        setResult({ state: 'error', message });
      });
    return () => controller.abort();
  }, [key, attempt]);

  const write = (next: ActionFilters) => {
    const out = new URLSearchParams();
    for (const [name, value] of Object.entries(actionsQuery(next))) {
      if (typeof value === 'string' && value !== '') out.set(name, value);
    }
    setParams(out);
  };

  return (
    <section className="page actions-page">
      <div className="page-heading">
        <h1>Actions</h1>
      </div>
      <p className="actions-intro">
        The recommendations of every post-mortem you may see, soonest due first. Open a post-mortem to change
        one.
      </p>
      <ActionFilterControls filters={filters} onChange={write} />
      <nav aria-label="Export" className="actions-export">
        <ul>
          {EXPORTS.map(({ format, name }) => (
            <li key={format}>
              <a href={apiUrl('/actions/export', { format, ...query })} download>
                Export for {name} (CSV)
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {result.state === 'loading' && <Loading what="Loading the actions…" />}
      {result.state === 'error' && (
        <div className="error-state">
          <p role="alert">The actions could not be loaded: {result.message}</p>
          <button type="button" className="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {result.state === 'ready' && (
        <ActionsBody actions={result.data} filtered={hasFilters(filters)} onClear={() => write({})} />
      )}
    </section>
  );
}

function ActionFilterControls({
  filters,
  onChange,
}: {
  readonly filters: ActionFilters;
  readonly onChange: (next: ActionFilters) => void;
}) {
  const applied = filters.owner ?? '';
  const [ownerText, setOwnerText] = useState(applied);
  // Follow the URL (back button, "Clear filters"), not every keystroke.
  useEffect(() => setOwnerText(applied), [applied]);
  const set = (patch: Partial<Record<keyof ActionFilters, string | boolean | undefined>>) => {
    const next: Record<string, unknown> = { ...filters, ...patch };
    for (const name of Object.keys(next)) {
      if (next[name] === '' || next[name] === undefined || next[name] === false) delete next[name];
    }
    onChange(next as ActionFilters);
  };
  const applyOwner = (event?: FormEvent) => {
    event?.preventDefault();
    const owner = ownerText.trim();
    if (owner !== applied) set({ owner });
  };
  return (
    <form className="filters" aria-label="Filters" onSubmit={applyOwner}>
      <div className="field">
        <label htmlFor="actions-owner">Owner</label>
        <input
          id="actions-owner"
          value={ownerText}
          aria-describedby="actions-owner-hint"
          onChange={(e) => setOwnerText(e.target.value)}
          onBlur={() => applyOwner()}
        />
        <span id="actions-owner-hint" className="visually-hidden">
          A username; press Enter to apply.
        </span>
      </div>
      <SelectField
        id="actions-status"
        label="Status"
        anyLabel="Any status"
        value={filters.status ?? ''}
        options={RECOMMENDATION_STATUSES}
        onChange={(status) => set({ status })}
      />
      <div className="field">
        <label htmlFor="actions-due-within">Due within</label>
        <select
          id="actions-due-within"
          value={filters.dueWithin ?? ''}
          onChange={(e) => set({ dueWithin: e.target.value })}
        >
          {DUE_WITHIN.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field actions-check">
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue === true}
            onChange={(e) => set({ overdue: e.target.checked })}
          />
          Overdue only
        </label>
      </div>
      {hasFilters(filters) && (
        <button type="button" className="button secondary" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function countLine(actions: Actions): string {
  const overdue = actions.filter((a) => a.overdue).length;
  const posts = new Set(actions.map((a) => a.postMortem)).size;
  return (
    `${actions.length} action${actions.length === 1 ? '' : 's'} in ${posts} post-mortem${posts === 1 ? '' : 's'}` +
    (overdue > 0 ? `, ${overdue} overdue.` : '.')
  );
}

function ActionsBody({
  actions,
  filtered,
  onClear,
}: {
  readonly actions: Actions;
  readonly filtered: boolean;
  readonly onClear: () => void;
}) {
  if (actions.length === 0) {
    return (
      <div className="empty-state">
        {filtered ? (
          <>
            <p>No action matches these filters.</p>
            <button type="button" className="button secondary" onClick={onClear}>
              Clear filters
            </button>
          </>
        ) : (
          <p>No actions yet. Recommendations written in the post-mortems you may see will appear here.</p>
        )}
      </div>
    );
  }
  return (
    <>
      <p className="actions-count">{countLine(actions)}</p>
      <table className="pm-table actions-table">
        <caption className="visually-hidden">Actions, soonest due first</caption>
        <thead>
          <tr>
            <th scope="col">Post-mortem</th>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <th scope="col">Due</th>
            <th scope="col">Priority</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((action) => (
            <ActionRow key={`${action.postMortem}/${action.id}`} action={action} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function dueText(action: Action): string {
  if (action.daysLeft === null) return '';
  if (action.overdue) return `${-action.daysLeft} day${action.daysLeft === -1 ? '' : 's'} late`;
  if (action.daysLeft === 0) return 'today';
  return `in ${action.daysLeft} day${action.daysLeft === 1 ? '' : 's'}`;
}

function ActionRow({ action }: { readonly action: Action }) {
  const owner = action.ownerName ?? action.owner;
  const suggested =
    action.suggestedPriority !== null && action.suggestedPriority !== action.priority
      ? action.suggestedPriority
      : undefined;
  return (
    <tr className={action.overdue ? 'overdue' : undefined}>
      <td>
        <Link
          to={`/post-mortems/${encodeURIComponent(action.postMortem)}/recommendations`}
          className="pm-link"
          title={action.postMortemTitle}
        >
          <span className="pm-id">{action.postMortem}</span>
        </Link>
        <span className="actions-pm-title">{action.postMortemTitle}</span>
      </td>
      <td>
        <span className="rec-id">{action.id}</span> {action.title}
      </td>
      <td>
        {owner === null ? (
          <span className="actions-muted">No owner</span>
        ) : (
          <span title={action.owner ?? undefined}>{owner}</span>
        )}
      </td>
      <td>
        <span className={`badge status-${action.status}`}>{label(action.status)}</span>
      </td>
      <td>
        {action.due === null ? (
          <span className="actions-muted">No due date</span>
        ) : (
          <>
            <time dateTime={action.due}>{action.due}</time>
            {action.overdue && <span className="badge actions-overdue">Overdue</span>}
            {dueText(action) !== '' && <span className="actions-muted actions-days">{dueText(action)}</span>}
          </>
        )}
      </td>
      <td>
        <span className={`badge priority-${action.priority}`}>{label(action.priority)}</span>
        {suggested !== undefined && (
          <span className="actions-muted actions-days" title={action.priorityBasis ?? undefined}>
            suggested: {label(suggested)}
          </span>
        )}
      </td>
    </tr>
  );
}
