/**
 * One evidence item in full: its provenance, what was parsed from it per source, its whole chain of custody
 * (`GET …/evidence/:evidenceId`) and its rejected records, a page at a time (`GET …/evidence/:evidenceId/rejects`).
 * Editors may queue its parsing again.
 */
import { useEffect, useState } from 'react';
import { apiGet, apiSend } from '../api.js';
import { errorMessage } from '../workspace/save-part.js';
import {
  type EvidenceDetail,
  evidencePath,
  formatBytes,
  formatInstant,
  type Job,
  type RejectPage,
  visibleSample,
} from './evidence-types.js';
import { JobStatus } from './JobStatus.js';

/** Rejected records per page. */
export const REJECTS_PAGE_SIZE = 20;

/** Props: the item to show. */
export interface EvidenceDetailsProps {
  readonly postMortemId: string;
  readonly evidenceId: string;
  /** Changes when the list was read again (a verification adds custody entries). */
  readonly revision: number;
  readonly canEdit: boolean;
  readonly onChanged: () => void;
  readonly onClose: () => void;
}

type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly data: T };

/** The details of an evidence item. */
export function EvidenceDetails(props: EvidenceDetailsProps) {
  const { postMortemId, evidenceId, revision, canEdit, onChanged, onClose } = props;
  const [detail, setDetail] = useState<Loaded<EvidenceDetail>>({ status: 'loading' });
  const [job, setJob] = useState<Job | undefined>();
  const [queueError, setQueueError] = useState<string | undefined>();
  const path = evidencePath(postMortemId, `evidence/${encodeURIComponent(evidenceId)}`);

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision asks for a new read
  useEffect(() => {
    let stale = false;
    setDetail((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    apiGet<EvidenceDetail>(path)
      .then((data) => !stale && setDetail({ status: 'ready', data }))
      .catch(
        (error: unknown) =>
          !stale &&
          setDetail({ status: 'error', message: errorMessage(error, `${evidenceId} could not be read`) }),
      );
    return () => {
      stale = true;
    };
  }, [path, evidenceId, revision]);

  const parseAgain = async (name: string) => {
    setQueueError(undefined);
    try {
      setJob(await apiSend<Job>('POST', `${path}/ingest`, {}));
    } catch (error) {
      setQueueError(errorMessage(error, `${name} could not be queued for parsing`));
    }
  };

  if (detail.status === 'loading') {
    return (
      <p role="status" className="loading">
        Loading {evidenceId}…
      </p>
    );
  }
  if (detail.status === 'error') {
    return (
      <p role="alert" className="error">
        {detail.message}
      </p>
    );
  }
  const item = detail.data;
  return (
    <section className="evidence-details" aria-labelledby="evidence-details-heading">
      <div className="ws-section-header">
        <h3 id="evidence-details-heading">
          {item.id}: {item.originalName}
        </h3>
        <button type="button" className="button secondary" onClick={onClose}>
          Close details
        </button>
      </div>
      <dl className="evidence-facts">
        <div>
          <dt>SHA-256</dt>
          <dd>
            <code className="hash full">{item.sha256}</code>
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(item.size)} ({item.size.toLocaleString('en')} bytes), {item.mediaType}
          </dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>
            {formatInstant(item.registeredAt)} by {item.registeredBy}
          </dd>
        </div>
        {item.description ? (
          <div>
            <dt>Description</dt>
            <dd className="prose">{item.description}</dd>
          </div>
        ) : null}
        {item.timezone ? (
          <div>
            <dt>Time zone</dt>
            <dd>{item.timezone}</dd>
          </div>
        ) : null}
      </dl>
      {item.sources.length > 0 ? (
        <table className="ws-table">
          <caption>Parsed sources of {item.originalName}</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Format</th>
              <th scope="col">Status</th>
              <th scope="col">Accepted</th>
              <th scope="col">Rejected</th>
              <th scope="col">Time span</th>
            </tr>
          </thead>
          <tbody>
            {item.sources.map((source) => (
              <tr key={source.id}>
                <td>{source.member === '' ? '(whole file)' : source.member}</td>
                <td>{source.format}</td>
                <td>{source.error ? `${source.status}: ${source.error}` : source.status}</td>
                <td>{source.accepted.toLocaleString('en')}</td>
                <td>{source.rejected.toLocaleString('en')}</td>
                <td>
                  {source.firstTs === undefined
                    ? ''
                    : `${formatInstant(source.firstTs)} – ${formatInstant(source.lastTs)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Not parsed into the working timeline.</p>
      )}
      {canEdit ? (
        <div className="ws-actions">
          <button
            type="button"
            className="button secondary"
            onClick={() => void parseAgain(item.originalName)}
          >
            Parse {item.originalName} again
          </button>
        </div>
      ) : null}
      {queueError ? (
        <p role="alert" className="error">
          {queueError}
        </p>
      ) : null}
      {job ? (
        <JobStatus
          key={job.id}
          postMortemId={postMortemId}
          job={job}
          name={item.originalName}
          canEdit={canEdit}
          onEnded={onChanged}
        />
      ) : null}
      <CustodyTable entries={item.custody} name={item.originalName} />
      <RejectsTable path={`${path}/rejects`} name={item.originalName} revision={revision} />
    </section>
  );
}

function CustodyTable({
  entries,
  name,
}: {
  readonly entries: EvidenceDetail['custody'];
  readonly name: string;
}) {
  return (
    <div className="table-scroll">
      <table className="ws-table custody-table">
        <caption>Chain of custody of {name}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Time</th>
            <th scope="col">Reason</th>
            <th scope="col">Entry hash</th>
            <th scope="col">Previous hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{entry.action}</td>
              <td>{entry.actor}</td>
              <td>{formatInstant(entry.at)}</td>
              <td>{entry.reason ?? ''}</td>
              <td>
                <code className="hash full">{entry.hash}</code>
              </td>
              <td>
                <code className="hash full">{entry.prevHash}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RejectsTable(props: { readonly path: string; readonly name: string; readonly revision: number }) {
  const { path, name, revision } = props;
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Loaded<RejectPage>>({ status: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision asks for a new read
  useEffect(() => {
    let stale = false;
    apiGet<RejectPage>(path, { limit: REJECTS_PAGE_SIZE, offset })
      .then((data) => !stale && setPage({ status: 'ready', data }))
      .catch(
        (error: unknown) =>
          !stale &&
          setPage({
            status: 'error',
            message: errorMessage(error, 'the rejected records could not be read'),
          }),
      );
    return () => {
      stale = true;
    };
  }, [path, offset, revision]);

  if (page.status === 'loading') {
    return (
      <p role="status" className="loading">
        Loading the rejected records…
      </p>
    );
  }
  if (page.status === 'error') {
    return (
      <p role="alert" className="error">
        {page.message}
      </p>
    );
  }
  const { items, total } = page.data;
  if (total === 0) return <p className="muted">No rejected records: every record of {name} was read.</p>;
  const last = Math.min(offset + items.length, total);
  return (
    <div className="rejects">
      <div className="table-scroll">
        <table className="ws-table rejects-table">
          <caption>Rejected records of {name}</caption>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Reason</th>
              <th scope="col">First bytes</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.member}:${item.ordinal}`}>
                <td>
                  {item.member === '' ? '' : `${item.member}, `}
                  {item.line === undefined ? '' : `line ${item.line}, `}
                  offset {item.offset.toLocaleString('en')}
                </td>
                <td>{item.reason}</td>
                <td>
                  <code className="sample">{visibleSample(item.sample)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button
          type="button"
          className="button secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - REJECTS_PAGE_SIZE))}
        >
          Previous rejects
        </button>
        <span role="status">
          Rejects {offset + 1}–{last} of {total.toLocaleString('en')}
        </span>
        <button
          type="button"
          className="button secondary"
          disabled={last >= total}
          onClick={() => setOffset(offset + REJECTS_PAGE_SIZE)}
        >
          Next rejects
        </button>
      </div>
    </div>
  );
}
