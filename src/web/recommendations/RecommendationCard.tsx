/**
 * One recommendation on the board: title, owner, due date (an overdue one says "Overdue" in words and is marked
 * in colour and with a border), priority, tracker link, the last recorded change, and for editors the keyboard
 * way to move it ("Move R-01 to" + "Move") and to edit its owner, due date and priority. Cards can also be
 * dragged onto a column; the select and button stay the reliable way.
 */
import { useId, useState } from 'react';
import type { PostMortem, Recommendation } from '../../core/model.js';
import type { RecommendationStatus } from '../../core/vocabulary.js';
import { EditForm, MoveForm } from './RecommendationForms.js';
import {
  isOverdue,
  type MoveNeeds,
  movesFrom,
  ownerName,
  type RecommendationPatch,
  STATUS_LABELS,
} from './recommendation-board.js';

/** The form a card shows, if any. */
export type CardForm =
  | { readonly kind: 'move'; readonly to: RecommendationStatus; readonly needs: MoveNeeds }
  | { readonly kind: 'edit' };

/** Props of a card. */
export interface RecommendationCardProps {
  readonly rec: Recommendation;
  readonly doc: PostMortem;
  readonly today: string;
  readonly canEdit: boolean;
  readonly saving: boolean;
  readonly error: string | undefined;
  readonly form: CardForm | undefined;
  readonly onMove: (to: RecommendationStatus) => void;
  readonly onEdit: () => void;
  readonly onCancel: () => void;
  readonly onSubmit: (body: RecommendationPatch) => void;
}

/** A recommendation card. */
export function RecommendationCard(props: RecommendationCardProps) {
  const { rec, doc, today, canEdit, saving, error, form } = props;
  const id = useId();
  const moves = movesFrom(rec.status);
  const [target, setTarget] = useState<RecommendationStatus | ''>('');
  const chosen = target !== '' && moves.includes(target) ? target : moves[0];
  const overdue = isOverdue(rec, today);
  const owner = ownerName(doc, rec.owner);
  const last = rec.history.at(-1);

  return (
    <article
      className={`rec-card${overdue ? ' overdue' : ''}`}
      aria-labelledby={`${id}-title`}
      draggable={canEdit}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', rec.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <h4 id={`${id}-title`} className="rec-title">
        <span className="rec-id">{rec.id}</span> {rec.title}
      </h4>
      <dl className="rec-facts">
        <div>
          <dt>Owner</dt>
          <dd>{owner ?? <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>
            {rec.due === undefined ? (
              <span className="muted">no date</span>
            ) : (
              <time dateTime={rec.due}>{rec.due}</time>
            )}
            {overdue ? <strong className="rec-overdue"> Overdue</strong> : null}
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>
            <span className={`badge priority-${rec.priority}`}>{rec.priority}</span>
          </dd>
        </div>
        {rec.tracker ? (
          <div>
            <dt>Tracker</dt>
            <dd>
              {rec.tracker.url ? (
                <a href={rec.tracker.url} target="_blank" rel="noopener noreferrer">
                  {rec.tracker.system} {rec.tracker.key}
                </a>
              ) : (
                `${rec.tracker.system} ${rec.tracker.key}`
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      {rec.verification ? (
        <p className="rec-note">
          Verified by {rec.verification.by}: {rec.verification.method} ({rec.verification.result})
        </p>
      ) : null}
      {rec.riskAcceptance ? (
        <p className="rec-note">
          Risk accepted by {rec.riskAcceptance.approver} until {rec.riskAcceptance.expires}
        </p>
      ) : null}
      {rec.status === 'rejected' && rec.rejectionReason ? (
        <p className="rec-note">Rejected: {rec.rejectionReason}</p>
      ) : null}
      {last ? (
        <p className="rec-note muted">
          Last change: {last.from} → {last.to} by {last.by}
          {last.why ? ` (${last.why})` : ''}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {canEdit && form === undefined ? (
        <div className="rec-controls">
          {moves.length > 0 ? (
            <>
              <label htmlFor={`${id}-move`}>Move {rec.id} to</label>
              <select
                id={`${id}-move`}
                value={chosen}
                onChange={(e) => setTarget(e.target.value as RecommendationStatus)}
              >
                {moves.map((to) => (
                  <option key={to} value={to}>
                    {STATUS_LABELS[to]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button secondary"
                disabled={saving || chosen === undefined}
                onClick={() => chosen !== undefined && props.onMove(chosen)}
              >
                {saving ? 'Saving…' : 'Move'}
                <span className="visually-hidden"> {rec.id}</span>
              </button>
            </>
          ) : null}
          <button type="button" className="button link" onClick={props.onEdit}>
            Edit<span className="visually-hidden"> {rec.id}</span>
          </button>
        </div>
      ) : null}
      {form?.kind === 'move' ? (
        <MoveForm
          rec={rec}
          doc={doc}
          to={form.to}
          needs={form.needs}
          saving={saving}
          onSubmit={props.onSubmit}
          onCancel={props.onCancel}
        />
      ) : null}
      {form?.kind === 'edit' ? (
        <EditForm rec={rec} doc={doc} saving={saving} onSubmit={props.onSubmit} onCancel={props.onCancel} />
      ) : null}
    </article>
  );
}
