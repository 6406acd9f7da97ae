/**
 * A conflicting edit, shown with both versions: for each summary text that differs, my version and the stored
 * one side by side with a choice (keep mine / take theirs). Saving is possible once every field has a choice.
 */
import { type FormEvent, useState } from 'react';
import { type FieldConflict, type Side, SUMMARY_LABELS, type SummaryField } from './summary-merge.js';

/** Props: the conflicts and what to do with the merged texts. */
export interface ConflictResolverProps {
  readonly conflicts: readonly FieldConflict[];
  /** The stored version's number, to name it. */
  readonly theirsVersion: number | undefined;
  readonly saving: boolean;
  readonly error: string | undefined;
  /** The side chosen for every conflicting field. */
  readonly onResolve: (choices: Readonly<Partial<Record<SummaryField, Side>>>) => void;
  readonly onCancel: () => void;
}

/** The side-by-side view with a choice per field. */
export function ConflictResolver(props: ConflictResolverProps) {
  const { conflicts } = props;
  const [choices, setChoices] = useState<Partial<Record<SummaryField, Side>>>(() =>
    Object.fromEntries(conflicts.flatMap((c) => (c.suggested === undefined ? [] : [[c.field, c.suggested]]))),
  );
  const missing = conflicts.filter((c) => choices[c.field] === undefined);
  const theirsName =
    props.theirsVersion === undefined ? 'the stored version' : `version ${props.theirsVersion}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (missing.length === 0) props.onResolve(choices);
  };

  return (
    <form className="conflict" onSubmit={onSubmit} aria-labelledby="conflict-heading">
      <h3 id="conflict-heading">Someone else saved this post-mortem while you were editing</h3>
      <p role="alert">
        Your changes were not saved: {theirsName} changed meanwhile. For each text that differs, choose which
        version to keep, then save again.
      </p>
      {conflicts.map((conflict) => (
        <fieldset key={conflict.field} className="conflict-field">
          <legend>{SUMMARY_LABELS[conflict.field]}</legend>
          <div className="conflict-sides">
            <div className="conflict-side">
              <h4>Your version</h4>
              <p className="prose">{conflict.mine || <em>(empty)</em>}</p>
              <label className="check">
                <input
                  type="radio"
                  name={`conflict-${conflict.field}`}
                  checked={choices[conflict.field] === 'mine'}
                  onChange={() => setChoices({ ...choices, [conflict.field]: 'mine' })}
                />
                Keep mine
              </label>
            </div>
            <div className="conflict-side">
              <h4>Their version ({theirsName})</h4>
              <p className="prose">{conflict.theirs || <em>(empty)</em>}</p>
              <label className="check">
                <input
                  type="radio"
                  name={`conflict-${conflict.field}`}
                  checked={choices[conflict.field] === 'theirs'}
                  onChange={() => setChoices({ ...choices, [conflict.field]: 'theirs' })}
                />
                Take theirs
              </label>
            </div>
          </div>
        </fieldset>
      ))}
      {props.error ? (
        <p role="alert" className="error">
          {props.error}
        </p>
      ) : null}
      {missing.length > 0 ? (
        <p className="hint">Choose a version of: {missing.map((c) => SUMMARY_LABELS[c.field]).join(', ')}.</p>
      ) : null}
      <div className="ws-actions">
        <button type="submit" className="button primary" disabled={missing.length > 0 || props.saving}>
          {props.saving ? 'Saving…' : 'Save merged version'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Discard my edit
        </button>
      </div>
    </form>
  );
}
