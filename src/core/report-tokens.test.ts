import { describe, expect, it } from 'vitest';
import { demoReport } from '../../test/report-office-fixtures.js';
import type { ReportBlock } from './report-model.js';
import {
  inlinePlainText,
  type MarkdownBlock,
  type MarkdownInline,
  parseReportInline,
  parseReportMarkdown,
} from './report-tokens.js';

function markdownOf(blocks: readonly ReportBlock[]): string {
  return blocks.map((b) => (b.kind === 'markdown' ? b.markdown : '')).join('\n\n');
}

/** Every block of a tree, depth first (list items and quotes included). */
function allBlocks(blocks: readonly MarkdownBlock[]): MarkdownBlock[] {
  return blocks.flatMap((block) => {
    if (block.kind === 'list') return [block, ...block.items.flatMap(allBlocks)];
    if (block.kind === 'blockquote') return [block, ...allBlocks(block.children)];
    return [block];
  });
}

describe('parseReportMarkdown on the demo report', () => {
  it('reads the timeline as a table with a header row, code-span ids and <br> as line breaks', async () => {
    const report = await demoReport();
    const timeline = report.sections.find((s) => s.id === 'timeline');
    const tree = parseReportMarkdown(markdownOf(timeline?.blocks ?? []));
    const table = tree.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.header.map((cell) => inlinePlainText(cell))).toEqual([
      'Id',
      'Time (as written)',
      'UTC',
      'Milestone',
      'What happened',
      'Source',
      'Actor / host / user',
      'Evidence',
      'ATT&CK',
    ]);
    expect(table.rows.length).toBeGreaterThan(40);
    expect(table.rows[0]?.[0]).toEqual([{ kind: 'code', text: 'T-01' }]);
    // T-07: "**Compromise**<br>IdP session..." is a strong run, a break, then text.
    const compromise = table.rows.find((row) => inlinePlainText(row[0] ?? []) === 'T-07')?.[3] ?? [];
    expect(compromise[0]).toEqual({ kind: 'strong', children: [{ kind: 'text', text: 'Compromise' }] });
    expect(compromise[1]).toEqual({ kind: 'break' });
    expect(tree.some((b) => b.kind === 'heading' && b.level === 3)).toBe(true);
  });

  it('reads every section into blocks with no raw HTML left in any text', async () => {
    const report = await demoReport();
    for (const section of report.sections) {
      const blocks = allBlocks(parseReportMarkdown(markdownOf(section.blocks)));
      expect(blocks.length, section.title).toBeGreaterThan(0);
      const texts = blocks.flatMap((b) => {
        if (b.kind === 'paragraph' || b.kind === 'heading') return [inlinePlainText(b.children)];
        if (b.kind === 'table') return [...b.header, ...b.rows.flat()].map((cell) => inlinePlainText(cell));
        return [];
      });
      for (const text of texts) expect(text).not.toMatch(/<br>|\*\*/);
    }
  });

  it('reads the preamble references as a list with http links', async () => {
    const report = await demoReport();
    const links: MarkdownInline[] = [];
    const walk = (runs: readonly MarkdownInline[]): void => {
      for (const run of runs) {
        if (run.kind === 'link') links.push(run);
        if ('children' in run) walk(run.children);
      }
    };
    for (const block of allBlocks(parseReportMarkdown(markdownOf(report.preamble)))) {
      if (block.kind === 'paragraph') walk(block.children);
    }
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(links.every((l) => l.kind === 'link' && l.href.startsWith('https://'))).toBe(true);
  });
});

describe('parseReportMarkdown: structure and safety', () => {
  it('nests lists, keeps the start of an ordered list, and reads quotes, code and rules', () => {
    const tree = parseReportMarkdown(
      [
        '- a',
        '  - b',
        '',
        '3. three',
        '4. four',
        '',
        '> quoted',
        '',
        '```mermaid',
        'graph TD',
        '```',
        '',
        '---',
      ].join('\n'),
    );
    expect(tree.map((b) => b.kind)).toEqual(['list', 'list', 'blockquote', 'code', 'rule']);
    const [bullets, ordered, , code] = tree;
    expect(bullets?.kind === 'list' && bullets.items[0]?.[1]?.kind).toBe('list');
    expect(ordered?.kind === 'list' && [ordered.ordered, ordered.start]).toEqual([true, 3]);
    expect(code).toEqual({ kind: 'code', language: 'mermaid', text: 'graph TD' });
  });

  it('turns raw HTML other than <br> into text and refuses unsafe links', () => {
    const tree = parseReportMarkdown(
      'a <script>x</script> [l](javascript:alert(1)) &lt;b&gt; b\\\nc\n\n<div>d</div>',
    );
    const [paragraph, block] = tree;
    if (paragraph?.kind !== 'paragraph') throw new Error('no paragraph');
    expect(inlinePlainText(paragraph.children)).toBe('a <script>x</script> [l](javascript:alert(1)) <b> b c');
    expect(paragraph.children.some((run) => run.kind === 'link')).toBe(false);
    expect(paragraph.children.some((run) => run.kind === 'break')).toBe(true);
    expect(block).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: '<div>d</div>' }] });
  });

  it('reads inline titles with code, emphasis and strikethrough', () => {
    expect(parseReportInline('`W-1` *why* ~~old~~')).toEqual([
      { kind: 'code', text: 'W-1' },
      { kind: 'text', text: ' ' },
      { kind: 'emphasis', children: [{ kind: 'text', text: 'why' }] },
      { kind: 'text', text: ' ' },
      { kind: 'strikethrough', children: [{ kind: 'text', text: 'old' }] },
    ]);
  });
});
