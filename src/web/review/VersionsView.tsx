/**
 * The frozen report versions (number, content hash, approved by and when, published) with links to download each
 * version's report (`GET .../report?version=N`), and the difference between two versions or a version and the
 * current document (`GET .../diff?from=&to=`): the field changes as a table and the unified diff in a `<pre>`.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.js';
import { getVersionDiff, type ReportVersion, type VersionDiff, versionReportUrl } from './review-api.js';

/** The report formats offered for a frozen version. */
const VERSION_FORMATS = [
  ['html', 'HTML'],
  ['pdf', 'PDF'],
  ['md', 'Markdown'],
] as const;

/** A value of a change, short enough for a table cell. */
function valueText(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A version reference in words. */
function refName(ref: number | string): string {
  return ref === 'current' ? 'the current document' : `version ${ref}`;
}

/** The versions table and the diff. */
export function VersionsView({
  postMortemId,
  versions,
}: {
  readonly postMortemId: string;
  readonly versions: readonly ReportVersion[];
}) {
  const base = useId();
  const latest = versions.at(-1);
  const [from, setFrom] = useState(latest === undefined ? 'current' : String(latest.number));
  const [to, setTo] = useState('current');
  const [diff, setDiff] = useState<VersionDiff | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const refs = [...versions.map((v) => String(v.number)), 'current'];

  const compare = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setDiff(await getVersionDiff(postMortemId, from, to));
    } catch (failure) {
      setDiff(undefined);
      setError(
        failure instanceof ApiError ? failure.message : 'the difference could not be loaded; try again',
      );
    } finally {
      setBusy(false);
    }
  };

  if (versions.length === 0) {
    return (
      <p className="muted">No approved version yet: the approval that completes a round freezes version 1.</p>
    );
  }
  return (
    <>
      <table className="ws-table review-versions">
        <caption>Approved versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Content hash</th>
            <th scope="col">Approved by</th>
            <th scope="col">Approved at</th>
            <th scope="col">Published</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.number}>
              <th scope="row">{v.number}</th>
              <td>
                <code className="review-hash" title={v.contentHash}>
                  {v.contentHash.replace(/^sha256:/, '').slice(0, 12)}…
                </code>
              </td>
              <td>
                {v.approvers.map((a) => a.name).join(', ')}
                {v.waivers.length > 0 ? (
                  <span className="obligation-meta">waived: {v.waivers.map((w) => w.gate).join(', ')}</span>
                ) : null}
              </td>
              <td>
                <time dateTime={v.approvedAt}>{v.approvedAt}</time>
              </td>
              <td>
                {v.publishedAt ? <time dateTime={v.publishedAt}>{v.publishedAt}</time> : 'not published'}
              </td>
              <td className="report-links">
                {VERSION_FORMATS.map(([format, label]) => (
                  <a
                    key={format}
                    href={versionReportUrl(postMortemId, v.number, format)}
                    aria-label={`Version ${v.number} report as ${label}`}
                    {...(format === 'html' ? { target: '_blank', rel: 'noopener' } : { download: '' })}
                  >
                    {label}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="review-diff-form" onSubmit={(e) => void compare(e)} aria-label="Compare versions">
        <div className="field">
          <label htmlFor={`${base}-from`}>Compare from</label>
          <select id={`${base}-from`} value={from} onChange={(e) => setFrom(e.target.value)}>
            {refs.map((r) => (
              <option key={r} value={r}>
                {r === 'current' ? 'Current document' : `Version ${r}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${base}-to`}>Compare to</label>
          <select id={`${base}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
            {refs.map((r) => (
              <option key={r} value={r}>
                {r === 'current' ? 'Current document' : `Version ${r}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          {busy ? 'Comparing…' : 'Show differences'}
        </button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {diff ? <DiffView diff={diff} /> : null}
    </>
  );
}

function DiffView({ diff }: { readonly diff: VersionDiff }) {
  const title = `Changes from ${refName(diff.from)} to ${refName(diff.to)}`;
  if (diff.changes.length === 0 && diff.patch.trim() === '') {
    return (
      <p role="status">
        No differences between {refName(diff.from)} and {refName(diff.to)}.
      </p>
    );
  }
  return (
    <div className="review-diff">
      <table className="ws-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {diff.changes.map((c) => (
            <tr key={`${c.path}-${c.kind}`} className={`diff-${c.kind}`}>
              <th scope="row">
                <code>{c.path}</code>
              </th>
              <td>{c.kind}</td>
              <td>{valueText(c.old)}</td>
              <td>{valueText(c.new)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Unified diff</summary>
        <pre className="review-patch">{diff.patch}</pre>
      </details>
    </div>
  );
}
