/**
 * Recommendations: a board with one column per lifecycle status (proposed → … → rejected) and a card per
 * recommendation of the document. Editors move cards with the "Move R-01 to" select and its button (or by
 * dragging a card onto a column); a move that needs more (owner, due date, verification, risk acceptance,
 * rejection or going-back reason) opens a form on the card. Every change is `PATCH
 * /api/post-mortems/:id/recommendations/:rid` with the ETag as If-Match; a refusal shows the server's message on
 * the card. Filters: owner, overdue only. New recommendations are added with the shared part editor.
 */
import { type DragEvent, useId, useMemo, useState } from 'react';
import type { Recommendation } from '../../core/model.js';
import type { RecommendationStatus } from '../../core/vocabulary.js';
import { ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { AddRecommendation } from '../recommendations/AddRecommendation.js';
import { type CardForm, RecommendationCard } from '../recommendations/RecommendationCard.js';
import {
  BOARD_COLUMNS,
  type BoardFilter,
  filterRecommendations,
  isOverdue,
  moveNeeds,
  movesFrom,
  needsForm,
  ownerName,
  ownersOf,
  patchRecommendation,
  type RecommendationPatch,
  STATUS_LABELS,
  todayOf,
} from '../recommendations/recommendation-board.js';
import type { SectionProps } from './sections.js';
import '../styles/recommendations.css';

/** The recommendations section. */
export function RecommendationsSection(props: SectionProps) {
  const { doc, etag, onSaved, reload } = props;
  const canEdit = useAuth().can('post-mortem:edit');
  const base = useId();
  const [filter, setFilter] = useState<BoardFilter>({ owner: '', overdueOnly: false });
  const [forms, setForms] = useState<Readonly<Record<string, CardForm>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [saving, setSaving] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [dropTarget, setDropTarget] = useState<RecommendationStatus | undefined>(undefined);
  // The board is drawn for one day; a long-open tab shows overdue marks as of when it was rendered.
  const today = useMemo(() => todayOf(new Date()), []);
  const shown = filterRecommendations(doc.recommendations, filter, today);
  const owners = ownersOf(doc.recommendations);
  const overdueCount = doc.recommendations.filter((r) => isOverdue(r, today)).length;

  const setForm = (id: string, form: CardForm | undefined) =>
    setForms((now) => {
      const { [id]: _gone, ...rest } = now;
      return form === undefined ? rest : { ...rest, [id]: form };
    });
  const setError = (id: string, error: string | undefined) =>
    setErrors((now) => {
      const { [id]: _gone, ...rest } = now;
      return error === undefined ? rest : { ...rest, [id]: error };
    });

  const send = async (rec: Recommendation, body: RecommendationPatch) => {
    setSaving(rec.id);
    setError(rec.id, undefined);
    setMessage(undefined);
    try {
      const saved = await patchRecommendation(doc, etag, rec.id, body);
      setForm(rec.id, undefined);
      const moved = body.status !== undefined && body.status !== rec.status;
      setMessage(
        `${rec.id} ${moved ? `moved to ${STATUS_LABELS[body.status ?? rec.status]}` : 'saved'} (version ${saved.doc.version ?? ''}).`,
      );
      onSaved(saved.doc, saved.etag);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        setError(
          rec.id,
          `${error.message.replace(/\.$/, '')}. The board now shows the stored version: check ${rec.id} and try again.`,
        );
        reload();
      } else {
        setError(
          rec.id,
          error instanceof ApiError ? error.message : `${rec.id} could not be saved; try again`,
        );
      }
    } finally {
      setSaving(undefined);
    }
  };

  const move = (rec: Recommendation, to: RecommendationStatus) => {
    setError(rec.id, undefined);
    const needs = moveNeeds(rec, to);
    if (needsForm(needs)) setForm(rec.id, { kind: 'move', to, needs });
    else void send(rec, { status: to });
  };

  const drop = (event: DragEvent, to: RecommendationStatus) => {
    event.preventDefault();
    setDropTarget(undefined);
    const rec = doc.recommendations.find((r) => r.id === event.dataTransfer.getData('text/plain'));
    if (rec === undefined || rec.status === to) return;
    if (!movesFrom(rec.status).includes(to)) {
      setError(
        rec.id,
        `${rec.id} cannot go from ${STATUS_LABELS[rec.status]} to ${STATUS_LABELS[to]}; it can go to ${movesFrom(
          rec.status,
        )
          .map((s) => STATUS_LABELS[s])
          .join(', ')}`,
      );
      return;
    }
    move(rec, to);
  };

  return (
    <section className="ws-section" aria-labelledby="recommendations-heading">
      <div className="ws-section-header">
        <h2 id="recommendations-heading">Recommendations</h2>
      </div>
      <p className="muted">
        {doc.recommendations.length} recommendation{doc.recommendations.length === 1 ? '' : 's'}
        {overdueCount > 0 ? `, ${overdueCount} overdue` : ''}. A recommendation is finished when verified,
        risk-accepted or rejected; done still needs verifying.
      </p>
      <fieldset className="rec-filters">
        <legend className="visually-hidden">Filter recommendations</legend>
        <div className="field">
          <label htmlFor={`${base}-owner`}>Owner</label>
          <select
            id={`${base}-owner`}
            value={filter.owner}
            onChange={(e) => setFilter({ ...filter, owner: e.target.value })}
          >
            <option value="">Everyone</option>
            {owners.map((owner) => (
              <option key={owner} value={owner}>
                {ownerName(doc, owner)}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.overdueOnly}
            onChange={(e) => setFilter({ ...filter, overdueOnly: e.target.checked })}
          />
          Overdue only
        </label>
      </fieldset>
      {message ? <p role="status">{message}</p> : null}
      {canEdit ? <AddRecommendation {...props} /> : null}
      <div className="rec-board">
        {BOARD_COLUMNS.map((status) => {
          const cards = shown.filter((r) => r.status === status);
          return (
            <section
              key={status}
              className={`rec-column${dropTarget === status ? ' drop-target' : ''}`}
              aria-labelledby={`${base}-col-${status}`}
              onDragOver={
                canEdit
                  ? (e) => {
                      e.preventDefault();
                      setDropTarget(status);
                    }
                  : undefined
              }
              onDragLeave={() => setDropTarget(undefined)}
              onDrop={canEdit ? (e) => drop(e, status) : undefined}
            >
              <h3 id={`${base}-col-${status}`}>
                {STATUS_LABELS[status]} <span className="rec-count">({cards.length})</span>
              </h3>
              {cards.length === 0 ? (
                <p className="muted rec-empty">None</p>
              ) : (
                <ul className="rec-cards">
                  {cards.map((rec) => (
                    <li key={rec.id}>
                      <RecommendationCard
                        rec={rec}
                        doc={doc}
                        today={today}
                        canEdit={canEdit}
                        saving={saving === rec.id}
                        error={errors[rec.id]}
                        form={forms[rec.id]}
                        onMove={(to) => move(rec, to)}
                        onEdit={() => setForm(rec.id, { kind: 'edit' })}
                        onCancel={() => setForm(rec.id, undefined)}
                        onSubmit={(body) => void send(rec, body)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
