/** `debrief render FILE|ID`: the post-mortem report, for an audience, in a format. */
import type { Command } from 'commander';
import { DomainError } from '../../core/errors.js';
import type { PostMortemId } from '../../core/ids.js';
import { REPORT_AUDIENCES } from '../../core/report-model.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import { readReportTemplate } from '../../services/read-report-template.js';
import {
  parseReportAudience,
  parseReportFormat,
  REPORT_FORMATS,
  renderReport,
  type StoredReportInputs,
  storedReportInputs,
} from '../../services/render-report.js';
import { closePdfBrowser } from '../../services/render-report-pdf.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';
import { type PlaybookOptions, playbookCheckOf, playbookOptions } from './playbook.js';

interface RenderOptions extends PlaybookOptions {
  format: string;
  audience: string;
  output?: string;
  template?: string;
  classification?: string;
  approvedVersion?: string;
}

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  playbookOptions(program.command('render'), false)
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('render the post-mortem report for an audience (to stdout, or to a file with -o)')
    .option('--format <format>', `report format: ${REPORT_FORMATS.join(', ')}`, 'md')
    .option(
      '--audience <audience>',
      `who the report is for: ${REPORT_AUDIENCES.join(', ')} (auditor = regulator)`,
      'technical',
    )
    .option(
      '-o, --output <path>',
      'write the report to this file (replaced if it exists); required for pdf and docx',
    )
    .option(
      '--template <dir>',
      'a template folder: template.json, logo.svg|png, report.css, layout.html (default: DEBRIEF_REPORT_TEMPLATE)',
    )
    .option(
      '--classification <text>',
      "banner on every page, e.g. TLP:AMBER+STRICT (default: the template's)",
    )
    .option(
      '--approved-version <n>',
      'render approved version N of a stored post-mortem instead of the current text',
    )
    .addHelpText(
      'after',
      '\nFormats: md (GitHub Markdown with Mermaid), html (one self-contained file with SVG diagrams and a print\n' +
        "stylesheet), pdf (the HTML printed by Chromium: install Debian's chromium or set DEBRIEF_CHROMIUM), docx\n" +
        "(Word), confluence (Confluence storage format, for its REST API) and notion (Markdown for Notion's import).\n\n" +
        'Audiences: technical (everything), executive (a one- to two-page brief), regulator (facts, awareness and\n' +
        'notification timeline, compliance clocks, evidence with hashes and custody, failed controls, remediation) and\n' +
        'public (the statement and what is marked public under `publication`). Regulator and public reports replace\n' +
        'people with roles and mask hosts, addresses, accounts and indicators.\n\n' +
        "A stored post-mortem's report states its approved version and content hash, or that it is a draft\n" +
        '(debrief review). With --playbook, the evaluation adds "what the plan said, what we did".\n\n' +
        'Examples:\n' +
        '  debrief render INC-2026-014 -o report.md\n' +
        '  debrief render INC-2026-014 --format pdf --audience executive --classification TLP:AMBER -o brief.pdf\n' +
        '  debrief render INC-2026-014 --format html --audience regulator --template ./brand -o pack.html\n' +
        '  debrief render INC-2026-014 --format docx --approved-version 2 -o approved-v2.docx\n' +
        '  debrief render my-incident.yaml --format confluence > page.xml',
    )
    .action(async (ref: string, options: RenderOptions) => {
      const format = parseReportFormat(options.format);
      const audience = parseReportAudience(options.audience);
      const version =
        options.approvedVersion === undefined ? undefined : versionNumber(options.approvedVersion);
      const binary = format === 'pdf' || format === 'docx';
      if (binary && !options.output) {
        throw new DomainError(
          'invalid_input',
          `${format} is a binary format: give the file to write with -o, e.g. -o ${ref.replace(/[^\w.-]/g, '_')}.${format}`,
        );
      }
      const templateDir = options.template ?? ctx.io.env.DEBRIEF_REPORT_TEMPLATE;
      const template = templateDir ? await readReportTemplate(ctx.path(templateDir)) : undefined;
      const { document, ...stored } = await reportInputs(ctx, ref, audience, version);
      const playbook = await playbookCheckOf(ctx, document, options);
      try {
        const report = await renderReport(document, {
          format,
          audience,
          generatedAt: ctx.io.now(),
          ...stored,
          ...(playbook === undefined ? {} : { playbook }),
          ...(options.classification === undefined ? {} : { classification: options.classification }),
          ...(template === undefined ? {} : { template }),
        });
        if (!options.output) {
          ctx.io.stdout(report.body.toString());
          return;
        }
        await writeFileAtomic(ctx.path(options.output), report.body);
        ctx.note(`${document.id} ${audience} report (${format}) written to ${options.output}`);
      } finally {
        if (format === 'pdf') await closePdfBrowser();
      }
    });
}

function versionNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new DomainError(
      'invalid_input',
      `--approved-version must be an approved version number (1, 2, …), not "${text}"`,
    );
  }
  return n;
}

/** A file is rendered as it is; a stored post-mortem with its version stamp and, for regulators, custody. */
async function reportInputs(
  ctx: CliContext,
  ref: string,
  audience: ReturnType<typeof parseReportAudience>,
  version: number | undefined,
): Promise<StoredReportInputs> {
  const loaded = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
  if (loaded.from === 'file') {
    if (version !== undefined) {
      throw new DomainError(
        'invalid_input',
        '--approved-version needs the id of a stored post-mortem, not a file',
      );
    }
    return { document: loaded.document };
  }
  return storedReportInputs(await ctx.database(), loaded.document.id as PostMortemId, {
    audience,
    ...(version === undefined ? {} : { version }),
  });
}
