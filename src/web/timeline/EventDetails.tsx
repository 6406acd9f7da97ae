/**
 * The side panel of one working-timeline event: its fields, detections and raw record
 * (`GET /api/post-mortems/:id/events/:eventId`), its tags, and for editors the promotion to the curated timeline
 * (`POST …/promote` with an optional milestone in the file format's shape).
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { DETECTION_SOURCES, MILESTONE_KINDS } from '../../core/vocabulary.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { type EventDetail, eventPath, formatUtc, type TimelineEvent } from './timeline-query.js';

/** Props of the panel. */
export interface EventDetailsProps {
  readonly postMortemId: string;
  /** The event as the list shows it (with the explorer's patches). */
  readonly event: TimelineEvent;
  readonly canEdit: boolean;
  readonly onClose: () => void;
  readonly onToggleStar: (event: TimelineEvent) => void;
  /** The server's answer to a tag change. */
  readonly onEventChanged: (event: TimelineEvent) => void;
  /** The curated timeline changed (a promotion): the workspace reloads the document. */
  readonly onPromoted: (entryId: string, version: number) => void;
}

function message(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** The details panel of one event. */
export function EventDetails(props: EventDetailsProps) {
  const { postMortemId, event, canEdit } = props;
  const [detail, setDetail] = useState<EventDetail | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const headingId = useId();

  useEffect(() => {
    let live = true;
    setDetail(undefined);
    setLoadError(undefined);
    apiGet<EventDetail>(eventPath(postMortemId, event.id))
      .then((answer) => {
        if (live) setDetail(answer);
      })
      .catch((error: unknown) => {
        if (live) setLoadError(message(error, 'the event could not be loaded'));
      });
    return () => {
      live = false;
    };
  }, [postMortemId, event.id]);

  const fields = Object.entries(event.fields);
  return (
    <aside className="event-details" aria-labelledby={headingId}>
      <header className="event-details-header">
        <h2 id={headingId}>Event {event.id}</h2>
        <button type="button" onClick={props.onClose}>
          Close details
        </button>
      </header>
      <p className="event-details-time">
        {formatUtc(event.time)} <span className="muted">(as written: {event.timeText}</span>
        {event.timeAssumed ? <span className="muted">, zone assumed</span> : null}
        <span className="muted">)</span>
      </p>
      <p className="event-details-message">{event.message}</p>
      <dl className="event-details-fields">
        <dt>Evidence</dt>
        <dd>
          {event.evidence}
          {event.member ? ` / ${event.member}` : ''} ({event.format}
          {event.line === undefined ? '' : `, line ${event.line}`})
        </dd>
        {fields.map(([key, value]) => (
          <div key={key} className="event-details-field">
            <dt>{key}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
        {Object.entries(event.labels ?? {}).map(([key, value]) => (
          <div key={`label:${key}`} className="event-details-field">
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {canEdit ? (
        <button type="button" onClick={() => props.onToggleStar(event)}>
          {event.starred ? 'Unstar' : 'Star'}
        </button>
      ) : null}
      <TagEditor {...props} />
      {event.detections && event.detections.length > 0 ? (
        <section>
          <h3>Sigma detections</h3>
          <ul>
            {event.detections.map((d) => (
              <li key={d.rule}>
                {d.title} ({d.level ?? 'no level'})
                {d.techniques.length > 0 ? `: ${d.techniques.join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h3>Raw record</h3>
        {loadError ? <p role="alert">{loadError}</p> : null}
        {detail === undefined && loadError === undefined ? (
          <p aria-live="polite">Loading the raw record…</p>
        ) : null}
        {detail?.raw.encoding === 'text' ? <pre className="raw-record">{detail.raw.text}</pre> : null}
        {detail?.raw.encoding === 'hex' ? (
          <pre className="raw-record">
            {detail.raw.hex}
            {detail.raw.truncated ? '\n…' : ''}
          </pre>
        ) : null}
        {detail ? (
          <p className="muted">
            {detail.raw.bytes} bytes at offset {detail.location.offset} of blob{' '}
            {detail.location.sha256.slice(0, 12)}…
          </p>
        ) : null}
      </section>
      {canEdit ? <PromoteForm {...props} /> : null}
    </aside>
  );
}

function TagEditor({ postMortemId, event, canEdit, onEventChanged }: EventDetailsProps) {
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputId = useId();
  const change = (body: { add?: string[]; remove?: string[] }) => {
    setError(undefined);
    apiSend<TimelineEvent>('POST', eventPath(postMortemId, event.id, 'tags'), body)
      .then((updated) => {
        onEventChanged(updated);
        setTag('');
      })
      .catch((cause: unknown) => setError(message(cause, 'the tags could not be changed')));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const value = tag.trim();
    if (value !== '') change({ add: [value] });
  };
  return (
    <section className="event-tags">
      <h3>Tags</h3>
      {event.tags.length === 0 ? <p className="muted">No tags.</p> : null}
      <ul className="tag-list">
        {event.tags.map((t) => (
          <li key={t} className="tag">
            {t}
            {canEdit ? (
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove tag ${t}`}
                onClick={() => change({ remove: [t] })}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form onSubmit={onSubmit} className="inline-form">
          <label htmlFor={inputId}>New tag</label>
          <input
            id={inputId}
            value={tag}
            pattern="[^\s,]+"
            maxLength={64}
            onChange={(e) => setTag(e.target.value)}
          />
          <button type="submit">Add tag</button>
        </form>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}

type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** The promote request body: the milestone in the file format's shape (detection and notification need more). */
export function promoteBody(
  kind: MilestoneKind | '',
  extra: { source: string; recipient: string; text: string },
): { milestone?: Record<string, string>; text?: string } {
  const text = extra.text.trim();
  const body: { milestone?: Record<string, string>; text?: string } = text === '' ? {} : { text };
  if (kind === 'detection') body.milestone = { kind, source: extra.source };
  else if (kind === 'notification') body.milestone = { kind, recipient: extra.recipient.trim() };
  else if (kind !== '') body.milestone = { kind };
  return body;
}

function PromoteForm({ postMortemId, event, onPromoted }: EventDetailsProps) {
  const [kind, setKind] = useState<MilestoneKind | ''>('');
  const [source, setSource] = useState<string>(DETECTION_SOURCES[0]);
  const [recipient, setRecipient] = useState('');
  const [text, setText] = useState(event.message);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'done' | 'error'; message?: string }>({
    kind: 'idle',
  });
  const ids = { kind: useId(), source: useId(), recipient: useId(), text: useId() };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setState({ kind: 'saving' });
    apiSend<{ entry: { id: string }; version: number }>(
      'POST',
      eventPath(postMortemId, event.id, 'promote'),
      promoteBody(kind, { source, recipient, text: text === event.message ? '' : text }),
    )
      .then((answer) => {
        setState({
          kind: 'done',
          message: `Added ${answer.entry.id} to the curated timeline (version ${answer.version}).`,
        });
        onPromoted(answer.entry.id, answer.version);
      })
      .catch((cause: unknown) =>
        setState({ kind: 'error', message: message(cause, 'the event could not be promoted') }),
      );
  };

  return (
    <form className="promote-form" onSubmit={onSubmit}>
      <h3>Promote to the curated timeline</h3>
      <label htmlFor={ids.kind}>Milestone</label>
      <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as MilestoneKind | '')}>
        <option value="">None</option>
        {MILESTONE_KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      {kind === 'detection' ? (
        <>
          <label htmlFor={ids.source}>Detected by</label>
          <select id={ids.source} value={source} onChange={(e) => setSource(e.target.value)}>
            {DETECTION_SOURCES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {kind === 'notification' ? (
        <>
          <label htmlFor={ids.recipient}>Recipient</label>
          <input
            id={ids.recipient}
            required
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
          />
        </>
      ) : null}
      <label htmlFor={ids.text}>Entry text</label>
      <textarea id={ids.text} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={state.kind === 'saving'}>
        Promote
      </button>
      {state.kind === 'done' ? <p role="status">{state.message}</p> : null}
      {state.kind === 'error' ? <p role="alert">{state.message}</p> : null}
    </form>
  );
}
