/**
 * Renders a post-mortem as a report. Markdown is available now; HTML, PDF, DOCX and Confluence come with the
 * reports issue and join `REPORT_FORMATS` here.
 */
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import type { PlaybookCheck } from '../core/playbook.js';
import { renderMarkdownReport } from '../core/report-build.js';

/** The report formats that can be rendered; Markdown only for now. */
export const REPORT_FORMATS = ['md'] as const;
/** A report format name; `parseReportFormat` checks user input (accepting `markdown` for `md`). */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rendered report: its text, the media type to serve it with, and the file extension to save it under. */
export interface RenderedReport {
  readonly text: string;
  readonly mediaType: string;
  readonly extension: string;
}

/** Checks a format name from a user and narrows it. */
export function parseReportFormat(value: string): ReportFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new DomainError(
    'invalid_input',
    `report format "${value}" is not available; available: ${REPORT_FORMATS.join(', ')} (html, pdf and docx are planned)`,
  );
}

/** Renders the report of a post-mortem in the given format; with `playbook`, the evaluation compares it. */
export function renderReport(
  doc: PostMortem,
  options: { readonly format: ReportFormat; readonly generatedAt: string; readonly playbook?: PlaybookCheck },
): RenderedReport {
  switch (options.format) {
    case 'md':
      return {
        text: renderMarkdownReport(doc, {
          generatedAt: options.generatedAt,
          ...(options.playbook === undefined ? {} : { playbook: options.playbook }),
        }),
        mediaType: 'text/markdown; charset=utf-8',
        extension: 'md',
      };
    default:
      return options.format satisfies never;
  }
}
