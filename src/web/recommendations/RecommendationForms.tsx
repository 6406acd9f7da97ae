/**
 * The forms of a recommendation card: the move form (what a lifecycle change needs beyond the status: a reason
 * for going back, an owner and due date, the verification, the risk acceptance, the rejection reason) and the
 * edit form (owner, due date, priority). Both hand a PATCH body to the board, which sends it.
 */
import { type FormEvent, useId, useState } from 'react';
import type { PostMortem, Recommendation } from '../../core/model.js';
import { PRIORITIES, type Priority, type RecommendationStatus } from '../../core/vocabulary.js';
import { type MoveNeeds, type RecommendationPatch, STATUS_LABELS } from './recommendation-board.js';

/** What both forms share. */
interface FormProps {
  readonly rec: Recommendation;
  readonly doc: PostMortem;
  readonly saving: boolean;
  readonly onSubmit: (body: RecommendationPatch) => void;
  readonly onCancel: () => void;
}

/** Comma- or space-separated ids. */
function splitIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The people of the document as owner suggestions (a datalist; a free name works too). */
function OwnerSuggestions({ id, doc }: { readonly id: string; readonly doc: PostMortem }) {
  return (
    <datalist id={id}>
      {doc.people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </datalist>
  );
}

/** The form of a move that needs more than the new status. */
export function MoveForm({
  rec,
  doc,
  to,
  needs,
  saving,
  onSubmit,
  onCancel,
}: FormProps & { readonly to: RecommendationStatus; readonly needs: MoveNeeds }) {
  const base = useId();
  const [why, setWhy] = useState('');
  const [owner, setOwner] = useState(rec.owner ?? '');
  const [due, setDue] = useState(rec.due ?? '');
  const [method, setMethod] = useState('');
  const [result, setResult] = useState('');
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [otherEvidence, setOtherEvidence] = useState('');
  const [approver, setApprover] = useState('');
  const [rationale, setRationale] = useState('');
  const [expires, setExpires] = useState('');
  const [reason, setReason] = useState('');
  const target = STATUS_LABELS[to];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const evidence = [...new Set([...picked, ...splitIds(otherEvidence)])];
    onSubmit({
      status: to,
      ...(needs.why ? { why } : {}),
      ...(needs.owner && owner.trim() !== '' ? { owner: owner.trim() } : {}),
      ...(needs.due && due !== '' ? { due } : {}),
      ...(needs.verification ? { verification: { method, result, evidence } } : {}),
      ...(needs.riskAcceptance ? { riskAcceptance: { approver, rationale, expires } } : {}),
      ...(needs.rejectionReason ? { rejectionReason: reason } : {}),
    });
  };

  return (
    <form className="rec-form" onSubmit={submit} aria-label={`Move ${rec.id} to ${target}`}>
      {needs.owner ? (
        <div className="field">
          <label htmlFor={`${base}-owner`}>Owner</label>
          <input
            id={`${base}-owner`}
            list={`${base}-people`}
            required
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          />
          <OwnerSuggestions id={`${base}-people`} doc={doc} />
        </div>
      ) : null}
      {needs.due ? (
        <div className="field">
          <label htmlFor={`${base}-due`}>Due date</label>
          <input
            id={`${base}-due`}
            type="date"
            required
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </div>
      ) : null}
      {needs.verification ? (
        <fieldset className="field">
          <legend>Verification</legend>
          <label htmlFor={`${base}-method`}>How it was shown to work</label>
          <input
            id={`${base}-method`}
            required
            placeholder="a re-test, a detection that fired, a control audit"
            value={method}
            onChange={(e) => setMethod(e.target.value)}
          />
          <label htmlFor={`${base}-result`}>Result</label>
          <textarea
            id={`${base}-result`}
            required
            rows={2}
            value={result}
            onChange={(e) => setResult(e.target.value)}
          />
          {doc.evidence.length > 0 ? (
            <fieldset className="rec-evidence">
              <legend>Evidence</legend>
              {doc.evidence.map((ev) => (
                <label key={ev.id} className="check">
                  <input
                    type="checkbox"
                    checked={picked.includes(ev.id)}
                    onChange={(e) =>
                      setPicked((now) =>
                        e.target.checked ? [...now, ev.id] : now.filter((id) => id !== ev.id),
                      )
                    }
                  />
                  {ev.id} {ev.title}
                </label>
              ))}
            </fieldset>
          ) : null}
          <label htmlFor={`${base}-evidence`}>
            {doc.evidence.length > 0 ? 'Other evidence ids' : 'Evidence ids'}
          </label>
          <input
            id={`${base}-evidence`}
            placeholder="EV-0001, EV-0002"
            value={otherEvidence}
            onChange={(e) => setOtherEvidence(e.target.value)}
          />
          <p className="hint">At least one piece of evidence; you and now are recorded as who and when.</p>
        </fieldset>
      ) : null}
      {needs.riskAcceptance ? (
        <fieldset className="field">
          <legend>Risk acceptance</legend>
          <label htmlFor={`${base}-approver`}>Approver</label>
          <input
            id={`${base}-approver`}
            required
            value={approver}
            onChange={(e) => setApprover(e.target.value)}
          />
          <label htmlFor={`${base}-rationale`}>Rationale</label>
          <textarea
            id={`${base}-rationale`}
            required
            rows={2}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
          />
          <label htmlFor={`${base}-expires`}>Acceptance expires</label>
          <input
            id={`${base}-expires`}
            type="date"
            required
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </fieldset>
      ) : null}
      {needs.rejectionReason ? (
        <div className="field">
          <label htmlFor={`${base}-reason`}>Reason for rejecting</label>
          <textarea
            id={`${base}-reason`}
            required
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      ) : null}
      {needs.why ? (
        <div className="field">
          <label htmlFor={`${base}-why`}>Reason for going back</label>
          <textarea
            id={`${base}-why`}
            required
            rows={2}
            value={why}
            onChange={(e) => setWhy(e.target.value)}
          />
        </div>
      ) : null}
      <div className="ws-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : `Move to ${target}`}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The form that changes the owner, the due date and the priority (only what changed is sent). */
export function EditForm({ rec, doc, saving, onSubmit, onCancel }: FormProps) {
  const base = useId();
  const [owner, setOwner] = useState(rec.owner ?? '');
  const [due, setDue] = useState(rec.due ?? '');
  const [priority, setPriority] = useState<Priority>(rec.priority);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      ...(owner.trim() !== '' && owner.trim() !== rec.owner ? { owner: owner.trim() } : {}),
      ...(due !== '' && due !== rec.due ? { due } : {}),
      ...(priority !== rec.priority ? { priority } : {}),
    });
  };

  return (
    <form className="rec-form" onSubmit={submit} aria-label={`Edit ${rec.id}`}>
      <div className="field">
        <label htmlFor={`${base}-owner`}>Owner</label>
        <input
          id={`${base}-owner`}
          list={`${base}-people`}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
        />
        <OwnerSuggestions id={`${base}-people`} doc={doc} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-due`}>Due date</label>
        <input id={`${base}-due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-priority`}>Priority</label>
        <select
          id={`${base}-priority`}
          value={priority}
          onChange={(e) => setPriority(e.target.value as Priority)}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">An owner or due date cannot be removed here, only changed.</p>
      <div className="ws-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : `Save ${rec.id}`}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
