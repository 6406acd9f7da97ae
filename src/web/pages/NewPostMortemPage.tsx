/**
 * Create a post-mortem (`/new`): title, id (the next `INC-YYYY-NNN` suggested), severity and types; the
 * document comes from the template per type (pages/new-post-mortem.ts), is posted to `POST /api/post-mortems`,
 * and the workspace opens.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { POST_MORTEM_TYPES, type PostMortemType, SEVERITIES, type Severity } from '../../core/vocabulary.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { useAuth } from '../auth.js';
import { vocabularyLabel as label, SelectField } from '../shell/SelectField.js';
import type { PostMortemSummary } from './list-filters.js';
import { buildNewPostMortem, problemsOf, suggestNextId } from './new-post-mortem.js';
import '../styles/list.css';

/** The lines to show for a refused creation. */
function failureLines(error: unknown): string[] {
  if (!(error instanceof ApiError)) return ['The post-mortem could not be created; try again.'];
  const problems = error.details?.problems;
  const listed = Array.isArray(problems)
    ? problems.map((p: unknown) =>
        typeof p === 'string'
          ? p
          : typeof p === 'object' && p !== null && 'message' in p
            ? `${'path' in p ? `${String(p.path)}: ` : ''}${String(p.message)}`
            : JSON.stringify(p),
      )
    : [];
  const head = error.status === 409 ? `${error.message} Choose another id.` : error.message;
  return [head, ...listed];
}

/** The create page. */
export function NewPostMortemPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [id, setId] = useState('');
  // Once the user types an id, a late suggestion must not replace it.
  const idTouched = useRef(false);
  const [severity, setSeverity] = useState<Severity>('high');
  const [types, setTypes] = useState<readonly PostMortemType[]>(['technical']);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const year = new Date().getUTCFullYear();
    // The most recently updated page is where this year's latest ids are.
    apiGet<{ items: PostMortemSummary[] }>('/post-mortems', { limit: 500 })
      .then((page) => {
        if (live && !idTouched.current)
          setId(
            suggestNextId(
              page.items.map((item) => item.id),
              year,
            ),
          );
      })
      .catch(() => {
        if (live && !idTouched.current) setId(suggestNextId([], year));
      });
    return () => {
      live = false;
    };
  }, []);

  if (!auth.can('post-mortem:create')) {
    return (
      <section className="page">
        <h1>New post-mortem</h1>
        <p>Your role does not allow creating post-mortems. Ask a lead or an admin.</p>
        <Link to="/">Back to the post-mortems</Link>
      </section>
    );
  }

  const toggleType = (type: PostMortemType, on: boolean) =>
    setTypes((current) => POST_MORTEM_TYPES.filter((t) => (t === type ? on : current.includes(t))));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { id: id.trim(), title: title.trim(), severity, types };
    const problems = problemsOf(input);
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    setErrors([]);
    apiSend<{ id: string }>('POST', '/post-mortems', buildNewPostMortem(input))
      .then((created) => navigate(`/post-mortems/${encodeURIComponent(created.id ?? input.id)}`))
      .catch((error: unknown) => setErrors(failureLines(error)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="page create-page">
      <h1>New post-mortem</h1>
      <form onSubmit={submit} className="create-form">
        <div className="field">
          <label htmlFor="new-title">Title</label>
          <input
            id="new-title"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-id">Id</label>
          <input
            id="new-id"
            required
            aria-describedby="new-id-hint"
            value={id}
            onChange={(e) => {
              idTouched.current = true;
              setId(e.target.value);
            }}
          />
          <p id="new-id-hint" className="hint">
            Letters, digits, “.”, “_” and “-”, e.g. INC-2026-014. The next free number is suggested.
          </p>
        </div>
        <SelectField
          id="new-severity"
          label="Severity"
          value={severity}
          options={SEVERITIES}
          onChange={(value) => setSeverity(value as Severity)}
        />
        <fieldset className="field">
          <legend>Types</legend>
          {POST_MORTEM_TYPES.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={types.includes(type)}
                onChange={(e) => toggleType(type, e.target.checked)}
              />{' '}
              {label(type)}
            </label>
          ))}
        </fieldset>
        {errors.length > 0 && (
          <div className="error" role="alert">
            <p>The post-mortem was not created:</p>
            <ul>
              {errors.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            Create post-mortem
          </button>
          <Link to="/" className="button secondary">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
