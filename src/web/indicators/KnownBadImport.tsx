/**
 * "Import known-bad list" (`POST /api/post-mortems/:id/indicators/known-bad`, editors): a list's name, its text
 * (pasted or read from a file chosen on this computer) and format; the answer says how many indicators were
 * marked, how many were already seen in events, and lists every line or object that was not read, with why.
 */
import { type FormEvent, useId, useState } from 'react';
import type { KnownBadFormat } from '../../core/indicator-reading.js';
import { apiSend } from '../api.js';
import { plural } from './format.js';
import { indicatorsPath, KNOWN_BAD_FORMAT_NAMES, type KnownBadSummary } from './indicator-api.js';
import { messageOf } from './use-api-get.js';

/** Props: the post-mortem and what to do once a list was imported (read the indicators again). */
export interface KnownBadImportProps {
  readonly postMortemId: string;
  readonly onImported: () => void;
}

/** The import form and its summary. */
export function KnownBadImport({ postMortemId, onImported }: KnownBadImportProps) {
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [format, setFormat] = useState<KnownBadFormat>('auto');
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<KnownBadSummary | undefined>();
  const [error, setError] = useState<string | undefined>();
  const ids = { name: useId(), text: useId(), format: useId(), file: useId() };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    if (name.trim() === '') setName(file.name);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || text.trim() === '') {
      setError('give the list a name and its text (paste it or choose a file)');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = await apiSend<KnownBadSummary>('POST', indicatorsPath(postMortemId, 'known-bad'), {
        name: name.trim(),
        text,
        format,
      });
      setSummary(answer);
      onImported();
    } catch (cause) {
      setError(messageOf(cause, 'the list could not be imported; try again later'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ioc-import" onSubmit={submit} aria-labelledby={`${ids.name}-heading`}>
      <h3 id={`${ids.name}-heading`}>Import known-bad list</h3>
      <div className="field">
        <label htmlFor={ids.name}>List name</label>
        <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={ids.format}>List format</label>
        <select id={ids.format} value={format} onChange={(e) => setFormat(e.target.value as KnownBadFormat)}>
          {KNOWN_BAD_FORMAT_NAMES.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.file}>Read the list from a file</label>
        <input id={ids.file} type="file" onChange={(e) => void readFile(e.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor={ids.text}>List text</label>
        <textarea id={ids.text} rows={6} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={busy}>
        Import list
      </button>
      {busy ? (
        <span className="loading" role="status">
          Importing…
        </span>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {summary ? <KnownBadSummaryView summary={summary} /> : null}
    </form>
  );
}

/** What an import did, with every line or object not read. */
function KnownBadSummaryView({ summary }: { readonly summary: KnownBadSummary }) {
  return (
    <div className="ioc-summary" aria-live="polite">
      <p>
        Imported {summary.file} ({summary.format}): {plural(summary.indicators, 'indicator')} marked known
        bad, {summary.seen.toLocaleString('en')} already seen in events.
      </p>
      {summary.rejected.length > 0 ? (
        <table className="ws-table">
          <caption>Not read ({summary.rejected.length})</caption>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {summary.rejected.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same origin may be rejected twice.
              <tr key={i}>
                <td>{r.origin}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Every line was read.</p>
      )}
    </div>
  );
}
