/**
 * Review and sign-off in the Report section (docs/reports.md): the state (draft → in review → approved →
 * published), the current approval round, the approval gate and its blockers, the actions the caller's role
 * allows in this state ("Submit for review", "Approve", "Request changes" with a comment, "Waive" with a reason,
 * "Publish", "Reopen"), each sent with the ETag read as If-Match, and the frozen versions with their reports and
 * diffs. Editors (`post-mortem:edit`) submit and decide; leads and admins (`post-mortem:members`) also waive,
 * publish and reopen; viewers and auditors read.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { REVIEW_ACTION_FROM, type ReviewAction, type SignOffGate } from '../../core/sign-off.js';
import { POST_MORTEM_STATUSES, type PostMortemStatus } from '../../core/vocabulary.js';
import { ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import type { SectionProps } from '../workspace/sections.js';
import { blockingGates, GATE_LABELS, GateView } from './GateView.js';
import { needsReauthentication, ReauthPrompt } from './ReauthPrompt.js';
import {
  getReviewOverview,
  type ReviewAnswer,
  type ReviewOverview,
  type ReviewRequest,
  runReviewAction,
} from './review-api.js';
import { VersionsView } from './VersionsView.js';
import '../styles/review.css';

/** Each review state in words. */
export const REVIEW_STATE_LABELS: Readonly<Record<PostMortemStatus, string>> = {
  draft: 'Draft',
  'in-review': 'In review',
  approved: 'Approved',
  published: 'Published',
};

/** What an action's answer means, in a sentence. */
export function describeAnswer(answer: ReviewAnswer): string {
  switch (answer.action) {
    case 'submit':
      return `Submitted for review: the post-mortem is ${REVIEW_STATE_LABELS[answer.status].toLowerCase()}. ${
        answer.gate.passed
          ? 'The approval gate passes.'
          : 'The approval gate does not pass yet: see its blockers.'
      }`;
    case 'approve':
      return `Your approval is recorded; the post-mortem is ${REVIEW_STATE_LABELS[answer.status].toLowerCase()}.${
        answer.frozen
          ? ` Report version ${answer.frozen.number} is frozen (${answer.frozen.contentHash}).`
          : ''
      }`;
    case 'request-changes':
      return `Your request for changes is recorded; the post-mortem is ${REVIEW_STATE_LABELS[answer.status].toLowerCase()}.`;
    case 'waive':
      return `The gate “${GATE_LABELS[answer.waiver.gate]}” is waived.`;
    case 'publish':
      return `Published: report version ${answer.reportVersion} is the published version.`;
    case 'reopen':
      return 'Reopened: the post-mortem is a draft again.';
    default:
      return answer satisfies never;
  }
}

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly overview: ReviewOverview };

