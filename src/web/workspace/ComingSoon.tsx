/**
 * A section without its own screen yet: says so, and which CLI commands and API routes give it today, so the
 * team is never stuck.
 */
import { SECTION_LABELS, SECTIONS_TODAY, type SectionKey } from './sections.js';

/** Props: the section and the post-mortem (its id is put into the commands and routes). */
export interface ComingSoonProps {
  readonly section: SectionKey;
  readonly postMortemId: string;
}

/** The "coming soon" panel of a section. */
export function ComingSoon({ section, postMortemId }: ComingSoonProps) {
  const today = SECTIONS_TODAY[section];
  const fill = (text: string) => text.replaceAll('<id>', postMortemId).replaceAll(':id', postMortemId);
  return (
    <section className="ws-section coming-soon" aria-labelledby="coming-soon-heading">
      <h2 id="coming-soon-heading">{SECTION_LABELS[section]}</h2>
      <p>
        <strong>Coming soon:</strong> {today?.what ?? 'this section'} will have its screen here.
        {today ? ' Until then, the command line and the API give it:' : ''}
      </p>
      {today ? (
        <div className="coming-soon-ways">
          <div>
            <h3>Command line</h3>
            <ul>
              {today.cli.map((command) => (
                <li key={command}>
                  <code>{fill(command)}</code>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>REST API</h3>
            <ul>
              {today.api.map((route) => (
                <li key={route}>
                  <code>{fill(route)}</code>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </section>
  );
}
