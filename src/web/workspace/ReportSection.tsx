/**
 * The report: download links for every format and audience (`GET /api/post-mortems/:id/report?format=&audience=`,
 * as `debrief render`), and an HTML preview per audience in a sandboxed frame (`sandbox=""`: the report runs no
 * script and cannot reach the application), then the review and sign-off panel (review/ReviewPanel.tsx).
 */
import { useId, useState } from 'react';
import { apiUrl } from '../api.js';
import { ReviewPanel } from '../review/ReviewPanel.js';
import type { SectionProps } from './sections.js';

/** The report formats the server renders, with their link text. */
export const REPORT_FORMATS = [
  ['html', 'HTML'],
  ['pdf', 'PDF'],
  ['docx', 'Word'],
  ['md', 'Markdown'],
  ['confluence', 'Confluence'],
  ['notion', 'Notion'],
] as const;

/** The audiences a report is written for, with their names. */
export const REPORT_AUDIENCES = [
  ['technical', 'Technical'],
  ['executive', 'Executive'],
  ['regulator', 'Regulator and auditor'],
  ['public', 'Public'],
] as const;

type Audience = (typeof REPORT_AUDIENCES)[number][0];

/** The URL of a report rendition. */
export function reportUrl(postMortemId: string, format: string, audience: string): string {
  return apiUrl(`/post-mortems/${encodeURIComponent(postMortemId)}/report`, { format, audience });
}

/** The report section. */
export function ReportSection(props: SectionProps) {
  const { postMortemId, doc } = props;
  const [audience, setAudience] = useState<Audience>('technical');
  const selectId = useId();
  const audienceName = REPORT_AUDIENCES.find(([key]) => key === audience)?.[1] ?? audience;
  return (
    <section className="ws-section" aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      <table className="ws-table report-downloads">
        <caption>Download the report (version {doc.version ?? 'current'})</caption>
        <thead>
          <tr>
            <th scope="col">Audience</th>
            <th scope="col">Formats</th>
          </tr>
        </thead>
        <tbody>
          {REPORT_AUDIENCES.map(([key, name]) => (
            <tr key={key}>
              <th scope="row">{name}</th>
              <td className="report-links">
                {REPORT_FORMATS.map(([format, label]) => (
                  <a
                    key={format}
                    href={reportUrl(postMortemId, format, key)}
                    aria-label={`${name} report as ${label}`}
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
      <div className="report-preview-controls">
        <label htmlFor={selectId}>Preview for</label>
        <select id={selectId} value={audience} onChange={(e) => setAudience(e.target.value as Audience)}>
          {REPORT_AUDIENCES.map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <iframe
        key={`${audience}-${doc.version ?? ''}`}
        className="report-preview"
        title={`Report preview: ${audienceName}`}
        sandbox=""
        src={reportUrl(postMortemId, 'html', audience)}
      />
      <ReviewPanel {...props} />
    </section>
  );
}
