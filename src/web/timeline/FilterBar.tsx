/**
 * The filter controls of the working timeline: the search box (debounced, written to the URL as `q`) and a form
 * for the field filters (applied together). Every value lives in the URL, so a view can be shared.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { FILTER_KEYS, type FilterKey, type TimelineFilters } from './timeline-query.js';

/** How long typing must pause before the search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

const FIELD_LABELS: Readonly<Record<Exclude<FilterKey, 'q' | 'starred'>, string>> = {
  from: 'From (UTC)',
  to: 'To (UTC)',
  host: 'Host',
  user: 'User',
  ip: 'IP address',
  action: 'Action',
  tag: 'Tag',
  ioc: 'Indicator',
  evidence: 'Evidence',
};

const PLACEHOLDERS: Partial<Record<FilterKey, string>> = {
  from: '2026-03-14T09:00Z',
  to: '2026-03-14',
  host: 'web-*',
  evidence: 'EV-0001',
};

/** Props: the filters in force and how to change them. */
export interface FilterBarProps {
  readonly filters: TimelineFilters;
  readonly onChange: (filters: TimelineFilters) => void;
}

/** The search box and the filter form. */
export function FilterBar({ filters, onChange }: FilterBarProps) {
  const searchId = useId();
  const [search, setSearch] = useState(filters.q ?? '');
  const [draft, setDraft] = useState<TimelineFilters>(filters);
  const [open, setOpen] = useState(false);

  // The URL changed elsewhere (back button, brush, clear): show what is in force.
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);
  useEffect(() => setDraft(filters), [filters]);

  // Debounced search: write `q` once typing pauses.
  useEffect(() => {
    const value = search.trim();
    if (value === (filters.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filters, q: value }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...draft, q: search.trim() });
  };
  const active = FILTER_KEYS.filter((key) => key !== 'q' && filters[key] !== undefined);

  return (
    <div className="filter-bar">
      <div className="filter-search">
        <label htmlFor={searchId}>Search events</label>
        <input
          id={searchId}
          type="search"
          value={search}
          placeholder='words, "a phrase", prefix*, -exclude'
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...filters, q: search.trim() });
          }}
        />
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          Filters{active.length > 0 ? ` (${active.length})` : ''}
        </button>
        {active.length > 0 || filters.q ? (
          <button type="button" onClick={() => onChange({})}>
            Clear filters
          </button>
        ) : null}
      </div>
      {active.length > 0 ? (
        <ul className="filter-chips" aria-label="Filters in force">
          {active.map((key) => (
            <li key={key} className="tag">
              {key === 'starred' ? 'starred only' : `${key}: ${filters[key]}`}
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove filter ${key}`}
                onClick={() => onChange({ ...filters, [key]: undefined })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <form className="filter-form" onSubmit={onSubmit} aria-label="Event filters">
          {(Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).map((key) => (
            <FilterField
              key={key}
              label={FIELD_LABELS[key]}
              value={draft[key] ?? ''}
              placeholder={PLACEHOLDERS[key]}
              onChange={(value) => setDraft({ ...draft, [key]: value })}
            />
          ))}
          <label className="filter-check">
            <input
              type="checkbox"
              checked={draft.starred === 'true'}
              onChange={(e) => setDraft({ ...draft, starred: e.target.checked ? 'true' : undefined })}
            />
            Starred only
          </label>
          <button type="submit">Apply filters</button>
        </form>
      ) : null}
    </div>
  );
}

function FilterField(props: {
  label: string;
  value: string;
  placeholder: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
