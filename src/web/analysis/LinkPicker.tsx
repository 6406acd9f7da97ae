/**
 * Links of an analysis item (a why, a fishbone cause, a lesson) to the evidence and curated timeline entries that
 * ground it, chosen with checkboxes in a disclosure, so a claim can be traced to what shows it. Read-only
 * views use `LinkList`.
 */
import type { EvidenceLinks, PostMortem } from '../../core/model.js';
import { shortLabel } from './tree-edits.js';

/** Props of `LinkPicker`. */
export interface LinkPickerProps {
  readonly doc: PostMortem;
  readonly value: EvidenceLinks;
  readonly onChange: (links: EvidenceLinks) => void;
  /** Names the item in the controls' names ("W-1.1"). */
  readonly owner: string;
}

/** Toggles `id` in a list of ids. */
function toggled(ids: readonly string[], id: string, on: boolean): string[] {
  return on ? [...ids.filter((i) => i !== id), id] : ids.filter((i) => i !== id);
}

/** Checkboxes for the evidence and timeline links of one item. */
export function LinkPicker({ doc, value, onChange, owner }: LinkPickerProps) {
  const summary = `Links of ${owner}: ${value.evidence.length} evidence, ${value.timeline.length} timeline`;
  return (
    <details className="link-picker">
      <summary>{summary}</summary>
      {doc.evidence.length === 0 && doc.timeline.length === 0 ? (
        <p className="hint">The post-mortem has no evidence or timeline entries to link yet.</p>
      ) : null}
      {doc.evidence.length > 0 ? (
        <fieldset className="link-group">
          <legend>Evidence linked to {owner}</legend>
          {doc.evidence.map((e) => (
            <label key={e.id} className="check">
              <input
                type="checkbox"
                checked={value.evidence.includes(e.id)}
                onChange={(event) =>
                  onChange({ ...value, evidence: toggled(value.evidence, e.id, event.target.checked) })
                }
              />
              {e.id} {e.title}
            </label>
          ))}
        </fieldset>
      ) : null}
      {doc.timeline.length > 0 ? (
        <fieldset className="link-group">
          <legend>Timeline entries linked to {owner}</legend>
          {doc.timeline.map((t) => (
            <label key={t.id} className="check">
              <input
                type="checkbox"
                checked={value.timeline.includes(t.id)}
                onChange={(event) =>
                  onChange({ ...value, timeline: toggled(value.timeline, t.id, event.target.checked) })
                }
              />
              {t.id} {shortLabel(t.text, t.id, 8)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </details>
  );
}

/** The links of an item in words ("Evidence E-01, E-08 · Timeline T-14"); nothing when there are none. */
export function LinkList({ value }: { readonly value: EvidenceLinks }) {
  if (value.evidence.length === 0 && value.timeline.length === 0) return null;
  const parts = [
    value.evidence.length > 0 ? `Evidence ${value.evidence.join(', ')}` : undefined,
    value.timeline.length > 0 ? `Timeline ${value.timeline.join(', ')}` : undefined,
  ].filter(Boolean);
  return <span className="link-list muted">{parts.join(' · ')}</span>;
}
