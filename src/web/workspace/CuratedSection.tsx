/**
 * The curated timeline: the document's `timeline` entries as a vertical visual timeline with the milestones
 * marked, and the incident clocks against their targets (`ClocksPanel`, read again after each new version).
 * Editors edit the entries with the shared part editor (time, text, milestone, ATT&CK techniques, evidence links;
 * add and remove entries); the entries are saved in time order with If-Match, a conflicting edit shows both
 * versions. Entries also arrive by promotion from the working timeline.
 */
import { useState } from 'react';
import type { TimelineEntry } from '../../core/model.js';
import { checksUnder, isUnder } from '../analysis/draft-checks.js';
import { useAuth } from '../auth.js';
import { ClocksPanel } from '../curated/ClocksPanel.js';
import { EntryFields } from '../curated/EntryFields.js';
import {
  brokenLinks,
  type Entries,
  inTimeOrder,
  newEntry,
  TIMELINE_PART,
  timelineProblems,
} from '../curated/timeline-edits.js';
import '../styles/curated.css';
import { EditBar, SavedStatus } from './EditBar.js';
import type { SectionProps } from './sections.js';
import { PartConflictView, type PartEditor, usePartEditor } from './use-part-editor.js';

const LABEL = 'the curated timeline';

/** The milestone of an entry in words: `detection (internal-control)`, `notification to the regulator`. */
export function milestoneText(milestone: NonNullable<TimelineEntry['milestone']>): string {
  const extra =
    milestone.kind === 'detection'
      ? ` by ${milestone.source}`
      : milestone.kind === 'notification'
        ? ` to ${milestone.recipient}`
        : '';
  return `${milestone.kind}${extra}${milestone.detail ? `: ${milestone.detail}` : ''}`;
}

/** The curated timeline section. */
export function CuratedSection(props: SectionProps) {
  const { postMortemId, doc } = props;
  const canEdit = useAuth().can('post-mortem:edit');
  const editor = usePartEditor(props, TIMELINE_PART, LABEL);
  const { mode } = editor;
  return (
    <section className="ws-section" aria-labelledby="curated-heading">
      <h2 id="curated-heading">Curated timeline</h2>
      <ClocksPanel postMortemId={postMortemId} version={doc.version} />
      <div className="ws-section-header">
        <h3>Entries</h3>
        {canEdit && mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit timeline
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView editor={editor} label={LABEL} describe={(v) => <EntriesOutline entries={v} />} />
      {mode.kind === 'edit' ? <TimelineForm props={props} editor={editor} /> : null}
      {mode.kind === 'view' ? <VisualTimeline entries={doc.timeline} /> : null}
    </section>
  );
}

/** The edit form: one group per entry, "Add entry", the broken links the draft makes, and the save bar. */
function TimelineForm({
  props,
  editor,
}: {
  readonly props: SectionProps;
  readonly editor: PartEditor<Entries>;
}) {
  const { doc } = props;
  const draft = editor.value;
  const [focusId, setFocusId] = useState<string | undefined>();
  // Core's checks of the draft in the order shown, so `timeline[2]` is the third group on the screen.
  const checks = checksUnder({ ...doc, timeline: draft }, 'timeline');
  const broken = brokenLinks(doc, draft);
  const change = (id: string, next: TimelineEntry) =>
    editor.setDraft((current) => current.map((e) => (e.id === id ? next : e)));
  return (
    <form aria-label="Edit curated timeline" className="curated-editor" onSubmit={(e) => e.preventDefault()}>
      <p className="hint">The entries are saved in time order.</p>
      {checks.some((f) => f.path === 'timeline') ? (
        <ul className="curated-findings" aria-label="Checks of the timeline">
          {checks
            .filter((f) => f.path === 'timeline')
            .map((f) => (
              <li key={f.code} className={`curated-finding ${f.level}`}>
                {f.message}
              </li>
            ))}
        </ul>
      ) : null}
      {draft.map((entry, index) => (
        <EntryFields
          key={entry.id}
          doc={doc}
          draft={draft}
          entry={entry}
          findings={checks.filter((f) => isUnder(f.path, `timeline[${index}]`))}
          autoFocus={focusId === entry.id}
          onChange={(next) => change(entry.id, next)}
          onRemove={() => editor.setDraft((current) => current.filter((e) => e.id !== entry.id))}
        />
      ))}
      {draft.length === 0 ? <p className="muted">No entries.</p> : null}
      <div className="ws-actions">
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            const entry = newEntry(doc, draft);
            editor.setDraft((current) => [...current, entry]);
            setFocusId(entry.id);
          }}
        >
          Add entry
        </button>
      </div>
      {broken.length > 0 ? (
        <div className="curated-broken">
          <p>
            Links elsewhere in the document to removed entries; the checks will list them as broken until they
            are changed:
          </p>
          <ul aria-label="Broken links">
            {broken.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <EditBar
        editor={editor}
        saveLabel="Save timeline"
        cancelLabel="Cancel timeline edit"
        problems={(d) => timelineProblems(doc, d)}
      />
    </form>
  );
}

/** The entries as the vertical visual timeline, milestones marked. */
function VisualTimeline({ entries }: { readonly entries: Entries }) {
  if (entries.length === 0) {
    return (
      <p className="muted">
        No entries yet. Promote events from the working timeline, or add entries to the document.
      </p>
    );
  }
  return (
    <ol className="curated-timeline">
      {entries.map((entry) => (
        <li key={entry.id} className={entry.milestone ? 'curated-entry milestone' : 'curated-entry'}>
          <span className="curated-dot" aria-hidden="true" />
          <div className="curated-body">
            <p className="curated-when">
              <time dateTime={entry.at}>{entry.at}</time>
              <span className="muted"> · {entry.id}</span>
              {entry.phase ? <span className="badge">{entry.phase}</span> : null}
              {entry.uncertain ? <span className="badge warn">uncertain</span> : null}
            </p>
            {entry.milestone ? (
              <p className="milestone-marker">
                <strong>Milestone:</strong> {milestoneText(entry.milestone)}
              </p>
            ) : null}
            <p className="prose">{entry.text}</p>
            {entry.host || entry.user || entry.actor ? (
              <p className="muted">
                {[
                  entry.actor && `actor ${entry.actor}`,
                  entry.host && `host ${entry.host}`,
                  entry.user && `user ${entry.user}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            ) : null}
            {entry.attack.length > 0 || entry.tags.length > 0 ? (
              <p className="curated-tags">
                {[...entry.attack, ...entry.tags].map((t) => (
                  <span key={t} className="badge">
                    {t}
                  </span>
                ))}
              </p>
            ) : null}
            {entry.evidence.length > 0 ? (
              <p className="muted curated-evidence-links">Evidence: {entry.evidence.join(', ')}</p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** A version of the timeline as a plain list in time order (both sides of a conflict). */
function EntriesOutline({ entries }: { readonly entries: Entries }) {
  if (entries.length === 0) return <p className="muted">No entries.</p>;
  return (
    <ul>
      {inTimeOrder(entries).map((e) => (
        <li key={e.id}>
          {e.id} {e.at}: {e.text}
          {e.milestone ? ` (milestone: ${milestoneText(e.milestone)})` : ''}
        </li>
      ))}
    </ul>
  );
}
