/**
 * Renders a post-mortem as a report: one report model (`core/report-build.ts`) per audience, drawn as Markdown,
 * standalone HTML, PDF (the HTML printed by Debian's Chromium), Word, Confluence storage format or Notion-ready
 * Markdown. For a stored post-mortem, `storedReportInputs` adds what only the database knows: the approved
 * version and its hash, the draft state, and the evidence custody log for the regulator pack.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import type { PlaybookCheck } from '../core/playbook.js';
import { buildReport, renderReportMarkdown } from '../core/report-build.js';
import { renderReportConfluence } from '../core/report-confluence.js';
import type { EvidenceCustody } from '../core/report-custody.js';
import { renderReportHtml } from '../core/report-html.js';
import {
  REPORT_AUDIENCES,
  REPORT_FORMATS,
  type ReportAudience,
  type ReportFormat,
  type ReportVersionStamp,
} from '../core/report-model.js';
import { renderReportNotion } from '../core/report-notion.js';
import type { Database } from '../db/database.js';
import { readEvidenceCustody } from './read-evidence-custody.js';
import { readPostMortem } from './read-post-mortem.js';
import type { ReportTemplate } from './read-report-template.js';
import { getReportVersion, versionStampOf } from './read-report-versions.js';
import { renderReportDocx } from './render-report-docx.js';
import { renderPdf } from './render-report-pdf.js';

export { REPORT_FORMATS, type ReportFormat } from '../core/report-model.js';

/** A rendered report: its bytes or text, the media type to serve it with, and the file extension to save it under. */
export interface RenderedReport {
  readonly body: string | Buffer;
  readonly mediaType: string;
  readonly extension: string;
  /** PDF and Word: bytes that a terminal cannot show. */
  readonly binary: boolean;
}

const MEDIA: Readonly<Record<ReportFormat, { mediaType: string; extension: string; binary: boolean }>> = {
  md: { mediaType: 'text/markdown; charset=utf-8', extension: 'md', binary: false },
  html: { mediaType: 'text/html; charset=utf-8', extension: 'html', binary: false },
  pdf: { mediaType: 'application/pdf', extension: 'pdf', binary: true },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    binary: true,
  },
  confluence: { mediaType: 'application/xhtml+xml; charset=utf-8', extension: 'xml', binary: false },
  notion: { mediaType: 'text/markdown; charset=utf-8', extension: 'md', binary: false },
};

/** Checks a format name from a user and narrows it. */
export function parseReportFormat(value: string): ReportFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new DomainError(
    'invalid_input',
    `report format "${value}" is not available; available: ${REPORT_FORMATS.join(', ')}`,
  );
}

/** Checks an audience name from a user and narrows it (`auditor` is the regulator pack). */
export function parseReportAudience(value: string): ReportAudience {
  const audience = value.toLowerCase() === 'auditor' ? 'regulator' : value.toLowerCase();
  if ((REPORT_AUDIENCES as readonly string[]).includes(audience)) return audience as ReportAudience;
  throw new DomainError(
    'invalid_input',
    `report audience "${value}" is not known; audiences: ${REPORT_AUDIENCES.join(', ')} (auditor = regulator)`,
  );
}

/** Longest classification banner; it is printed on every page. */
export const MAX_CLASSIFICATION_LENGTH = 80;

/** Checks a classification banner text (one line, printable, at most 80 characters). */
export function parseClassification(value: string): string {
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (text === '' || text.length > MAX_CLASSIFICATION_LENGTH || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new DomainError(
      'invalid_input',
      `classification must be one line of 1 to ${MAX_CLASSIFICATION_LENGTH} printable characters, e.g. TLP:AMBER+STRICT`,
    );
  }
  return text;
}