/** The review and sign-off panel. */
export function ReviewPanel({ postMortemId, doc, etag, reload }: SectionProps) {
  const auth = useAuth();
  const canEdit = auth.can('post-mortem:edit');
  const canLead = auth.can('post-mortem:members');
  const base = useId();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [busy, setBusy] = useState<ReviewAction | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [reauth, setReauth] = useState<{ error: ApiError; request: ReviewRequest } | undefined>(undefined);
  const [comment, setComment] = useState('');
  // Admins may decide for a named approver (audited as on their behalf); '' is "as myself".
  const [decideFor, setDecideFor] = useState('');
  const [waiveGate, setWaiveGate] = useState<SignOffGate | ''>('');
  const [waiveReason, setWaiveReason] = useState('');

  const load = useCallback(async () => {
    try {
      setLoaded({ status: 'ready', overview: await getReviewOverview(postMortemId) });
    } catch (failure) {
      const text =
        failure instanceof ApiError ? failure.message : 'the review state could not be loaded; try again';
      setLoaded({ status: 'error', message: text });
    }
  }, [postMortemId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the document is read again.
  useEffect(() => {
    void load();
  }, [load, doc.version]);

  const run = async (request: ReviewRequest) => {
    setBusy(request.action);
    setError(undefined);
    setMessage(undefined);
    setReauth(undefined);
    try {
      const answer = await runReviewAction(postMortemId, request, etag);
      setMessage(describeAnswer(answer));
      setComment('');
      setDecideFor('');
      setWaiveReason('');
      setWaiveGate('');
      await load();
      reload();
    } catch (failure) {
      if (needsReauthentication(failure)) setReauth({ error: failure, request });
      else if (failure instanceof ApiError && failure.code === 'version_conflict') {
        setError(
          `${failure.message.replace(/\.$/, '')}. The post-mortem was read again: check it and retry.`,
        );
        reload();
      } else
        setError(failure instanceof ApiError ? failure.message : 'the action could not be sent; try again');
    } finally {
      setBusy(undefined);
    }
  };

  const overview = loaded.status === 'ready' ? loaded.overview : undefined;
  const state: PostMortemStatus = overview?.status ?? doc.status;
  const allowed = (action: ReviewAction) => REVIEW_ACTION_FROM[action].includes(state);
  const blocking = overview === undefined ? [] : blockingGates(overview.gate);
  const chosenGate = waiveGate !== '' && blocking.includes(waiveGate) ? waiveGate : blocking[0];
  const personName = (id: string) => doc.people.find((p) => p.id === id)?.name ?? id;
  const button = (
    action: ReviewAction,
    label: string,
    request: () => ReviewRequest | undefined,
    primary = false,
  ) => (
    <button
      type="button"
      className={`button ${primary ? 'primary' : 'secondary'}`}
      disabled={busy !== undefined}
      onClick={() => {
        const next = request();
        if (next !== undefined) void run(next);
      }}
    >
      {busy === action ? 'Sending…' : label}
    </button>
  );

  return (
    <section className="review-panel" aria-labelledby="signoff-heading">
      <h3 id="signoff-heading">Review and sign-off</h3>
      <ol className="review-states" aria-label="Review state">
        {POST_MORTEM_STATUSES.map((s) => (
          <li
            key={s}
            aria-current={s === state ? 'step' : undefined}
            className={s === state ? 'current' : undefined}
          >
            {REVIEW_STATE_LABELS[s]}
          </li>
        ))}
      </ol>
      <p className="review-state">
        Current state: <strong>{REVIEW_STATE_LABELS[state]}</strong>
        {overview?.draftAfter !== undefined ? ` (changed since version ${overview.draftAfter})` : ''}
      </p>
      {loaded.status === 'loading' ? (
        <p className="loading" role="status">
          Loading the review state…
        </p>
      ) : null}
      {loaded.status === 'error' ? (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {reauth ? (
        <ReauthPrompt
          error={reauth.error}
          onCancel={() => setReauth(undefined)}
          onConfirmed={() => void run(reauth.request)}
        />
      ) : null}
      {overview && state === 'in-review' ? (
        <div className="review-round">
          <h4>Approvers</h4>
          <ul>
            {overview.round.approvers.map((p) => (
              <li key={p}>
                {personName(p)}:{' '}
                {overview.round.approved.includes(p)
                  ? 'approved'
                  : overview.round.changesRequested.includes(p)
                    ? 'asked for changes'
                    : 'waiting'}
              </li>
            ))}
          </ul>
          {overview.round.decisions
            .filter((d) => d.comment)
            .map((d) => (
              <p key={`${d.person}-${d.at}`} className="review-comment">
                {personName(d.person)} ({d.decision === 'approved' ? 'approved' : 'asked for changes'}, {d.at}
                ): “{d.comment}”
              </p>
            ))}
        </div>
      ) : null}
      {overview ? <GateView gate={overview.gate} /> : null}
      {overview && (canEdit || canLead) ? (
        <div className="review-actions">
          {canEdit && allowed('submit')
            ? button('submit', 'Submit for review', () => ({ action: 'submit' }), true)
            : null}
          {canEdit && allowed('approve') ? (
            <>
              <div className="field">
                <label htmlFor={`${base}-comment`}>Comment (needed to request changes)</label>
                <textarea
                  id={`${base}-comment`}
                  rows={2}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                />
                <p className="hint">
                  You decide as the named approver whose e-mail is your account’s
                  {auth.user?.email ? ` (${auth.user.email})` : ''}.
                </p>
              </div>
              {auth.user?.role === 'admin' && overview.round.approvers.length > 0 ? (
                <div className="field">
                  <label htmlFor={`${base}-for`}>Decide as</label>
                  <select id={`${base}-for`} value={decideFor} onChange={(e) => setDecideFor(e.target.value)}>
                    <option value="">Myself (the approver with my e-mail)</option>
                    {overview.round.approvers.map((p) => (
                      <option key={p} value={p}>
                        {personName(p)}, on their behalf (recorded in the audit trail)
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <div className="ws-actions">
                {button(
                  'approve',
                  'Approve',
                  () => ({ action: 'approve', comment, person: decideFor }),
                  true,
                )}
                {button('request-changes', 'Request changes', () => {
                  if (comment.trim() !== '') return { action: 'request-changes', comment, person: decideFor };
                  setError('Say what should change in the comment before requesting changes.');
                  return undefined;
                })}
              </div>
            </>
          ) : null}
          {canLead && allowed('waive') && chosenGate !== undefined ? (
            <fieldset className="field review-waive">
              <legend>Waive a blocking gate</legend>
              <label htmlFor={`${base}-gate`}>Gate to waive</label>
              <select
                id={`${base}-gate`}
                value={chosenGate}
                onChange={(e) => setWaiveGate(e.target.value as SignOffGate)}
              >
                {blocking.map((g) => (
                  <option key={g} value={g}>
                    {GATE_LABELS[g]}
                  </option>
                ))}
              </select>
              <label htmlFor={`${base}-reason`}>Reason for the waiver (at least 10 characters)</label>
              <textarea
                id={`${base}-reason`}
                rows={2}
                value={waiveReason}
                onChange={(e) => setWaiveReason(e.target.value)}
              />
              <div className="ws-actions">
                {button('waive', 'Waive', () => {
                  if (waiveReason.trim().length >= 10)
                    return { action: 'waive', gate: chosenGate, reason: waiveReason };
                  setError('Give a reason of at least 10 characters for the waiver.');
                  return undefined;
                })}
              </div>
            </fieldset>
          ) : null}
          <div className="ws-actions">
            {canLead && allowed('publish')
              ? button('publish', 'Publish', () => ({ action: 'publish' }), true)
              : null}
            {canLead && allowed('reopen') ? button('reopen', 'Reopen', () => ({ action: 'reopen' })) : null}
          </div>
        </div>
      ) : null}
      <h4>Versions</h4>
      {overview ? <VersionsView postMortemId={postMortemId} versions={overview.versions} /> : null}
    </section>
  );
}
