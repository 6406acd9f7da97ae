/**
 * Interviews (`doc.interviews`): blameless interviews with the people involved, each with its interviewee and
 * interviewer (from People), time, notes, the timeline entries it speaks about, and statements of what the
 * interviewee knew, thought and did. Editors add and edit them with the shared part editor.
 */
import type { Interview, PostMortem, Statement } from '../../core/model.js';
import { EditBar, problemsOf } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';
import { INTERVIEWS_PART, interviewsProblem, nextId, withOptional } from './people-parts.js';
import { StatementFields } from './StatementFields.js';

const LABEL = 'the interviews';

/** The name of a person id in the document (the id itself when unknown). */
export function personName(doc: PostMortem, id: string | undefined): string {
  if (id === undefined || id === '') return 'nobody';
  return doc.people.find((p) => p.id === id)?.name ?? id;
}

/** The interviews panel. */
export function InterviewsEditor(props: SectionProps & { readonly canEdit: boolean }) {
  const { doc, canEdit } = props;
  const editor = usePartEditor(props, INTERVIEWS_PART, LABEL);
  const { mode } = editor;
  const describe = (interviews: readonly Interview[]) => (
    <ul>
      {interviews.map((i) => (
        <li key={i.id}>
          {i.id}: {personName(doc, i.participant)}, {i.at}, {i.statements.length} statements
          {i.notes ? ` — ${i.notes}` : ''}
        </li>
      ))}
    </ul>
  );
  const change = (index: number, next: Interview) =>
    editor.setDraft((all) => all.map((item, i) => (i === index ? next : item)));

  return (
    <section className="interviews-panel" aria-labelledby="interviews-heading">
      <div className="ws-section-header">
        <h3 id="interviews-heading">Interviews</h3>
        {canEdit && mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit interviews
          </button>
        ) : null}
      </div>
      {mode.kind === 'view' && mode.message ? <p role="status">{mode.message}</p> : null}
      <PartConflictView editor={editor} label={LABEL} describe={describe} />
      {mode.kind === 'edit' ? (
        <form aria-label="Edit interviews" className="interviews-form" onSubmit={(e) => e.preventDefault()}>
          {editor.value.map((interview, index) => (
            <InterviewFields
              // biome-ignore lint/suspicious/noArrayIndexKey: edited in place; the id changes as typed
              key={index}
              index={index}
              doc={doc}
              interview={interview}
              onChange={(next) => change(index, next)}
              onRemove={() => editor.setDraft((all) => all.filter((_, i) => i !== index))}
            />
          ))}
          <div className="ws-actions">
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                editor.setDraft((all) => [
                  ...all,
                  {
                    id: nextId('IV', doc, all),
                    participant: doc.people[0]?.id ?? '',
                    at: '',
                    statements: [],
                    timeline: [],
                  },
                ])
              }
            >
              Add interview
            </button>
          </div>
          <EditBar
            editor={editor}
            saveLabel="Save interviews"
            problems={(draft) => problemsOf(interviewsProblem(draft))}
          />
        </form>
      ) : null}
      {mode.kind === 'view' ? <InterviewList doc={doc} /> : null}
    </section>
  );
}

