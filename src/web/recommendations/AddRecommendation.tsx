/**
 * Adding a recommendation: a form (id, title, type, priority, description, owner, due date) saved with the shared
 * part editor over `doc.recommendations` (`PUT /api/post-mortems/:id` with If-Match). The part is "the
 * recommendation with this id", so a recommendation someone else added meanwhile merges without a conflict;
 * only a clash on the same id shows both versions.
 */
import { type FormEvent, useId, useState } from 'react';
import type { Recommendation } from '../../core/model.js';
import {
  PRIORITIES,
  type Priority,
  RECOMMENDATION_TYPES,
  type RecommendationType,
} from '../../core/vocabulary.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';
import { nextRecommendationId } from './recommendation-board.js';

interface Draft {
  readonly id: string;
  readonly title: string;
  readonly type: RecommendationType;
  readonly priority: Priority;
  readonly description: string;
  readonly owner: string;
  readonly due: string;
}

/** The recommendation a draft describes, as the file format has it (a new one is proposed, with no history). */
export function recommendationOf(draft: Draft): Recommendation {
  return {
    id: draft.id.trim(),
    title: draft.title.trim(),
    type: draft.type,
    priority: draft.priority,
    status: 'proposed',
    addresses: [],
    history: [],
    ...(draft.description.trim() === '' ? {} : { description: draft.description.trim() }),
    ...(draft.owner.trim() === '' ? {} : { owner: draft.owner.trim() }),
    ...(draft.due === '' ? {} : { due: draft.due }),
  };
}

/** The "Add recommendation" button and form (editors only; the section decides). */
export function AddRecommendation(props: SectionProps) {
  const base = useId();
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const recId = draft?.id.trim() ?? '';
  const editor = usePartEditor<Recommendation | undefined>(
    props,
    {
      get: (doc) => doc.recommendations.find((r) => r.id === recId),
      set: (doc, rec) => ({
        ...doc,
        recommendations:
          rec === undefined
            ? doc.recommendations.filter((r) => r.id !== recId)
            : doc.recommendations.some((r) => r.id === recId)
              ? doc.recommendations.map((r) => (r.id === recId ? rec : r))
              : [...doc.recommendations, rec],
      }),
    },
    'the new recommendation',
  );

  const open = () =>
    setDraft({
      id: nextRecommendationId(props.doc),
      title: '',
      type: 'preventive',
      priority: 'medium',
      description: '',
      owner: '',
      due: '',
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === undefined) return;
    await editor.saveNow(recommendationOf(draft));
  };

  // After a save (or "take theirs") the editor is back in view mode with a message: close the form. Any other
  // message in view mode is the reason the save failed.
  const message = editor.mode.kind === 'view' ? editor.mode.message : undefined;
  const saved = message !== undefined && /^(Saved|Your edit was discarded)/.test(message);
  const conflict = editor.mode.kind === 'conflict';
  const showForm = draft !== undefined && !saved && !conflict;

  return (
    <div className="rec-add">
      {message ? (
        <p role={saved ? 'status' : 'alert'} className={saved ? undefined : 'error'}>
          {message}
        </p>
      ) : null}
      <PartConflictView
        editor={editor}
        label="the new recommendation"
        describe={(rec) => (rec === undefined ? 'none' : `${rec.id} ${rec.title} (${rec.status})`)}
      />
      {showForm ? (
        <form className="rec-form" onSubmit={(e) => void submit(e)} aria-label="New recommendation">
          <div className="rec-form-grid">
            <div className="field">
              <label htmlFor={`${base}-id`}>Id</label>
              <input
                id={`${base}-id`}
                required
                value={draft.id}
                onChange={(e) => setDraft({ ...draft, id: e.target.value })}
              />
            </div>
            <div className="field rec-wide">
              <label htmlFor={`${base}-title`}>Title</label>
              <input
                id={`${base}-title`}
                required
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-type`}>Type</label>
              <select
                id={`${base}-type`}
                value={draft.type}
                onChange={(e) => setDraft({ ...draft, type: e.target.value as RecommendationType })}
              >
                {RECOMMENDATION_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${base}-priority`}>Priority</label>
              <select
                id={`${base}-priority`}
                value={draft.priority}
                onChange={(e) => setDraft({ ...draft, priority: e.target.value as Priority })}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${base}-owner`}>Owner (optional)</label>
              <input
                id={`${base}-owner`}
                value={draft.owner}
                onChange={(e) => setDraft({ ...draft, owner: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-due`}>Due date (optional)</label>
              <input
                id={`${base}-due`}
                type="date"
                value={draft.due}
                onChange={(e) => setDraft({ ...draft, due: e.target.value })}
              />
            </div>
            <div className="field rec-wide">
              <label htmlFor={`${base}-description`}>Description (optional)</label>
              <textarea
                id={`${base}-description`}
                rows={3}
                value={draft.description}
                onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              />
            </div>
          </div>
          <div className="ws-actions">
            <button type="submit" className="button primary" disabled={editor.saving}>
              {editor.saving ? 'Saving…' : 'Save recommendation'}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setDraft(undefined);
                editor.cancel();
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            editor.cancel();
            open();
          }}
        >
          Add recommendation
        </button>
      )}
    </div>
  );
}