/** What a report is rendered with besides the document. */
export interface RenderReportOptions {
  readonly format: ReportFormat;
  readonly generatedAt: string;
  readonly audience?: ReportAudience;
  readonly playbook?: PlaybookCheck;
  /** The banner on every page; the template's default when absent. Checked with `parseClassification`. */
  readonly classification?: string;
  /** A template folder read with `readReportTemplate`: branding, and the default classification. */
  readonly template?: ReportTemplate;
  readonly version?: ReportVersionStamp;
  readonly draftAfter?: number;
  readonly custody?: readonly EvidenceCustody[];
}

/** Renders the report of a post-mortem in a format, for an audience. */
export async function renderReport(doc: PostMortem, options: RenderReportOptions): Promise<RenderedReport> {
  const banner = options.classification ?? options.template?.classification;
  const classification = banner === undefined ? undefined : parseClassification(banner);
  const report = buildReport(doc, {
    generatedAt: options.generatedAt,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    ...(options.playbook === undefined ? {} : { playbook: options.playbook }),
    ...(classification === undefined ? {} : { classification }),
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.draftAfter === undefined ? {} : { draftAfter: options.draftAfter }),
    ...(options.custody === undefined ? {} : { custody: options.custody }),
  });
  const branding = options.template?.branding;
  const media = MEDIA[options.format];
  switch (options.format) {
    case 'md':
      return { body: renderReportMarkdown(report), ...media };
    case 'html':
      return { body: renderReportHtml(report, branding ? { branding } : {}), ...media };
    case 'pdf': {
      const html = renderReportHtml(report, branding ? { branding } : {});
      const body = await renderPdf(html, {
        ...(report.meta.classification === undefined ? {} : { classification: report.meta.classification }),
        ...(branding?.footer === undefined ? {} : { footer: branding.footer }),
        title: `${report.meta.id} — ${report.meta.title} (${report.meta.audienceLabel})`,
      });
      return { body, ...media };
    }
    case 'docx': {
      const docxBranding = {
        ...(branding?.organization === undefined ? {} : { organization: branding.organization }),
        ...(branding?.colors?.primary === undefined ? {} : { primary: branding.colors.primary }),
      };
      return { body: await renderReportDocx(report, { branding: docxBranding }), ...media };
    }
    case 'confluence':
      return { body: renderReportConfluence(report), ...media };
    case 'notion':
      return { body: renderReportNotion(report), ...media };
    default:
      return options.format satisfies never;
  }
}

/** What the database adds to the report of a stored post-mortem. */
export interface StoredReportInputs {
  readonly document: PostMortem;
  readonly version?: ReportVersionStamp;
  readonly draftAfter?: number;
  readonly custody?: readonly EvidenceCustody[];
}

/**
 * The document to render (the current one, or frozen version `version`), its version stamp, and for the
 * regulator pack the evidence custody log. Reading only: nothing is appended to any log.
 */
export async function storedReportInputs(
  db: Kysely<Database>,
  id: PostMortemId,
  options: { readonly audience?: ReportAudience; readonly version?: number },
): Promise<StoredReportInputs> {
  const custody = options.audience === 'regulator' ? { custody: await readEvidenceCustody(db, id) } : {};
  if (options.version !== undefined) {
    const frozen = await getReportVersion(db, id, options.version);
    return {
      document: frozen.document,
      version: {
        number: frozen.number,
        contentHash: frozen.contentHash,
        state: frozen.publishedAt === undefined ? 'approved' : 'published',
        approvedAt: frozen.approvedAt,
        approvers: frozen.approvers.map((a) => a.name),
      },
      ...custody,
    };
  }
  const { document } = await readPostMortem(db, id);
  const stamp = await versionStampOf(db, id);
  const latest = stamp.latest;
  if (latest === undefined) return { document, ...custody };
  if (stamp.draftAfter !== undefined) return { document, draftAfter: stamp.draftAfter, ...custody };
  return {
    document,
    version: {
      number: latest.number,
      contentHash: latest.contentHash,
      state: latest.published ? 'published' : 'approved',
      approvedAt: latest.approvedAt,
      approvers: latest.approvers,
    },
    ...custody,
  };
}