function InterviewList({ doc }: { readonly doc: PostMortem }) {
  if (doc.interviews.length === 0) return <p className="muted">No interviews recorded yet.</p>;
  return (
    <ul className="interview-list" aria-label="Interviews">
      {doc.interviews.map((interview) => (
        <li key={interview.id} className="interview">
          <h4>
            {interview.id}: {personName(doc, interview.participant)}
          </h4>
          <p className="muted">
            <time dateTime={interview.at}>{interview.at}</time>
            {interview.interviewer ? `, interviewed by ${personName(doc, interview.interviewer)}` : ''}
            {interview.timeline.length > 0 ? `, about ${interview.timeline.join(', ')}` : ''}
          </p>
          {interview.notes ? <p className="prose">{interview.notes}</p> : null}
          {interview.statements.length > 0 ? (
            <table className="ws-table">
              <caption>Statements in {interview.id}</caption>
              <thead>
                <tr>
                  <th scope="col">About</th>
                  <th scope="col">Knew</th>
                  <th scope="col">Thought</th>
                  <th scope="col">Did</th>
                </tr>
              </thead>
              <tbody>
                {interview.statements.map((s, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: statements have no id
                  <tr key={index}>
                    <td>{s.entry ?? ''}</td>
                    <td className="prose">{s.knew ?? ''}</td>
                    <td className="prose">{s.thought ?? ''}</td>
                    <td className="prose">{s.did ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function InterviewFields(props: {
  readonly index: number;
  readonly doc: PostMortem;
  readonly interview: Interview;
  readonly onChange: (interview: Interview) => void;
  readonly onRemove: () => void;
}) {
  const { index, doc, interview, onChange, onRemove } = props;
  const base = `interview-${index}`;
  const n = index + 1;
  const setStatement = (at: number, next: Statement | undefined) =>
    onChange({
      ...interview,
      statements:
        next === undefined
          ? interview.statements.filter((_, i) => i !== at)
          : interview.statements.map((s, i) => (i === at ? next : s)),
    });
  return (
    <fieldset className="interview-fields">
      <legend>Interview {n}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${base}-id`}>Id</label>
          <input
            id={`${base}-id`}
            type="text"
            value={interview.id}
            onChange={(e) => onChange({ ...interview, id: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${base}-participant`}>Interviewee</label>
          <select
            id={`${base}-participant`}
            value={interview.participant}
            onChange={(e) => onChange({ ...interview, participant: e.target.value })}
          >
            <option value="">Choose a person</option>
            {doc.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${base}-interviewer`}>Interviewer</label>
          <select
            id={`${base}-interviewer`}
            value={interview.interviewer ?? ''}
            onChange={(e) => onChange(withOptional(interview, 'interviewer', e.target.value))}
          >
            <option value="">Not recorded</option>
            {doc.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${base}-at`}>When</label>
          <input
            id={`${base}-at`}
            type="text"
            value={interview.at}
            placeholder="2026-03-16T10:00+01:00"
            aria-describedby={`${base}-at-hint`}
            onChange={(e) => onChange({ ...interview, at: e.target.value })}
          />
          <p className="hint" id={`${base}-at-hint`}>
            ISO 8601 with an offset, or a date.
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${base}-notes`}>Notes</label>
        <textarea
          id={`${base}-notes`}
          rows={3}
          value={interview.notes ?? ''}
          onChange={(e) => onChange(withOptional(interview, 'notes', e.target.value))}
        />
      </div>
      {doc.timeline.length > 0 ? (
        <div className="field">
          <label htmlFor={`${base}-timeline`}>Timeline entries discussed</label>
          <select
            id={`${base}-timeline`}
            multiple
            size={Math.min(6, doc.timeline.length)}
            value={[...interview.timeline]}
            onChange={(e) =>
              onChange({ ...interview, timeline: [...e.target.selectedOptions].map((o) => o.value) })
            }
          >
            {doc.timeline.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.id}: {entry.text.slice(0, 80)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {interview.statements.map((statement, at) => (
        <StatementFields
          // biome-ignore lint/suspicious/noArrayIndexKey: statements have no id
          key={at}
          idBase={`${base}-statement-${at}`}
          name={`Statement ${at + 1} of interview ${n}`}
          statement={statement}
          entries={doc.timeline}
          onChange={(next) => setStatement(at, next)}
          onRemove={() => setStatement(at, undefined)}
        />
      ))}
      <div className="ws-actions">
        <button
          type="button"
          className="button secondary"
          onClick={() => onChange({ ...interview, statements: [...interview.statements, {}] })}
        >
          Add statement to interview {n}
        </button>
        <button type="button" className="button secondary" onClick={onRemove}>
          Remove interview {n}
        </button>
      </div>
    </fieldset>
  );
}
