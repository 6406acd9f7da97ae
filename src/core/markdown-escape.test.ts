import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { blockText, cellText, codeSpan, inlineText, link, listItemText, table } from './markdown-escape.js';

/** A renderer that allows raw HTML: if any got through the escaping, it would show up as a tag. */
const md = new MarkdownIt({ html: true });

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Text made of the pieces that start Markdown or HTML structure, mixed with plain words. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '|',
        '<',
        '>',
        '&',
        '`',
        '```',
        '*',
        '**',
        '_',
        '[',
        ']',
        '(',
        ')',
        '#',
        '## ',
        '-',
        '+',
        '=',
        '---',
        '1.',
        '2)',
        '\n',
        '\n\n',
        ' ',
        '    ',
        '\\',
        '~~',
        '$',
        '!',
        '&amp;',
        '&#60;',
        '<script>',
        '</p>',
        '<br>',
        'http://x.example',
        '> ',
        ':',
        '%%',
        '"',
        '\t',
        '\r\n',
        '[x](javascript:alert(1))',
        '<!--',
        '|---|',
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** What a reader should see: lines trimmed, empty ones dropped, tabs as spaces, CR gone. */
function visibleLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

describe('inlineText', () => {
  it('escapes HTML and the characters that start inline Markdown', () => {
    expect(inlineText('<b>x</b> & *y* _z_ `c` [l](u) ~~s~~ $m$ a|b #')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp; \\*y\\* \\_z\\_ \\`c\\` \\[l\\](u) \\~\\~s\\~\\~ \\$m\\$ a\\|b \\#',
    );
  });

  it('escapes what would start a block at the start of a line', () => {
    expect(inlineText('- a\n+ b\n= c\n12. d\n3) e\n# f\n> g', '\n')).toBe(
      '\\- a\n\\+ b\n\\= c\n12\\. d\n3\\) e\n\\# f\n&gt; g',
    );
  });

  it('drops control characters and makes bidirectional overrides visible', () => {
    expect(inlineText('a\u0000b\u0007c\u202Ed')).toBe('abc\uFFFDd');
  });

  it('renders as exactly the text given, with no tag, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = md.renderInline(inlineText(text));
        expect(html).not.toContain('<');
        expect(decode(html)).toBe(visibleLines(text).join(' '));
      }),
    );
  });
});

describe('cellText', () => {
  it('turns line breaks into <br> and escapes pipes', () => {
    expect(cellText('a | b\nc\r\n\n d')).toBe('a \\| b<br>c<br>d');
  });

  it('keeps one cell per column in a rendered table, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = md.render(table(['A', 'B'], [[cellText(text), 'end']]));
        const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
        expect(cells).toHaveLength(2);
        expect(cells[1]).toBe('end');
        expect(cells[0]?.split('<br>').join('')).not.toContain('<');
        expect((cells[0] ?? '').split('<br>').map(decode)).toEqual(
          visibleLines(text).length === 0 ? [''] : visibleLines(text),
        );
      }),
    );
  });
});

describe('blockText', () => {
  it('keeps paragraphs and line breaks without HTML', () => {
    expect(blockText('one\ntwo\n\n\nthree')).toBe('one\\\ntwo\n\nthree');
  });

  it('renders as paragraphs of the text given and nothing else, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = md.render(blockText(text));
        expect(html.replace(/<\/?p>|<br>/g, '')).not.toContain('<');
        const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) =>
          decode((m[1] ?? '').replace(/<br>\n/g, '\n')),
        );
        const expected = text
          .replace(/\r\n?/g, '\n')
          .split(/\n\s*\n/)
          .map((p) => visibleLines(p).join('\n'))
          .filter((p) => p !== '');
        expect(paragraphs).toEqual(expected);
      }),
    );
  });
});

describe('listItemText', () => {
  it('indents continuation lines so they stay in the item', () => {
    const text = `- ${listItemText('a\n# b\n- c', 2)}`;
    expect(text).toBe('- a\\\n  \\# b\\\n  \\- c');
    expect(md.render(text)).toBe('<ul>\n<li>a<br>\n# b<br>\n- c</li>\n</ul>\n');
  });
});

describe('codeSpan', () => {
  it('uses a fence longer than any run of backticks inside', () => {
    expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
    expect(md.renderInline(codeSpan('`x`'))).toBe('<code>`x`</code>');
  });

  it('escapes pipes in a table so the cell is not split, and shows them unescaped', () => {
    const html = md.render(table(['A', 'B'], [[codeSpan('a|b', 'table'), 'end']]));
    expect(html).toContain('<td><code>a|b</code></td>');
  });

  it('never renders HTML or a link', () => {
    expect(md.renderInline(codeSpan('<script>x</script> http://x.example'))).toBe(
      '<code>&lt;script&gt;x&lt;/script&gt; http://x.example</code>',
    );
  });
});

describe('link', () => {
  it('links http(s) URLs, encoding characters that could end the destination', () => {
    expect(link('Ticket [1]', 'https://x.example/a_(b)|c')).toBe(
      '[Ticket \\[1\\]](https://x.example/a_%28b%29%7Cc)',
    );
  });

  it('shows any other scheme as code, never as a link', () => {
    expect(link('click', 'javascript:alert(1)')).toBe('click (`javascript:alert(1)`)');
    expect(md.renderInline(link('x', 'data:text/html,<script>'))).not.toContain('<a');
  });
});

describe('table', () => {
  it('writes a header, a delimiter and one row per item, padding short rows', () => {
    expect(table(['A', 'B'], [['1'], ['2', '3']])).toBe('| A | B |\n| --- | --- |\n| 1 |  |\n| 2 | 3 |');
  });

  it('turns a stray line break in a cell into <br>', () => {
    expect(table(['A'], [['x\ny']])).toBe('| A |\n| --- |\n| x<br>y |');
  });
});
