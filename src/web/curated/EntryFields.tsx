/**
 * The fields of one curated timeline entry while the timeline is edited: time, text, milestone (with the field
 * its kind needs), ATT&CK techniques, evidence links, and Remove with a confirmation that says which other parts
 * of the document link to the entry.
 */
import { useState } from 'react';
import type { Milestone, PostMortem, TimelineEntry } from '../../core/model.js';
import {
  COMPLIANCE_REGIMES,
  DETECTION_SOURCES,
  MILESTONE_KINDS,
  type MilestoneKind,
} from '../../core/vocabulary.js';
import type { DraftFinding } from '../analysis/draft-checks.js';
import {
  type Entries,
  parseTechniques,
  referencesTo,
  withMilestoneField,
  withMilestoneKind,
} from './timeline-edits.js';

/** Props of `EntryFields`. */
export interface EntryFieldsProps {
  readonly doc: PostMortem;
  readonly draft: Entries;
  readonly entry: TimelineEntry;
  /** Core's check findings about this entry. */
  readonly findings: readonly DraftFinding[];
  readonly autoFocus: boolean;
  readonly onChange: (next: TimelineEntry) => void;
  readonly onRemove: () => void;
}

/** One entry as a group "Entry T-3" of labelled fields. */
export function EntryFields({
  doc,
  draft,
  entry,
  findings,
  autoFocus,
  onChange,
  onRemove,
}: EntryFieldsProps) {
  // The techniques are typed as text: kept as typed (a trailing comma), the draft gets the parsed ids.
  const [techniques, setTechniques] = useState(entry.attack.join(', '));
  const base = `curated-${entry.id}`;
  const legend = `Entry ${entry.id}`;
  const evidenceIds = [
    ...doc.evidence.map((e) => e.id),
    ...entry.evidence.filter((id) => !hasEvidence(doc, id)),
  ];
  const toggleEvidence = (id: string, on: boolean) =>
    onChange({
      ...entry,
      evidence: on
        ? evidenceIds.filter((e) => e === id || entry.evidence.includes(e))
        : entry.evidence.filter((e) => e !== id),
    });
  return (
    <fieldset className="curated-entry-fields">
      <legend>{legend}</legend>
      <div className="curated-form-grid">
        <div className="field">
          <label htmlFor={`${base}-at`}>Time</label>
          <input
            id={`${base}-at`}
            type="text"
            value={entry.at}
            aria-describedby={`${base}-at-hint`}
            placeholder="2026-03-14T09:12:00+01:00"
            // biome-ignore lint/a11y/noAutofocus: focus goes to the entry the user just added
            autoFocus={autoFocus}
            onChange={(e) => onChange({ ...entry, at: e.target.value.trim() })}
          />
          <p id={`${base}-at-hint`} className="hint">
            ISO 8601 with an offset (Z or ±HH:MM), or a date alone.
          </p>
        </div>
        <label className="check curated-uncertain">
          <input
            type="checkbox"
            checked={entry.uncertain}
            onChange={(e) => onChange({ ...entry, uncertain: e.target.checked })}
          />
          Time or fact uncertain
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${base}-text`}>Text</label>
        <textarea
          id={`${base}-text`}
          rows={2}
          value={entry.text}
          onChange={(e) => onChange({ ...entry, text: e.target.value })}
        />
      </div>
      <MilestoneFields base={base} entry={entry} onChange={onChange} />
      <div className="field">
        <label htmlFor={`${base}-attack`}>ATT&CK techniques</label>
        <input
          id={`${base}-attack`}
          type="text"
          value={techniques}
          aria-describedby={`${base}-attack-hint`}
          onChange={(e) => {
            setTechniques(e.target.value);
            onChange({ ...entry, attack: parseTechniques(e.target.value) });
          }}
        />
        <p id={`${base}-attack-hint`} className="hint">
          Comma separated, e.g. T1566.002, T1078.
        </p>
      </div>
      <fieldset className="curated-evidence">
        <legend>Evidence links</legend>
        {evidenceIds.length === 0 ? <p className="hint">No evidence registered yet.</p> : null}
        {evidenceIds.map((id) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={entry.evidence.includes(id)}
              onChange={(e) => toggleEvidence(id, e.target.checked)}
            />
            {evidenceLabel(doc, id)}
          </label>
        ))}
      </fieldset>
      {entry.events.length > 0 ? (
        <p className="hint">Promoted from working-timeline event {entry.events.join(', ')}.</p>
      ) : null}
      {findings.length > 0 ? (
        <ul className="curated-findings" aria-label={`Checks of entry ${entry.id}`}>
          {findings.map((f) => (
            <li key={`${f.code}:${f.path}`} className={`curated-finding ${f.level}`}>
              <span className="curated-finding-level">{f.level === 'error' ? 'Error' : 'Warning'}</span>{' '}
              {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <RemoveEntry doc={doc} draft={draft} id={entry.id} onRemove={onRemove} />
    </fieldset>
  );
}

function hasEvidence(doc: PostMortem, id: string): boolean {
  return doc.evidence.some((e) => e.id === id);
}

function evidenceLabel(doc: PostMortem, id: string): string {
  const item = doc.evidence.find((e) => e.id === id);
  return item === undefined ? `${id} (not in the evidence list)` : `${id}: ${item.title}`;
}

/** The milestone kind, and the field the kind needs (detection source, notification recipient and regime). */
function MilestoneFields({
  base,
  entry,
  onChange,
}: {
  readonly base: string;
  readonly entry: TimelineEntry;
  readonly onChange: (next: TimelineEntry) => void;
}) {
  const milestone = entry.milestone;
  const set = (key: string, value: string) =>
    milestone === undefined
      ? undefined
      : onChange({ ...entry, milestone: withMilestoneField(milestone, key, value) });
  const value = (key: string) => ((milestone as Record<string, unknown> | undefined)?.[key] as string) ?? '';
  return (
    <div className="curated-form-grid">
      <div className="field">
        <label htmlFor={`${base}-milestone`}>Milestone</label>
        <select
          id={`${base}-milestone`}
          value={milestone?.kind ?? ''}
          onChange={(e) => onChange(withMilestoneKind(entry, e.target.value as MilestoneKind | ''))}
        >
          <option value="">none</option>
          {MILESTONE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </div>
      {milestone?.kind === 'detection' ? (
        <div className="field">
          <label htmlFor={`${base}-source`}>Detection source</label>
          <select
            id={`${base}-source`}
            value={value('source')}
            onChange={(e) => set('source', e.target.value)}
          >
            <option value="">choose…</option>
            {DETECTION_SOURCES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {milestone?.kind === 'notification' ? (
        <>
          <div className="field">
            <label htmlFor={`${base}-recipient`}>Notification recipient</label>
            <input
              id={`${base}-recipient`}
              type="text"
              value={value('recipient')}
              onChange={(e) => set('recipient', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${base}-regime`}>Regime</label>
            <select
              id={`${base}-regime`}
              value={value('regime')}
              onChange={(e) => set('regime', e.target.value)}
            >
              <option value="">none</option>
              {COMPLIANCE_REGIMES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      {milestone === undefined ? null : (
        <div className="field">
          <label htmlFor={`${base}-detail`}>Milestone detail</label>
          <input
            id={`${base}-detail`}
            type="text"
            value={(milestone as Milestone).detail ?? ''}
            onChange={(e) => set('detail', e.target.value)}
          />
        </div>
      )}
    </div>
  );
}

