/**
 * The minimal HTML pages: `/` lists the post-mortems, `/post-mortems/:id` shows a report. No scripts; every
 * value is escaped, and the report's Markdown is rendered with raw HTML disabled.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuerySchema, postMortemParamsSchema } from '../../contract/api.js';
import { listPostMortems } from '../../services/list-post-mortems.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import { renderReport } from '../../services/render-report.js';
import type { ServerOptions } from '../app.js';
import { escapeHtml, markdownToHtml, PAGE_CSP, page, replaceSectionDiagram, STYLESHEET } from '../html.js';

export async function registerPageRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  pages.get('/assets/debrief.css', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return STYLESHEET;
  });

  pages.get('/', { schema: { hide: true, querystring: pageQuerySchema } }, async (request, reply) => {
    const result = await listPostMortems(db, request.query);
    const rows = result.items
      .map(
        (p) => `<tr>
<td><a href="/post-mortems/${encodeURIComponent(p.id)}"><code>${escapeHtml(p.id)}</code></a></td>
<td><a href="/post-mortems/${encodeURIComponent(p.id)}">${escapeHtml(p.title)}</a>${p.restricted ? ' <span class="muted">(restricted)</span>' : ''}</td>
<td class="sev-${escapeHtml(p.severity)}">${escapeHtml(p.severity)}</td>
<td>${escapeHtml(p.status)}</td>
<td>${escapeHtml(p.updated.slice(0, 10))}</td>
</tr>`,
      )
      .join('\n');
    const next =
      result.offset + result.items.length < result.total
        ? `<p><a href="/?offset=${result.offset + result.limit}&amp;limit=${result.limit}">Next ${result.limit}</a></p>`
        : '';
    const body =
      result.total === 0
        ? '<h1>Post-mortems</h1><p>No post-mortems yet. Import one with <code>debrief import FILE</code>.</p>'
        : `<h1>Post-mortems</h1>
<p class="muted">${result.total} in total. Each links to its report; the API is documented at <a href="/api/docs">/api/docs</a>.</p>
<table><thead><tr><th>ID</th><th>Title</th><th>Severity</th><th>Status</th><th>Updated</th></tr></thead>
<tbody>
${rows}
</tbody></table>${next}`;
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP);
    return page('Post-mortems', body);
  });

  pages.get(
    '/post-mortems/:id',
    { schema: { hide: true, params: postMortemParamsSchema, querystring: z.object({}) } },
    async (request, reply) => {
      const stored = await readPostMortem(db, request.params.id);
      const id = encodeURIComponent(stored.document.id);
      const report = renderReport(stored.document, { format: 'md', generatedAt: options.now() });
      const actions = `<p class="actions">
<a href="/api/post-mortems/${id}/report?format=md">Markdown report</a>
<a href="/api/post-mortems/${id}/export?format=yaml">YAML file</a>
<a href="/api/post-mortems/${id}">JSON</a>
<a href="/api/post-mortems/${id}/clocks">Clocks (JSON)</a>
</p>`;
      const fishbone = `<figure class="diagram"><img src="/api/post-mortems/${id}/diagram?format=svg" alt="Fishbone diagram of ${escapeHtml(stored.document.id)}"></figure>`;
      const body = replaceSectionDiagram(markdownToHtml(report.text), 'Fishbone (Ishikawa)', fishbone);
      reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP);
      return page(`${stored.document.id} ${stored.document.title}`, `${actions}\n${body}`);
    },
  );
}
