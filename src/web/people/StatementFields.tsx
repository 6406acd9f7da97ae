/** The fields of one interview statement: the timeline entry it is about, what was known, thought and done. */
import type { Statement, TimelineEntry } from '../../core/model.js';
import { withOptional } from './people-parts.js';

/** Props of the statement fields. */
export interface StatementFieldsProps {
  readonly idBase: string;
  /** The fieldset's legend, e.g. "Statement 1 of interview 2". */
  readonly name: string;
  readonly statement: Statement;
  readonly entries: readonly TimelineEntry[];
  readonly onChange: (statement: Statement) => void;
  readonly onRemove: () => void;
}

const TEXTS = [
  ['knew', 'What they knew'],
  ['thought', 'What they thought'],
  ['did', 'What they did'],
] as const;

/** One statement's fields. */
export function StatementFields(props: StatementFieldsProps) {
  const { idBase, name, statement, entries, onChange, onRemove } = props;
  return (
    <fieldset className="statement-fields">
      <legend>{name}</legend>
      <div className="field">
        <label htmlFor={`${idBase}-entry`}>About the timeline entry</label>
        <select
          id={`${idBase}-entry`}
          value={statement.entry ?? ''}
          onChange={(e) => onChange(withOptional(statement, 'entry', e.target.value))}
        >
          <option value="">None</option>
          {entries.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.id}: {entry.text.slice(0, 80)}
            </option>
          ))}
          {statement.entry && !entries.some((e) => e.id === statement.entry) ? (
            <option value={statement.entry}>{statement.entry}</option>
          ) : null}
        </select>
      </div>
      <div className="form-grid">
        {TEXTS.map(([key, label]) => (
          <div className="field" key={key}>
            <label htmlFor={`${idBase}-${key}`}>{label}</label>
            <textarea
              id={`${idBase}-${key}`}
              rows={2}
              value={statement[key] ?? ''}
              onChange={(e) => onChange(withOptional(statement, key, e.target.value))}
            />
          </div>
        ))}
      </div>
      <button type="button" className="button secondary" onClick={onRemove}>
        Remove {name.toLowerCase()}
      </button>
    </fieldset>
  );
}
