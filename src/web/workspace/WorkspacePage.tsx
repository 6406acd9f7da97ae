/**
 * The workspace of one post-mortem (`/post-mortems/:id` and `/post-mortems/:id/:section`): the document read
 * with `GET /api/post-mortems/:id` (its ETag kept for optimistic writes), a heading with the id and title, the
 * status and severity, a navigation landmark "Sections" with a link per section of the journey, and the
 * current section, each loaded on demand (React.lazy) so the first screen stays small.
 */
import { type ComponentType, lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PostMortem } from '../../core/model.js';
import { ApiError, apiGetDocument } from '../api.js';
import { useAuth } from '../auth.js';
import {
  isSectionKey,
  SECTION_KEYS,
  SECTION_LABELS,
  type SectionKey,
  type SectionProps,
  sectionPath,
} from './sections.js';
import { useDocumentChanges, type VersionNotice } from './use-document-changes.js';
import '../styles/workspace.css';

type SectionModule = Promise<{ default: ComponentType<SectionProps> }>;

/** The code of each section, fetched on demand. */
const LOADERS: Readonly<Record<SectionKey, () => SectionModule>> = {
  summary: () => import('./SummarySection.js').then((m) => ({ default: m.SummarySection })),
  people: () => import('./PeopleSection.js').then((m) => ({ default: m.PeopleSection })),
  evidence: () => import('./EvidenceSection.js').then((m) => ({ default: m.EvidenceSection })),
  timeline: () => import('./TimelineSection.js').then((m) => ({ default: m.TimelineSection })),
  curated: () => import('./CuratedSection.js').then((m) => ({ default: m.CuratedSection })),
  analysis: () => import('./AnalysisSection.js').then((m) => ({ default: m.AnalysisSection })),
  evaluation: () => import('./EvaluationSection.js').then((m) => ({ default: m.EvaluationSection })),
  recommendations: () =>
    import('./RecommendationsSection.js').then((m) => ({ default: m.RecommendationsSection })),
  indicators: () => import('./IndicatorsSection.js').then((m) => ({ default: m.IndicatorsSection })),
  attack: () => import('./AttackSection.js').then((m) => ({ default: m.AttackSection })),
  compliance: () => import('./ComplianceSection.js').then((m) => ({ default: m.ComplianceSection })),
  report: () => import('./ReportSection.js').then((m) => ({ default: m.ReportSection })),
};

const SCREENS: Partial<Record<SectionKey, ComponentType<SectionProps>>> = Object.fromEntries(
  Object.entries(LOADERS).map(([key, load]) => [key, lazy(load)]),
);

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly status: 'ready'; readonly doc: PostMortem; readonly etag: string | undefined };

/** What a newer version stored by someone else says, shown above the section. */
export function changeMessage(notice: VersionNotice): string {
  const time = notice.updatedAt.slice(11, 16);
  const who = notice.by ?? 'Someone';
  return `${who} saved version ${notice.version} at ${time} UTC; it is shown now. If you are editing, saving keeps your changes and shows both versions where you both changed the same thing.`;
}

/** The workspace page. */
export function WorkspacePage() {
  const { id = '', section = 'summary' } = useParams();
  const auth = useAuth();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [changed, setChanged] = useState<string | undefined>();
  const shownVersion = useRef<number | undefined>(undefined);
  shownVersion.current = loaded.status === 'ready' ? loaded.doc.version : undefined;

  // Fetch the section's code while the document loads, not after (the module cache makes it one download).
  useEffect(() => {
    // A failure shows when the section renders (React.lazy loads it again).
    if (isSectionKey(section)) LOADERS[section]().catch(() => undefined);
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

  // Someone stored a newer version: show it without leaving the page (a section being edited keeps its draft;
  // its save goes against the version the edit started from, so nothing is overwritten unseen).
  const onVersion = useCallback(
    (notice: VersionNotice) => {
      const shown = shownVersion.current;
      if (shown === undefined || notice.version <= shown) return;
      apiGetDocument<PostMortem>(`/post-mortems/${encodeURIComponent(id)}`)
        .then((answer) => {
          if ((answer.data.version ?? 0) <= (shownVersion.current ?? 0)) return;
          setLoaded({ status: 'ready', doc: answer.data, etag: answer.etag });
          setChanged(
            notice.by !== undefined && notice.by === auth.user?.username ? undefined : changeMessage(notice),
          );
        })
        .catch(() => {
          // The next announcement (or the next save's 409) brings it.
        });
    },
    [id, auth.user?.username],
  );
  const onGone = useCallback(() => setChanged('This post-mortem was deleted on the server.'), []);
  useDocumentChanges(id, onVersion, onGone);

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
      {changed === undefined ? null : (
        <div className="ws-changed" role="status">
          <p>{changed}</p>
          <button type="button" className="button secondary" onClick={() => setChanged(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="ws-body">
        <nav aria-label="Sections" className="ws-nav">
          <ul>
            {SECTION_KEYS.map((key) => (
              <li key={key}>
                <Link to={sectionPath(doc.id, key)} aria-current={key === current ? 'page' : undefined}>
                  {SECTION_LABELS[key]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ws-content" id="workspace-section">
          {current === undefined || Screen === undefined ? (
            <section className="ws-section">
              <h2>No section named “{section}”</h2>
              <p>Choose a section in the navigation.</p>
            </section>
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
