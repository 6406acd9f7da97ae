/** The working timeline section: the explorer over every ingested event (see ../timeline/TimelineExplorer.tsx). */
import { TimelineExplorer } from '../timeline/TimelineExplorer.js';
import type { SectionProps } from './sections.js';

/** The working timeline section. */
export function TimelineSection({ postMortemId, reload }: SectionProps) {
  return (
    <section className="ws-section" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Working timeline</h2>
      <TimelineExplorer postMortemId={postMortemId} onDocumentChanged={reload} />
    </section>
  );
}
