import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { demoReport, HOSTILE, hostileReport } from '../../test/report-office-fixtures.js';
import { renderReportNotion } from './report-notion.js';
import { inlinePlainText, parseReportInline } from './report-tokens.js';

const md = new MarkdownIt({ html: true });

interface Token {
  readonly type: string;
  readonly tag: string;
  readonly content: string;
  readonly info: string;
  readonly children: Token[] | null;
}

function tokens(markdown: string): Token[] {
  const top = md.parse(markdown, {}) as Token[];
  return top.flatMap((t) => [t, ...(t.children ?? [])]);
}

function headings(markdown: string): { level: number; text: string }[] {
  const all = md.parse(markdown, {}) as Token[];
  return all.flatMap((t, i) =>
    t.type === 'heading_open' ? [{ level: Number(t.tag.slice(1)), text: all[i + 1]?.content ?? '' }] : [],
  );
}

describe('renderReportNotion', () => {
  it('has no raw HTML, no heading deeper than 3, and every section title as a level-2 heading', async () => {
    const report = await demoReport();
    const out = renderReportNotion(report);
    const all = tokens(out);
    expect(all.filter((t) => t.type === 'html_inline' || t.type === 'html_block')).toEqual([]);
    const hs = headings(out);
    expect(Math.max(...hs.map((h) => h.level))).toBeLessThanOrEqual(3);
    const h2 = md
      .parse(out, {})
      .filter((_t, i, arr) => arr[i - 1]?.type === 'heading_open' && arr[i - 1]?.tag === 'h2')
      .map((t) => inlinePlainText(parseReportInline(t.content)));
    expect(h2).toEqual(report.sections.map((s) => inlinePlainText(parseReportInline(s.title))));
    expect(hs[0]).toEqual({ level: 1, text: expect.stringContaining('INC-2026-014') });
  });

  it('opens with the banner and version stamp as a quote, and keeps deep headings as bold paragraphs', async () => {
    const out = renderReportNotion(await demoReport());
    const lines = out.split('\n');
    expect(lines[2]).toBe('> **TLP:AMBER+STRICT**');
    expect(out).toContain('> Approved version 2 · sha256:');
    // `#### \`R-01\` Enforce ...` in the source becomes a bold paragraph.
    expect(out).toMatch(/^\*\*`R-01` Enforce phishing-resistant MFA/m);
  });

  it('writes Mermaid diagrams as mermaid code blocks and the others as tables', async () => {
    const report = await demoReport();
    const out = renderReportNotion(report);
    const diagrams = report.sections
      .flatMap((s) => s.blocks)
      .flatMap((b) => (b.kind === 'diagram' ? [b.diagram] : []));
    const fences = tokens(out).filter((t) => t.type === 'fence' && t.info === 'mermaid');
    expect(fences.map((f) => f.content.trimEnd())).toEqual(
      diagrams.flatMap((d) => (d.mermaid === undefined ? [] : [d.mermaid])),
    );
    expect(out).toContain('| Clock | Value | Target | Status |');
    expect(out).toContain('| Step | Technique | Tactics | First seen (UTC) |');
  });

  it('turns line breaks in table cells into "; " and keeps the tables intact', async () => {
    const out = renderReportNotion(await demoReport());
    expect(out).toContain('**Compromise**; IdP session of rquintero captured by the AiTM proxy');
    const rows = tokens(out).filter((t) => t.type === 'tr_open');
    expect(rows.length).toBeGreaterThan(60);
  });

  it('keeps hostile text as text', () => {
    const out = renderReportNotion(hostileReport());
    const all = tokens(out);
    expect(all.filter((t) => t.type.startsWith('html'))).toEqual([]);
    expect(all.filter((t) => t.type === 'link_open')).toEqual([]);
    const text = all
      .filter((t) => t.type === 'text' || t.type === 'code_inline')
      .map((t) => t.content)
      .join('');
    expect(text).toContain('<script>alert(1)</script> ]]> & &amp; <br> | ');
    expect(out).toContain('```js\nconst end = "]]>"; // <script>\n```');
    // The title reads back as exactly the text it was made from.
    const title = (md.parseInline(headings(out)[0]?.text ?? '', {}) as Token[])[0]?.children ?? [];
    expect(title.map((t) => t.content).join('')).toBe(`INC-2026-001 — Title ${HOSTILE}`);
  });
});
