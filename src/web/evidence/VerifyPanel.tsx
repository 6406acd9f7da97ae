/**
 * Verifying the evidence (`POST …/evidence/verify`, open to everyone who may read the post-mortem): every file
 * is hashed again and every chain of custody checked; each item is shown intact, or with what is wrong (a
 * missing or modified file, a broken custody chain). Intact items get a "verified" custody entry.
 */
import { useState } from 'react';
import { apiSend } from '../api.js';
import { errorMessage } from '../workspace/save-part.js';
import { evidencePath, shortHash, type Verification } from './evidence-types.js';

/** Props: which post-mortem, and what to do after (the custody counts changed). */
export interface VerifyPanelProps {
  readonly postMortemId: string;
  readonly onVerified: () => void;
}

/** The verify button and its result. */
export function VerifyPanel({ postMortemId, onVerified }: VerifyPanelProps) {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Verification | undefined>();
  const [error, setError] = useState<string | undefined>();

  const verify = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await apiSend<Verification>('POST', evidencePath(postMortemId, 'evidence/verify')));
      onVerified();
    } catch (cause) {
      setError(errorMessage(cause, 'the evidence could not be verified; try again'));
    } finally {
      setRunning(false);
    }
  };

  const broken = result?.evidence.filter((item) => !item.ok) ?? [];
  return (
    <section className="evidence-verify" aria-labelledby="evidence-verify-heading">
      <h3 id="evidence-verify-heading">Integrity</h3>
      <p className="hint">
        Hashes every file again and checks every chain of custody. Intact items get a “verified” custody entry
        naming you.
      </p>
      <div className="ws-actions">
        <button type="button" className="button secondary" disabled={running} onClick={() => void verify()}>
          {running ? 'Verifying…' : 'Verify evidence'}
        </button>
      </div>
      {running ? <p role="status">Verifying every file…</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="verify-result">
          {result.ok ? (
            <p role="status" className="verify-ok">
              All {result.evidence.length} items are intact.
            </p>
          ) : (
            <p role="alert" className="error">
              {broken.length} of {result.evidence.length} items are not intact.
            </p>
          )}
          <ul aria-label="Verification by item" className="verify-items">
            {result.evidence.map((item) => (
              <li key={item.evidenceId} className={item.ok ? 'verify-item ok' : 'verify-item broken'}>
                <strong>
                  {item.evidenceId} {item.originalName}:
                </strong>{' '}
                {item.ok ? `intact (${item.custodyEntries} custody entries)` : 'NOT intact'}
                {item.ok ? null : (
                  <ul>
                    {item.blobs
                      .filter((blob) => blob.status !== 'ok')
                      .map((blob) => (
                        <li key={`${blob.role}:${blob.sha256}`}>
                          {blob.status === 'missing'
                            ? `the ${blob.role} file ${shortHash(blob.sha256)} is missing from the store`
                            : `the ${blob.role} file was modified: expected ${shortHash(blob.sha256)}, found ${shortHash(blob.actualSha256)} (${blob.actualSize.toLocaleString('en')} bytes)`}
                        </li>
                      ))}
                    {item.custody.map((problem) => (
                      <li key={`${problem.problem}:${problem.seq ?? ''}:${problem.message}`}>
                        chain of custody: {problem.message}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
