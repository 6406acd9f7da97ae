/**
 * The one markdown-it setup of reports: Markdown section text to HTML. The section text is built by Debrief with
 * every user value escaped (`markdown-escape.ts`); this is the second line of defence:
 * - raw HTML is shown as text, except the `<br>` line breaks the report puts in table cells;
 * - markdown-it's `validateLink` refuses `javascript:`, `vbscript:`, `file:` and `data:` (but images) links;
 * - images are never loaded: a Markdown image becomes a link to it, so a report fetches nothing when opened.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
const LINE_BREAK = /^<br\s*\/?>$/i;
markdown.renderer.rules.html_inline = (tokens, index) => {
  const content = tokens[index]?.content ?? '';
  return LINE_BREAK.test(content) ? '<br>' : escapeHtml(content);
};
markdown.renderer.rules.html_block = (tokens, index) => escapeHtml(tokens[index]?.content ?? '');
// Short code spans (ids such as `T-07`, times) are kept on one line; tables may still break long ones (hashes).
const SHORT_CODE = 16;
markdown.renderer.rules.code_inline = (tokens, index) => {
  const content = tokens[index]?.content ?? '';
  const cls = [...content].length <= SHORT_CODE ? ' class="nowrap"' : '';
  return `<code${cls}>${escapeHtml(content)}</code>`;
};
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index];
  const alt = escapeHtml(token?.content || 'image');
  const src = String(token?.attrGet('src') ?? '');
  // A data: image passed validateLink; as a link target it would still be a page of its own, so it stays text.
  return src === '' || /^data:/i.test(src) ? alt : `<a href="${escapeHtml(src)}">${alt}</a>`;
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markdown blocks to HTML: raw HTML other than `<br>` shown as text, unsafe links refused, images not loaded. */
export function reportMarkdownToHtml(source: string): string {
  return markdown.render(source);
}

/** Inline Markdown (a heading, a caption) to HTML without a wrapping paragraph, under the same rules. */
export function reportInlineToHtml(source: string): string {
  return markdown.renderInline(source);
}
