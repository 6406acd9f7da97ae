/**
 * The "Indicators" section: the post-mortem's indicators of compromise (seen in events, from known-bad lists,
 * named in its text) as a filterable table with a pivot to the working timeline, the export downloads, and for
 * editors "Scan events for indicators" and "Import known-bad list". Viewers and auditors see the table and the
 * downloads only.
 */
import { useCallback, useState } from 'react';
import { useAuth } from '../auth.js';
import { IndicatorTable } from '../indicators/IndicatorTable.js';
import { EXPORT_FORMATS, indicatorExportUrl } from '../indicators/indicator-api.js';
import { KnownBadImport } from '../indicators/KnownBadImport.js';
import { ScanPanel } from '../indicators/ScanPanel.js';
import type { SectionProps } from './sections.js';
import '../styles/indicators.css';

/** The indicators section. */
export function IndicatorsSection({ postMortemId }: SectionProps) {
  const canEdit = useAuth().can('post-mortem:edit');
  const [refresh, setRefresh] = useState(0);
  const changed = useCallback(() => setRefresh((n) => n + 1), []);
  return (
    <section className="ws-section ioc-section" aria-labelledby="indicators-heading">
      <h2 id="indicators-heading">Indicators</h2>
      {canEdit ? <ScanPanel postMortemId={postMortemId} onScanned={changed} /> : null}
      <IndicatorTable postMortemId={postMortemId} refresh={refresh} />
      <nav className="ioc-exports" aria-label="Export the indicators">
        <h3>Export</h3>
        <p className="hint">
          Exports share the indicators the post-mortem lists (its Indicators part); formats that cannot carry
          one leave it out.
        </p>
        <ul>
          {EXPORT_FORMATS.map(([format, label]) => (
            <li key={format}>
              <a href={indicatorExportUrl(postMortemId, format)} download="">
                Download as {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {canEdit ? <KnownBadImport postMortemId={postMortemId} onImported={changed} /> : null}
    </section>
  );
}
