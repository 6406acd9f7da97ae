/**
 * Evidence: the files a post-mortem relies on, with their hashes, chains of custody and what was parsed from
 * them (`GET …/evidence`). Everyone who reads may verify them; editors upload files (drag and drop or the file
 * input) with per-file progress and follow their ingest jobs live. Ingest jobs still queued, running or failed
 * when the screen opens (`GET …/jobs`) are followed too.
 */
import { useCallback, useEffect, useState } from 'react';
import { apiGet } from '../api.js';
import { useAuth } from '../auth.js';
import { EvidenceDetails } from '../evidence/EvidenceDetails.js';
import { EvidenceList } from '../evidence/EvidenceList.js';
import { type EvidenceItem, evidencePath, type Job } from '../evidence/evidence-types.js';
import { JobStatus } from '../evidence/JobStatus.js';
import { UploadPanel } from '../evidence/UploadPanel.js';
import { VerifyPanel } from '../evidence/VerifyPanel.js';
import { errorMessage } from './save-part.js';
import type { SectionProps } from './sections.js';
import '../styles/evidence.css';

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly items: readonly EvidenceItem[] };

/** The latest ingest job of each evidence item that still needs attention: queued, running or failed. */
export function openIngestJobs(jobs: readonly Job[]): readonly Job[] {
  const seen = new Set<string>();
  const open: Job[] = [];
  for (const job of jobs) {
    const evidenceId = typeof job.params.evidenceId === 'string' ? job.params.evidenceId : undefined;
    if (job.kind !== 'ingest' || evidenceId === undefined || seen.has(evidenceId)) continue;
    seen.add(evidenceId);
    if (job.status !== 'done') open.push(job);
  }
  return open;
}

/** The evidence section. */
export function EvidenceSection({ postMortemId, reload }: SectionProps) {
  const auth = useAuth();
  const canEdit = auth.can('post-mortem:edit');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [revision, setRevision] = useState(0);
  const [selected, setSelected] = useState<string | undefined>();
  const [jobs, setJobs] = useState<readonly Job[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision asks for a new read
  useEffect(() => {
    let stale = false;
    apiGet<readonly EvidenceItem[]>(evidencePath(postMortemId))
      .then((items) => !stale && setLoaded({ status: 'ready', items }))
      .catch(
        (error: unknown) =>
          !stale &&
          setLoaded({ status: 'error', message: errorMessage(error, 'the evidence could not be read') }),
      );
    return () => {
      stale = true;
    };
  }, [postMortemId, revision]);

  // The jobs at opening only: the uploads made here follow their own jobs.
  useEffect(() => {
    let stale = false;
    apiGet<readonly Job[]>(evidencePath(postMortemId, 'jobs'))
      .then((all) => !stale && setJobs(openIngestJobs(all)))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [postMortemId]);

  const refresh = useCallback(() => setRevision((n) => n + 1), []);
  // A finished ingest changes the working timeline and may add indicators: the document is read again too.
  const onIngested = useCallback(() => {
    refresh();
    reload();
  }, [refresh, reload]);

  const items = loaded.status === 'ready' ? loaded.items : [];
  const nameOf = (job: Job) => {
    const id = job.params.evidenceId;
    return items.find((item) => item.id === id)?.originalName ?? String(id ?? job.id);
  };

  return (
    <section className="ws-section evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      {canEdit ? <UploadPanel postMortemId={postMortemId} onChanged={onIngested} /> : null}
      {jobs.length > 0 ? (
        <section aria-labelledby="evidence-jobs-heading" className="evidence-jobs">
          <h3 id="evidence-jobs-heading">Parsing</h3>
          <ul>
            {jobs.map((job) => (
              <li key={job.id}>
                <strong>{nameOf(job)}</strong>
                <JobStatus
                  postMortemId={postMortemId}
                  job={job}
                  name={nameOf(job)}
                  canEdit={canEdit}
                  onEnded={onIngested}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h3>Files</h3>
      {loaded.status === 'loading' ? (
        <p role="status" className="loading">
          Loading the evidence…
        </p>
      ) : null}
      {loaded.status === 'error' ? (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      ) : null}
      {loaded.status === 'ready' ? (
        <EvidenceList
          items={items}
          selected={selected}
          onSelect={(id) => setSelected(id === selected ? undefined : id)}
        />
      ) : null}
      {selected === undefined ? null : (
        <EvidenceDetails
          key={selected}
          postMortemId={postMortemId}
          evidenceId={selected}
          revision={revision}
          canEdit={canEdit}
          onChanged={onIngested}
          onClose={() => setSelected(undefined)}
        />
      )}
      <VerifyPanel postMortemId={postMortemId} onVerified={refresh} />
    </section>
  );
}
