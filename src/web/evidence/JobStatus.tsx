/**
 * The state of one ingest job, followed live (`useJob`): queued, parsing with bytes, accepted and rejected
 * records, then the summary when done, or the error with a "Parse again" button (editors) when it failed.
 */
import { useState } from 'react';
import { apiSend } from '../api.js';
import { errorMessage } from '../workspace/save-part.js';
import { formatBytes, formatInstant, type Job, jobSources } from './evidence-types.js';
import { useJob } from './use-job.js';

/** Props: the job to follow and whose file it parses. */
export interface JobStatusProps {
  readonly postMortemId: string;
  readonly job: Job;
  /** The file's name, to label the progress. */
  readonly name: string;
  readonly canEdit: boolean;
  /** The job ended (done or failed): refresh what it changed. */
  readonly onEnded: (job: Job) => void;
}

const count = (n: number) => n.toLocaleString('en');

/** The live state of an ingest job. */
export function JobStatus({ postMortemId, job: first, name, canEdit, onEnded }: JobStatusProps) {
  const [started, setStarted] = useState<Job>(first);
  const { job, error } = useJob(postMortemId, started, onEnded);
  const [retryError, setRetryError] = useState<string | undefined>();
  const [retrying, setRetrying] = useState(false);
  const evidenceId = typeof job.params.evidenceId === 'string' ? job.params.evidenceId : undefined;

  const parseAgain = async () => {
    if (evidenceId === undefined) return;
    setRetrying(true);
    setRetryError(undefined);
    try {
      const next = await apiSend<Job>(
        'POST',
        `/post-mortems/${encodeURIComponent(postMortemId)}/evidence/${encodeURIComponent(evidenceId)}/ingest`,
        {},
      );
      setStarted(next);
    } catch (cause) {
      setRetryError(errorMessage(cause, `${name} could not be queued again; try again later`));
    } finally {
      setRetrying(false);
    }
  };

  return (
    <div className={`job-status job-${job.status}`}>
      {job.status === 'queued' ? <p role="status">Waiting to be parsed…</p> : null}
      {job.status === 'running' ? <Running job={job} name={name} /> : null}
      {job.status === 'done' ? <Done job={job} /> : null}
      {job.status === 'failed' ? (
        <>
          <p role="alert" className="error">
            Parsing {name} failed: {job.error ?? 'no reason given'}
          </p>
          {canEdit && evidenceId !== undefined ? (
            <button
              type="button"
              className="button secondary"
              disabled={retrying}
              onClick={() => void parseAgain()}
            >
              {retrying ? 'Queuing…' : `Parse again: ${name}`}
            </button>
          ) : null}
        </>
      ) : null}
      {error ? <p className="hint">Could not read the job ({error}); trying again.</p> : null}
      {retryError ? (
        <p role="alert" className="error">
          {retryError}
        </p>
      ) : null}
    </div>
  );
}

function Running({ job, name }: { readonly job: Job; readonly name: string }) {
  const progress = job.progress;
  if (progress === undefined || progress.phase === 'sigma') return <p role="status">Parsing…</p>;
  const percent =
    progress.bytesTotal > 0 ? Math.min(100, Math.round((progress.bytesDone / progress.bytesTotal) * 100)) : 0;
  const phase = progress.phase === 'indicators' ? 'Scanning for indicators' : 'Parsing';
  return (
    <div className="job-running">
      <div
        className="meter"
        role="progressbar"
        aria-label={`Parsing ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span className="meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <p role="status">
        {phase}: {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)} ({percent}%),{' '}
        {count(progress.accepted)} accepted, {count(progress.rejected)} rejected
        {progress.member ? ` (${progress.member})` : ''}
      </p>
    </div>
  );
}

function Done({ job }: { readonly job: Job }) {
  const sources = jobSources(job);
  const accepted = sources.reduce((sum, s) => sum + s.accepted, 0);
  const rejected = sources.reduce((sum, s) => sum + s.rejected, 0);
  const formats = [...new Set(sources.map((s) => s.format))].join(', ');
  const firsts = sources.flatMap((s) => (s.firstTs ? [s.firstTs] : [])).sort();
  const lasts = sources.flatMap((s) => (s.lastTs ? [s.lastTs] : [])).sort();
  const outcome = typeof job.result?.outcome === 'string' ? job.result.outcome : 'ingested';
  return (
    <p role="status" className="job-done">
      {outcome === 'already-ingested' ? 'Already parsed before: ' : 'Parsed: '}
      {count(accepted)} accepted, {count(rejected)} rejected
      {formats === '' ? '' : ` as ${formats}`}
      {firsts.length > 0 && lasts.length > 0
        ? `, from ${formatInstant(firsts[0])} to ${formatInstant(lasts[lasts.length - 1])}`
        : ''}
      .
    </p>
  );
}
