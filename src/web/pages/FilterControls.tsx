/** The list's filter controls (status, severity, type, tags, updated from/to); every change goes to the URL. */
import { type FormEvent, useEffect, useState } from 'react';
import { POST_MORTEM_STATUSES, POST_MORTEM_TYPES, SEVERITIES } from '../../core/vocabulary.js';
import { SelectField } from '../shell/SelectField.js';
import { hasFilters, type ListFilters, splitTags } from './list-filters.js';

/** The filter controls; every change is written to the URL query. */
export function FilterControls({
  filters,
  onChange,
}: {
  readonly filters: ListFilters;
  readonly onChange: (next: ListFilters) => void;
}) {
  const [tagText, setTagText] = useState(filters.tags.join(', '));
  const appliedTags = filters.tags.join(', ');
  // Follow the URL (back button, "Clear filters"), not every render: `filters` is rebuilt each time.
  useEffect(() => setTagText(appliedTags), [appliedTags]);
  const set = (patch: Partial<ListFilters>) => {
    const next: Record<string, unknown> = { ...filters, ...patch };
    for (const key of Object.keys(next)) if (next[key] === '' || next[key] === undefined) delete next[key];
    onChange(next as unknown as ListFilters);
  };
  const applyTags = (event?: FormEvent) => {
    event?.preventDefault();
    const tags = splitTags(tagText);
    if (tags.join(',') !== filters.tags.join(',')) set({ tags });
  };
  return (
    <form className="filters" aria-label="Filters" onSubmit={applyTags}>
      <SelectField
        id="filter-status"
        label="Status"
        anyLabel="Any status"
        value={filters.status ?? ''}
        options={POST_MORTEM_STATUSES}
        onChange={(status) => set({ status: status as ListFilters['status'] })}
      />
      <SelectField
        id="filter-severity"
        label="Severity"
        anyLabel="Any severity"
        value={filters.severity ?? ''}
        options={SEVERITIES}
        onChange={(severity) => set({ severity: severity as ListFilters['severity'] })}
      />
      <SelectField
        id="filter-type"
        label="Type"
        anyLabel="Any type"
        value={filters.type ?? ''}
        options={POST_MORTEM_TYPES}
        onChange={(type) => set({ type: type as ListFilters['type'] })}
      />
      <div className="field">
        <label htmlFor="filter-tags">Tags</label>
        <input
          id="filter-tags"
          value={tagText}
          placeholder="phishing, cloud"
          aria-describedby="filter-tags-hint"
          onChange={(e) => setTagText(e.target.value)}
          onBlur={() => applyTags()}
        />
        <span id="filter-tags-hint" className="visually-hidden">
          Separate tags with commas; press Enter to apply.
        </span>
      </div>
      <div className="field">
        <label htmlFor="filter-from">Updated from</label>
        <input
          id="filter-from"
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => set({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">Updated to</label>
        <input
          id="filter-to"
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => set({ to: e.target.value })}
        />
      </div>
      {hasFilters(filters) && (
        <button type="button" className="button secondary" onClick={() => onChange({ tags: [] })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
