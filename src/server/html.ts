/**
 * Server-rendered HTML for the minimal pages: escaping, the page frame, and Markdown to HTML with raw HTML
 * disabled (user text in a report is never interpreted as markup), shared with the HTML reports.
 */
import { escapeHtml, reportMarkdownToHtml } from '../core/report-markdown-it.js';

export { escapeHtml };

/**
 * Markdown to HTML with the reports' rules (`core/report-markdown-it.ts`): raw HTML other than `<br>` is shown as
 * text, unsafe link schemes are refused, images are never loaded.
 */
export function markdownToHtml(source: string): string {
  return reportMarkdownToHtml(source);
}

/**
 * Replaces the first Mermaid code block of the section under the `<h3>` titled `heading` with `figureHtml`: the
 * report pages run no scripts, so a diagram Debrief can draw itself is shown as a picture instead of its source.
 * The HTML is returned unchanged when the section has no Mermaid block (nothing to draw).
 */
export function replaceSectionDiagram(html: string, heading: string, figureHtml: string): string {
  const start = html.indexOf(`<h3>${escapeHtml(heading)}</h3>`);
  if (start < 0) return html;
  const next = html.indexOf('<h', start + 4);
  const end = next < 0 ? html.length : next;
  const open = '<pre><code class="language-mermaid">';
  const block = html.indexOf(open, start);
  if (block < 0 || block > end) return html;
  const close = html.indexOf('</code></pre>', block);
  if (close < 0 || close > end) return html;
  return html.slice(0, block) + figureHtml + html.slice(close + '</code></pre>'.length);
}

/** Served with an SVG: it can style itself but never run a script, even when opened on its own. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Served with an HTML report: its inline styles and data: images, nothing else, never in a frame. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Only our own stylesheet; no scripts at all on these pages; forms post to this server only. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Who is signed in, for the page header: the name and the CSRF token the sign-out form posts. */
export interface PageUser {
  readonly name: string;
  readonly csrfToken?: string;
}

function userBar(user: PageUser | undefined): string {
  if (user === undefined) return '';
  const signOut =
    user.csrfToken === undefined
      ? ''
      : `<form method="post" action="/logout" class="inline"><input type="hidden" name="csrfToken" value="${escapeHtml(user.csrfToken)}"><button type="submit">Sign out</button></form>`;
  return `<span class="who">${escapeHtml(user.name)} ${signOut}</span>`;
}

/** A complete HTML page around already-safe body HTML. */
export function page(title: string, bodyHtml: string, user?: PageUser): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Debrief</title>
<link rel="stylesheet" href="/assets/debrief.css">
</head>
<body>
<header><a class="brand" href="/">Debrief</a><nav><a href="/">Post-mortems</a><a href="/api/docs">API</a></nav>${userBar(user)}</header>
<main>
${bodyHtml}
</main>
<footer>Debrief · self-hosted security incident post-mortems</footer>
</body>
</html>
`;
}

/** The stylesheet of the minimal pages (print-friendly). */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --accent: #0b5cad; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); }
header { display: flex; gap: 2rem; align-items: center; padding: .8rem 2rem; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; font-size: 1.1rem; color: var(--ink); text-decoration: none; }
header nav a { margin-right: 1.2rem; color: var(--muted); text-decoration: none; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
footer { color: var(--muted); font-size: .8rem; padding: 1rem 2rem; border-top: 1px solid var(--line); }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; display: block; max-width: 100%; overflow-x: auto; }
td { overflow-wrap: anywhere; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
code { font: .88em/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f5f7; padding: 0 .2em; border-radius: 3px; }
pre { background: #f3f5f7; padding: .8rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
h1 { font-size: 1.7rem; margin-top: .5rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; }
.muted { color: var(--muted); } .sev-critical, .sev-high { color: var(--bad); font-weight: 600; }
.actions a { margin-right: 1rem; }
.who { margin-left: auto; color: var(--muted); } form.inline { display: inline; }
form.card { max-width: 24rem; display: grid; gap: .6rem; } form.card input { font: inherit; padding: .4rem; }
button { font: inherit; padding: .35rem .9rem; cursor: pointer; } .error { color: var(--bad); }
figure.diagram { margin: 1rem 0; overflow-x: auto; } figure.diagram img { max-width: none; }
@media print { header nav, footer, .actions { display: none; } main { max-width: none; padding: 0; } }
`;
