import { describe, expect, it } from 'vitest';
import { escapeHtml, reportMarkdownToHtml as markdownToHtml } from './report-markdown-it.js';

describe('markdownToHtml', () => {
  it('keeps the line breaks the report puts in table cells', () => {
    expect(markdownToHtml('| a |\n|---|\n| one<br>two |\n')).toContain('<td>one<br>two</td>');
  });

  it('shows any other raw HTML as text, inline or as a block', () => {
    const html = markdownToHtml('hello <img src=x onerror=alert(1)> there\n\n<script>alert(2)</script>\n');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('refuses javascript: links', () => {
    expect(markdownToHtml('[click](javascript:alert(1))')).not.toContain('href="javascript:');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