/** "Remove entry T-3", then a confirmation naming the links elsewhere in the document that the removal breaks. */
function RemoveEntry({
  doc,
  draft,
  id,
  onRemove,
}: {
  readonly doc: PostMortem;
  readonly draft: Entries;
  readonly id: string;
  readonly onRemove: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <div className="ws-actions">
        <button type="button" className="button secondary curated-danger" onClick={() => setConfirming(true)}>
          Remove entry {id}
        </button>
      </div>
    );
  }
  const references = referencesTo(doc, draft, id);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a question with two buttons, not a form fieldset
    <div className="curated-confirm" role="group" aria-label={`Confirm removing entry ${id}`}>
      <p>Remove entry {id}?</p>
      {references.length > 0 ? (
        <>
          <p>
            {references.length === 1 ? 'One other place links' : `${references.length} other places link`} to
            it; the checks will list {references.length === 1 ? 'that link' : 'those links'} as broken until
            you change {references.length === 1 ? 'it' : 'them'}:
          </p>
          <ul aria-label={`Links to entry ${id}`}>
            {references.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="hint">Nothing else in the document links to it.</p>
      )}
      <div className="ws-actions">
        <button
          type="button"
          className="button curated-danger-solid"
          // biome-ignore lint/a11y/noAutofocus: the confirmation takes the focus of the button that opened it
          autoFocus
          onClick={() => {
            setConfirming(false);
            onRemove();
          }}
        >
          Confirm removing entry {id}
        </button>
        <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
          Keep entry {id}
        </button>
      </div>
    </div>
  );
}
