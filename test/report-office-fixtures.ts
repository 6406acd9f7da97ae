/**
 * Reports for the tests of the Word, Confluence and Notion renderers: the demo post-mortem's report, and a
 * report whose every user value (and a hand-made block or two) is hostile text.
 */
import { buildReport } from '../src/core/report-build.js';
import type { Report } from '../src/core/report-model.js';
import { demoPostMortemPath } from '../src/services/package-paths.js';
import { readValidPostMortemFile } from '../src/services/read-post-mortem-file.js';
import { buildPostMortem, entry } from './factories.js';

/** When the test reports are generated. */
export const GENERATED_AT = '2026-04-01T10:00:00Z';

/** The demo post-mortem's technical report, approved as version 2 and classified TLP:AMBER+STRICT. */
export async function demoReport(): Promise<Report> {
  const doc = await readValidPostMortemFile(demoPostMortemPath());
  return buildReport(doc, {
    generatedAt: GENERATED_AT,
    classification: 'TLP:AMBER+STRICT',
    version: {
      number: 2,
      contentHash: `sha256:${'ab'.repeat(32)}`,
      state: 'approved',
      approvedAt: '2026-03-21T09:00:00Z',
      approvers: ['Ines Marchetti'],
    },
  });
}

/** Text that is markup in every format these renderers write. */
export const HOSTILE = '<script>alert(1)</script> ]]> & &amp; <br> | `x` **y**';

/**
 * A report of a post-mortem whose title, summary and timeline hold `HOSTILE`, plus a section of hand-written
 * Markdown: a code block holding `]]>`, a `javascript:` link and raw HTML.
 */
export function hostileReport(): Report {
  const doc = buildPostMortem({
    title: `Title ${HOSTILE}`,
    summary: { whatHappened: `Summary ${HOSTILE}` },
    timeline: [
      entry('T-1', '2026-03-01T10:00:00Z', {
        text: `Entry ${HOSTILE}`,
        milestone: { kind: 'detection', source: 'customer', detail: `Detail ${HOSTILE}` },
      }),
    ],
  });
  const report = buildReport(doc, {
    generatedAt: GENERATED_AT,
    classification: `TLP:RED ${HOSTILE}`,
    draftAfter: 1,
  });
  return {
    ...report,
    sections: [
      ...report.sections,
      {
        id: 'hand-made',
        title: 'Hand-made',
        blocks: [
          {
            kind: 'markdown',
            markdown: [
              '```js',
              'const end = "]]>"; // <script>',
              '```',
              '',
              '[click](javascript:alert(1)) and <img src=x onerror=alert(1)> and <b>bold</b>',
              '',
              '<div>block html</div>',
            ].join('\n'),
          },
        ],
      },
    ],
  };
}
