/**
 * Summary and impact: the incident narrative and what it affected. Editors (`post-mortem:edit`) edit the four
 * summary texts; saving replaces the document (`PUT /api/post-mortems/:id`) with `If-Match` set to the ETag
 * read. When someone stored a version meanwhile (`409 version_conflict`), the stored version is read again and
 * each field that differs is shown side by side with a choice (ConflictResolver); nothing is overwritten
 * unseen, and the merged text is saved against the new ETag.
 */
import { type FormEvent, useId, useState } from 'react';
import type { PostMortem } from '../../core/model.js';
import { ApiError, apiGetDocument, apiSendWithEtag } from '../api.js';
import { useAuth } from '../auth.js';
import { LintFindings } from '../lint/LintFindings.js';
import { type LintState, useLintFindings } from '../lint/use-lint-findings.js';
import { ConflictResolver } from './ConflictResolver.js';
import { ImpactEditor } from './ImpactEditor.js';
import type { SectionProps } from './sections.js';
import {
  type FieldConflict,
  mergeSummary,
  SUMMARY_FIELDS,
  SUMMARY_LABELS,
  type SummaryTexts,
  summaryConflicts,
  summaryTexts,
  withSummary,
} from './summary-merge.js';

/** A conflict to resolve: what I started from, what I wrote, and the stored version with its ETag. */
interface Conflict {
  readonly conflicts: readonly FieldConflict[];
  readonly theirs: PostMortem;
  readonly theirsEtag: string | undefined;
}

type Mode =
  | { readonly kind: 'view'; readonly message?: string }
  | {
      readonly kind: 'edit';
      readonly base: SummaryTexts;
      readonly texts: SummaryTexts;
      /** The version the edit started from: saved against it, so a version shown meanwhile is never overwritten. */
      readonly onto: PostMortem;
      readonly ontoEtag: string | undefined;
      readonly error?: string;
    }
  | { readonly kind: 'conflict'; readonly conflict: Conflict; readonly error?: string };

/** The summary and impact section. */
export function SummarySection({ postMortemId, doc, etag, onSaved, reload }: SectionProps) {
  const auth = useAuth();
  // Blameless-language findings of the stored version, shown under each text.
  const lint = useLintFindings(postMortemId, doc.version);
  const canEdit = auth.can('post-mortem:edit');
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [saving, setSaving] = useState(false);
  const path = `/post-mortems/${encodeURIComponent(postMortemId)}`;

  /** Saves texts over `onto` (the version they are based on); on a conflict, reads theirs and shows both. */
  const save = async (
    onto: PostMortem,
    ontoEtag: string | undefined,
    base: SummaryTexts,
    texts: SummaryTexts,
  ) => {
    setSaving(true);
    try {
      const saved = await apiSendWithEtag<PostMortem>('PUT', path, withSummary(onto, texts), {
        ...(ontoEtag === undefined ? {} : { ifMatch: ontoEtag }),
      });
      onSaved(saved.data, saved.etag);
      setMode({ kind: 'view', message: `Saved as version ${saved.data.version ?? ''}.`.replace(' .', '.') });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        const stored = await apiGetDocument<PostMortem>(path);
        const conflicts = summaryConflicts(base, texts, summaryTexts(stored.data.summary));
        if (conflicts.length === 0) {
          // They stored the very texts I wrote: nothing to merge.
          onSaved(stored.data, stored.etag);
          setMode({ kind: 'view', message: 'Someone saved the same text meanwhile; nothing else to save.' });
        } else {
          setMode({
            kind: 'conflict',
            conflict: { conflicts, theirs: stored.data, theirsEtag: stored.etag },
          });
        }
      } else {
        const message = error instanceof ApiError ? error.message : 'the summary could not be saved';
        setMode((current) => (current.kind === 'view' ? current : { ...current, error: message }));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="ws-section" aria-labelledby="summary-heading">
      <div className="ws-section-header">
        <h2 id="summary-heading">Summary and impact</h2>
        {canEdit && mode.kind === 'view' ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              const base = summaryTexts(doc.summary);
              setMode({ kind: 'edit', base, texts: base, onto: doc, ontoEtag: etag });
            }}
          >
            Edit summary
          </button>
        ) : null}
      </div>
      {mode.kind === 'view' && mode.message ? <p role="status">{mode.message}</p> : null}
      {mode.kind === 'edit' ? (
        <SummaryForm
          texts={mode.texts}
          saving={saving}
          error={mode.error}
          onChange={(texts) => setMode({ ...mode, texts })}
          onCancel={() => setMode({ kind: 'view' })}
          onSubmit={() => void save(mode.onto, mode.ontoEtag, mode.base, mode.texts)}
        />
      ) : null}
      {mode.kind === 'conflict' ? (
        <ConflictResolver
          conflicts={mode.conflict.conflicts}
          theirsVersion={mode.conflict.theirs.version}
          saving={saving}
          error={mode.error}
          onCancel={() => {
            // Give up my edit: show the stored version.
            onSaved(mode.conflict.theirs, mode.conflict.theirsEtag);
            setMode({ kind: 'view', message: 'Your edit was discarded; this is the stored version.' });
          }}
          onResolve={(choices) => {
            const { theirs, theirsEtag, conflicts } = mode.conflict;
            const merged = mergeSummary(theirs, conflicts, choices);
            void save(theirs, theirsEtag, summaryTexts(theirs.summary), summaryTexts(merged.summary));
          }}
        />
      ) : null}
      {mode.kind === 'view' ? <SummaryView doc={doc} lint={lint} /> : null}
      <ImpactEditor postMortemId={postMortemId} doc={doc} etag={etag} onSaved={onSaved} reload={reload} />
    </section>
  );
}

function SummaryForm(props: {
  texts: SummaryTexts;
  saving: boolean;
  error: string | undefined;
  onChange: (texts: SummaryTexts) => void;
  onCancel: () => void;
  onSubmit: () => void;
}) {
  const baseId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="summary-form" onSubmit={onSubmit} aria-label="Edit summary">
      {SUMMARY_FIELDS.map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`${baseId}-${field}`}>{SUMMARY_LABELS[field]}</label>
          <textarea
            id={`${baseId}-${field}`}
            rows={field === 'whatHappened' ? 6 : 3}
            value={props.texts[field]}
            onChange={(e) => props.onChange({ ...props.texts, [field]: e.target.value })}
          />
        </div>
      ))}
      {props.error ? (
        <p role="alert" className="error">
          {props.error}
        </p>
      ) : null}
      <div className="ws-actions">
        <button type="submit" className="button primary" disabled={props.saving}>
          {props.saving ? 'Saving…' : 'Save summary'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SummaryView({ doc, lint }: { readonly doc: PostMortem; readonly lint: LintState }) {
  const texts = summaryTexts(doc.summary);
  return (
    <dl className="summary-view">
      {SUMMARY_FIELDS.map((field) => (
        <div key={field} className="summary-item">
          <dt>{SUMMARY_LABELS[field]}</dt>
          <dd className={texts[field] === '' ? 'muted' : 'prose'}>
            {texts[field] === '' ? 'Not written yet.' : texts[field]}
            <LintFindings lint={lint} path={`summary.${field}`} label={SUMMARY_LABELS[field]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
