/**
 * The workspace of one post-mortem (`/post-mortems/:id` and `/post-mortems/:id/:section`): the document read
 * with `GET /api/post-mortems/:id` (its ETag kept for optimistic writes), a heading with the id and title, the
 * status and severity, a navigation landmark "Sections" with a link per section of the journey, and the
 * current section, each loaded on demand (React.lazy) so the first screen stays small.
 */
import { type ComponentType, lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PostMortem } from '../../core/model.js';
import { ApiError, apiGetDocument } from '../api.js';
import { ComingSoon } from './ComingSoon.js';
import {
  isSectionKey,
  SECTION_KEYS,
  SECTION_LABELS,
  type SectionKey,
  type SectionProps,
  sectionPath,
} from './sections.js';
import '../styles/workspace.css';

type SectionModule = Promise<{ default: ComponentType<SectionProps> }>;

/** The code of each section that has a screen, fetched on demand; the others show ComingSoon. */
const LOADERS: Partial<Record<SectionKey, () => SectionModule>> = {
  summary: () => import('./SummarySection.js').then((m) => ({ default: m.SummarySection })),
  timeline: () => import('./TimelineSection.js').then((m) => ({ default: m.TimelineSection })),
  curated: () => import('./CuratedSection.js').then((m) => ({ default: m.CuratedSection })),
  report: () => import('./ReportSection.js').then((m) => ({ default: m.ReportSection })),
};

const SCREENS: Partial<Record<SectionKey, ComponentType<SectionProps>>> = Object.fromEntries(
  Object.entries(LOADERS).map(([key, load]) => [key, lazy(load)]),
);

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly status: 'ready'; readonly doc: PostMortem; readonly etag: string | undefined };

/** The workspace page. */
export function WorkspacePage() {
  const { id = '', section = 'summary' } = useParams();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  // Fetch the section's code while the document loads, not after (the module cache makes it one download).
  useEffect(() => {
    // A failure shows when the section renders (React.lazy loads it again).
    if (isSectionKey(section)) LOADERS[section]?.().catch(() => undefined);
  }, [section]);

  const load = useCallback(async () => {
    try {
      const answer = await apiGetDocument<PostMortem>(`/post-mortems/${encodeURIComponent(id)}`);
      setLoaded({ status: 'ready', doc: answer.data, etag: answer.etag });
    } catch (error) {
      const notFound = error instanceof ApiError && error.status === 404;
      const message =
        error instanceof ApiError ? error.message : `post-mortem ${id} could not be loaded; try again later`;
      setLoaded({ status: 'error', message, notFound });
    }
  }, [id]);

  useEffect(() => {
    setLoaded({ status: 'loading' });
    void load();
  }, [load]);

  const onSaved = useCallback((doc: PostMortem, etag: string | undefined) => {
    setLoaded({ status: 'ready', doc, etag });
  }, []);
  const reload = useCallback(() => void load(), [load]);

  useEffect(() => {
    if (loaded.status === 'ready') document.title = `${loaded.doc.id} ${loaded.doc.title} · Debrief`;
  }, [loaded]);

  if (loaded.status === 'loading') {
    return (
      <section className="page workspace">
        <p className="loading" role="status">
          Loading {id}…
        </p>
      </section>
    );
  }
  if (loaded.status === 'error') {
    return (
      <section className="page workspace">
        <h1>{loaded.notFound ? `${id} not found` : `${id} could not be loaded`}</h1>
        <p role="alert" className="error">
          {loaded.message}
        </p>
        <p>
          <Link to="/">Back to the post-mortems</Link>
        </p>
      </section>
    );
  }

  const { doc, etag } = loaded;
  const current: SectionKey | undefined = isSectionKey(section) ? section : undefined;
  const Screen = current === undefined ? undefined : SCREENS[current];
  return (
    <div className="page workspace">
      <header className="ws-header">
        <p className="ws-breadcrumb">
          <Link to="/">Post-mortems</Link>
        </p>
        <h1>
          <span className="ws-id">{doc.id}</span> {doc.title}
        </h1>
        <p className="ws-badges">
          <span className={`badge status-${doc.status}`}>Status: {doc.status}</span>
          <span className={`badge severity severity-${doc.severity}`}>Severity: {doc.severity}</span>
          {doc.restricted ? <span className="badge restricted">Restricted</span> : null}
          {doc.types.map((type) => (
            <span key={type} className="badge">
              {type}
            </span>
          ))}
          {doc.version === undefined ? null : <span className="muted">version {doc.version}</span>}
        </p>
      </header>
      <div className="ws-body">
        <nav aria-label="Sections" className="ws-nav">
          <ul>
            {SECTION_KEYS.map((key) => (
              <li key={key}>
                <Link
                  to={sectionPath(doc.id, key)}
                  aria-current={key === current ? 'page' : undefined}
                  className={SCREENS[key] ? undefined : 'soon'}
                >
                  {SECTION_LABELS[key]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ws-content" id="workspace-section">
          {current === undefined ? (
            <section className="ws-section">
              <h2>No section named “{section}”</h2>
              <p>Choose a section in the navigation.</p>
            </section>
          ) : Screen === undefined ? (
            <ComingSoon section={current} postMortemId={doc.id} />
          ) : (
            <Suspense
              fallback={
                <p className="loading" role="status">
                  Loading {SECTION_LABELS[current]}…
                </p>
              }
            >
              <Screen
                key={doc.id}
                postMortemId={doc.id}
                doc={doc}
                etag={etag}
                onSaved={onSaved}
                reload={reload}
              />
            </Suspense>
          )}
        </div>
      </div>
    </div>
  );
}
