/**
 * The frame every insights chart shares: a region named by its h3 heading, a one-line summary, the chart itself
 * (an SVG with `role="img"` and a descriptive label), and the same data as a table in a "Show the data"
 * disclosure, so a screen-reader or keyboard user reads exact figures. An empty chart says what to do instead.
 */
import { type ReactNode, useId } from 'react';

/** Props of a chart card. */
export interface ChartCardProps {
  readonly title: string;
  /** A sentence under the heading: what is drawn and how to read it. */
  readonly summary?: ReactNode;
  /** Shown instead of the chart and its table when there is nothing to draw. */
  readonly empty?: ReactNode;
  /** The chart (an SVG) and any legend. */
  readonly chart?: ReactNode;
  /** The table alternative, shown inside "Show the data". */
  readonly table?: ReactNode;
  /** Wide cards span both columns of the dashboard grid. */
  readonly wide?: boolean;
}

/** One chart with its heading, summary and data table. */
export function ChartCard({ title, summary, empty, chart, table, wide }: ChartCardProps) {
  const headingId = useId();
  return (
    <section className={wide ? 'insight-card wide' : 'insight-card'} aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {empty !== undefined ? (
        <p className="insight-empty">{empty}</p>
      ) : (
        <>
          {summary !== undefined && <p className="insight-summary">{summary}</p>}
          {chart}
          <details className="insight-data">
            <summary>Show the data</summary>
            {table}
          </details>
        </>
      )}
    </section>
  );
}

/** Text shortened to `max` characters with an ellipsis, for labels inside an SVG. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
