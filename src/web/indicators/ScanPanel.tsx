/**
 * "Scan events for indicators" (`POST /api/post-mortems/:id/indicators/scan`, editors): scans the stored events
 * not scanned yet and says what the scan did (sources, events, sightings, indicators).
 */
import { useState } from 'react';
import { apiSend } from '../api.js';
import { plural } from './format.js';
import { indicatorsPath, type ScanSummary } from './indicator-api.js';
import { messageOf } from './use-api-get.js';

/** Props: the post-mortem and what to do once the scan stored its sightings (read the list again). */
export interface ScanPanelProps {
  readonly postMortemId: string;
  readonly onScanned: () => void;
}

/** The sentence that sums a scan up. */
export function scanSummaryText(scan: ScanSummary): string {
  if (scan.sources === 0) return 'Every event was scanned already: nothing new.';
  return (
    `Scanned ${plural(scan.events, 'event')} from ${plural(scan.sources, 'source')}: ` +
    `${plural(scan.sightings, 'sighting')} of ${plural(scan.indicators, 'indicator')}.`
  );
}

/** The scan button with its summary. */
export function ScanPanel({ postMortemId, onScanned }: ScanPanelProps) {
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ScanSummary | undefined>();
  const [error, setError] = useState<string | undefined>();
  const scan = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setSummary(await apiSend<ScanSummary>('POST', indicatorsPath(postMortemId, 'scan')));
      onScanned();
    } catch (cause) {
      setError(messageOf(cause, 'the scan failed; try again later'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ioc-scan">
      <button type="button" className="button secondary" onClick={scan} disabled={busy}>
        Scan events for indicators
      </button>
      {busy ? (
        <span className="loading" role="status">
          Scanning…
        </span>
      ) : null}
      {summary ? <output className="ioc-summary">{scanSummaryText(summary)}</output> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
