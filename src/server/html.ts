/**
 * The few answers the server writes as HTML itself (the single sign-on callback's page that moves the browser on)
 * and the Content-Security-Policies of the documents it serves (SVG diagrams, HTML reports). Everything else a
 * browser sees is the web application (src/web).
 */
import { escapeHtml } from '../core/report-markdown-it.js';

export { escapeHtml };

/** Served with an SVG: it can style itself but never run a script, even when opened on its own. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * Served with an HTML report: its inline styles and data: images, nothing else; framed only by this server's own
 * pages (the web application's preview, in a sandboxed frame), never by another site.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** No scripts, styles or forms on these pages (the single sign-on answers that move a browser on). */
export const PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A complete HTML page around already-safe body HTML. */
export function page(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Debrief</title>
</head>
<body>
<header><a href="/">Debrief</a></header>
<main>
${bodyHtml}
</main>
<footer>Debrief · self-hosted security incident post-mortems</footer>
</body>
</html>
`;
}
