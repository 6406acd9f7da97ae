/**
 * The review session (`doc.review.session`): when the blameless review meets, for how long, where, with notes;
 * the attendees are the people with a review role (as the calendar invites them). Editors schedule, change or
 * cancel it with the shared part editor; everyone may download the calendar (`GET …/calendar`, iCalendar).
 */
import type { PostMortem, ReviewSession } from '../../core/model.js';
import { apiUrl } from '../api.js';
import { EditBar, problemsOf } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';
import { SESSION_PART, sessionProblem, withOptional } from './people-parts.js';

const LABEL = 'the review session';

function describeSession(session: ReviewSession | undefined) {
  if (session === undefined) return <p>No session scheduled.</p>;
  return (
    <p>
      {session.start}
      {session.durationMinutes === undefined ? '' : `, ${session.durationMinutes} minutes`}
      {session.location ? `, ${session.location}` : ''}
      {session.notes ? ` — ${session.notes}` : ''}
    </p>
  );
}

/** The review session panel. */
export function SessionEditor(props: SectionProps & { readonly canEdit: boolean }) {
  const { doc, postMortemId, canEdit } = props;
  const editor = usePartEditor(props, SESSION_PART, LABEL);
  const { mode } = editor;
  const draft: ReviewSession = editor.value ?? { start: '' };
  const set = (next: ReviewSession) => editor.setDraft(next);

  return (
    <section className="session-panel" aria-labelledby="session-heading">
      <div className="ws-section-header">
        <h3 id="session-heading">Review session</h3>
        {canEdit && mode.kind === 'view' ? (
          <div className="ws-actions">
            <button type="button" className="button secondary" onClick={editor.start}>
              {doc.review.session ? 'Edit session' : 'Schedule session'}
            </button>
            {doc.review.session ? (
              <button
                type="button"
                className="button secondary"
                disabled={editor.saving}
                onClick={() => void editor.saveNow(undefined)}
              >
                Cancel session
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {mode.kind === 'view' && mode.message ? <p role="status">{mode.message}</p> : null}
      <PartConflictView editor={editor} label={LABEL} describe={describeSession} />
      {mode.kind === 'edit' ? (
        <form aria-label="Edit review session" onSubmit={(e) => e.preventDefault()}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="session-start">Start</label>
              <input
                id="session-start"
                type="text"
                value={draft.start}
                placeholder="2026-03-20T14:00+01:00"
                aria-describedby="session-start-hint"
                onChange={(e) => set({ ...draft, start: e.target.value })}
              />
              <p className="hint" id="session-start-hint">
                ISO 8601 date and time with an offset.
              </p>
            </div>
            <div className="field">
              <label htmlFor="session-duration">Duration in minutes</label>
              <input
                id="session-duration"
                type="number"
                min={1}
                max={1440}
                value={draft.durationMinutes ?? ''}
                onChange={(e) => {
                  const { durationMinutes: _old, ...rest } = draft;
                  const value = e.target.value;
                  set(value === '' ? rest : { ...rest, durationMinutes: Number(value) });
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="session-location">Location</label>
              <input
                id="session-location"
                type="text"
                value={draft.location ?? ''}
                onChange={(e) => set(withOptional(draft, 'location', e.target.value))}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor="session-notes">Notes</label>
            <textarea
              id="session-notes"
              rows={3}
              value={draft.notes ?? ''}
              onChange={(e) => set(withOptional(draft, 'notes', e.target.value))}
            />
          </div>
          <EditBar
            editor={editor}
            saveLabel="Save session"
            problems={(draft) => problemsOf(sessionProblem(draft))}
          />
        </form>
      ) : null}
      {mode.kind === 'view' ? <SessionView doc={doc} /> : null}
      <p>
        <a
          className="button secondary"
          href={apiUrl(`/post-mortems/${encodeURIComponent(postMortemId)}/calendar`)}
          download={`${postMortemId}.ics`}
        >
          Download calendar (.ics)
        </a>{' '}
        <span className="hint">The review session and the due dates of the actions.</span>
      </p>
    </section>
  );
}

function SessionView({ doc }: { readonly doc: PostMortem }) {
  const session = doc.review.session;
  const attendees = doc.people.filter((p) => p.roles.length > 0);
  return (
    <>
      {session === undefined ? (
        <p className="muted">No review session scheduled yet.</p>
      ) : (
        <dl className="session-facts">
          <div>
            <dt>Start</dt>
            <dd>
              <time dateTime={session.start}>{session.start}</time>
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>
              {session.durationMinutes === undefined
                ? 'not set (the calendar uses 60 minutes)'
                : `${session.durationMinutes} minutes`}
            </dd>
          </div>
          <div>
            <dt>Location</dt>
            <dd>{session.location ?? 'not set'}</dd>
          </div>
          {session.notes ? (
            <div>
              <dt>Notes</dt>
              <dd className="prose">{session.notes}</dd>
            </div>
          ) : null}
        </dl>
      )}
      <h4>Attendees</h4>
      {attendees.length === 0 ? (
        <p className="muted">Nobody has a review role yet: give people roles to invite them.</p>
      ) : (
        <ul className="attendees" aria-label="Attendees">
          {attendees.map((p) => (
            <li key={p.id}>
              {p.name} ({p.roles.join(', ')}){p.email ? '' : ' — no e-mail, not invited by the calendar'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
