/**
 * The evidence of a post-mortem as a table: name, size, media type, SHA-256 (shortened, the whole hash on
 * demand and copyable), provenance, custody entry count and what was parsed from it. Choosing an item's name
 * opens its details (chain of custody and rejected records).
 */
import { useState } from 'react';
import { type EvidenceItem, formatBytes, formatInstant, parsedSummary, shortHash } from './evidence-types.js';

/** Props: the items and the selection. */
export interface EvidenceListProps {
  readonly items: readonly EvidenceItem[];
  readonly selected: string | undefined;
  readonly onSelect: (evidenceId: string) => void;
}

/** The evidence table. */
export function EvidenceList({ items, selected, onSelect }: EvidenceListProps) {
  if (items.length === 0) {
    return <p className="muted">No evidence yet. Editors upload log files and exports here.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="ws-table evidence-table">
        <caption>Evidence</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Media type</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Collected</th>
            <th scope="col">Source system</th>
            <th scope="col">Custody entries</th>
            <th scope="col">Parsed</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={item.id === selected ? 'selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="button link"
                  aria-pressed={item.id === selected}
                  onClick={() => onSelect(item.id)}
                >
                  {item.originalName}
                </button>
                <span className="muted evidence-id">{item.id}</span>
              </th>
              <td>{formatBytes(item.size)}</td>
              <td>{item.mediaType}</td>
              <td>
                <HashCell hash={item.sha256} name={item.originalName} />
              </td>
              <td>
                {item.collectedBy ?? <span className="muted">unknown</span>}
                {item.collectedAt ? <div className="muted">{item.collectedAt}</div> : null}
              </td>
              <td>{item.sourceSystem ?? ''}</td>
              <td>{item.custodyCount}</td>
              <td>
                <ParsedCell item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A hash shortened, with buttons to show it whole and to copy it. */
export function HashCell({ hash, name }: { readonly hash: string; readonly name: string }) {
  const [full, setFull] = useState(false);
  const [copied, setCopied] = useState<string | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      setCopied('Copied.');
    } catch {
      setFull(true);
      setCopied('Could not copy: select the hash and copy it.');
    }
  };
  return (
    <div className="hash-cell">
      <code className={full ? 'hash full' : 'hash'}>{full ? hash : shortHash(hash)}</code>
      <span className="hash-actions">
        <button
          type="button"
          className="button link"
          aria-expanded={full}
          aria-label={`${full ? 'Hide' : 'Show'} full SHA-256 of ${name}`}
          onClick={() => setFull(!full)}
        >
          {full ? 'Less' : 'Full'}
        </button>
        <button
          type="button"
          className="button link"
          aria-label={`Copy SHA-256 of ${name}`}
          onClick={() => void copy()}
        >
          Copy
        </button>
      </span>
      {copied ? (
        <span role="status" className="hint">
          {copied}
        </span>
      ) : null}
    </div>
  );
}

function ParsedCell({ item }: { readonly item: EvidenceItem }) {
  const parsed = parsedSummary(item);
  if (parsed === undefined) return <span className="muted">not parsed</span>;
  return (
    <div className="parsed">
      <div>
        {parsed.formats.join(', ')}
        {parsed.running ? <span className="badge">parsing</span> : null}
        {parsed.failed ? <span className="badge warn">failed</span> : null}
      </div>
      <div>
        {parsed.accepted.toLocaleString('en')} accepted, {parsed.rejected.toLocaleString('en')} rejected
      </div>
      {parsed.firstTs !== undefined && parsed.lastTs !== undefined ? (
        <div className="muted">
          {formatInstant(parsed.firstTs)} – {formatInstant(parsed.lastTs)}
        </div>
      ) : null}
    </div>
  );
}
