/**
 * Builds the report model (`report-model.ts`) of a post-mortem for an audience, and renders it back as
 * GitHub-flavoured Markdown with Mermaid diagrams.
 *
 * The section builders (`report-markdown*.ts`, `report-audience-*.ts`) write Markdown with every user value
 * escaped; a diagram stands in their text as an anchor line (`diagramAnchor`). Here the text is split at its
 * `## ` headings into sections and at its anchors into blocks. Output depends on the document and the options
 * only, so the same input gives the same report.
 */
import { codeSpan, inlineText } from './markdown-escape.js';
import { mermaidBlock } from './mermaid.js';
import type { PostMortem } from './model.js';
import type { PlaybookCheck } from './playbook.js';
import { audienceMarkdown } from './report-audience-common.js';
import { executiveSections } from './report-audience-executive.js';
import { publicSections } from './report-audience-public.js';
import { regulatorSections } from './report-audience-regulator.js';
import type { EvidenceCustody } from './report-custody.js';
import { technicalMarkdown } from './report-markdown.js';
import {
  blocks,
  DIAGRAM_ANCHOR,
  field,
  instantText,
  type ReportContext,
  reportContext,
} from './report-markdown-common.js';
import type {
  Report,
  ReportAudience,
  ReportBlock,
  ReportDiagram,
  ReportMeta,
  ReportSection,
  ReportVersionStamp,
} from './report-model.js';
import { mapStrings, type Redaction, redactForAudience, scrubText } from './report-redaction.js';

/** The audiences in words, as subtitles. */
export const AUDIENCE_LABELS: Readonly<Record<ReportAudience, string>> = {
  technical: 'Technical report',
  executive: 'Executive brief',
  regulator: 'Regulator and auditor pack',
  public: 'Public statement',
};

/** What a report is built from besides the document. */
export interface BuildReportOptions {
  /** When the report is generated, an ISO 8601 instant; core never reads the clock itself. */
  readonly generatedAt: string;
  /** Who the report is for; `technical` (everything) when absent. */
  readonly audience?: ReportAudience;
  /** A comparison with the team's playbook: adds "what the plan said, what we did" to the evaluation. */
  readonly playbook?: PlaybookCheck;
  /** The classification banner, e.g. `TLP:AMBER+STRICT`. */
  readonly classification?: string;
  /** The frozen version being rendered. */
  readonly version?: ReportVersionStamp;
  /** The document was edited after approved version N: the report says it is a draft. */
  readonly draftAfter?: number;
  /** The evidence registry's custody log, for the regulator pack (read from the database by the service). */
  readonly custody?: readonly EvidenceCustody[];
}

/** Options of the Markdown report (the technical audience), kept for the callers that render Markdown only. */
export interface MarkdownReportOptions {
  readonly generatedAt: string;
  readonly playbook?: PlaybookCheck;
}

/** The report model of a post-mortem for an audience. */
export function buildReport(doc: PostMortem, options: BuildReportOptions): Report {
  const audience = options.audience ?? 'technical';
  const redaction = redactForAudience(doc, audience, options.custody ? { custody: options.custody } : {});
  const ctx = reportContext(redaction.doc, options.generatedAt, options.playbook);
  const { preamble, sections } = splitReport(audienceText(ctx, audience, options, redaction), ctx);
  const scrub = (text: string): string => scrubText(text, redaction.values);
  const version =
    options.version === undefined || redaction.values.length === 0
      ? options.version
      : { ...options.version, approvers: options.version.approvers.map(scrub) };
  const meta: ReportMeta = {
    id: doc.id,
    title: redaction.doc.title,
    audience,
    audienceLabel: AUDIENCE_LABELS[audience],
    severity: doc.severity,
    status: doc.status,
    types: doc.types,
    generatedAt: options.generatedAt,
    ...(options.classification === undefined ? {} : { classification: options.classification }),
    ...(version === undefined ? {} : { version }),
    ...(options.draftAfter === undefined ? {} : { draftAfter: options.draftAfter }),
  };
  const report: Report = { meta, preamble, sections };
  if (redaction.values.length === 0) return report;
  // The last line of defence: whatever a section builder wrote, no internal value leaves in an external report.
  const scrubBlock = (block: ReportBlock): ReportBlock =>
    block.kind === 'markdown'
      ? { kind: 'markdown', markdown: scrub(block.markdown) }
      : {
          kind: 'diagram',
          diagram: { ...mapStrings(block.diagram, scrub), kind: block.diagram.kind } as ReportDiagram,
        };
  return {
    meta,
    preamble: preamble.map(scrubBlock),
    sections: sections.map((s) => ({ id: s.id, title: scrub(s.title), blocks: s.blocks.map(scrubBlock) })),
  };
}

/** The Markdown of the audience's sections (the technical report, or a brief, pack or statement). */
function audienceText(
  ctx: ReportContext,
  audience: ReportAudience,
  options: BuildReportOptions,
  redaction: Redaction,
): string {
  switch (audience) {
    case 'technical':
      return technicalMarkdown(ctx);
    case 'executive':
      return blocks(audiencePreamble(ctx), audienceMarkdown(ctx, executiveSections(ctx)));
    case 'regulator':
      return blocks(
        audiencePreamble(ctx),
        audienceMarkdown(ctx, regulatorSections(ctx, options.custody && redaction.custody)),
      );
    case 'public':
      return blocks(audiencePreamble(ctx), audienceMarkdown(ctx, publicSections(ctx)));
    default:
      return audience satisfies never;
  }
}

/** The line under the title of a brief, pack or statement (their first section holds the facts). */
function audiencePreamble(ctx: ReportContext): string {
  return field('Report generated', instantText(ctx.generatedAt));
}

/** The full technical report as Markdown: `buildReport` then `renderReportMarkdown`. */
export function renderMarkdownReport(doc: PostMortem, options: MarkdownReportOptions): string {
  return renderReportMarkdown(buildReport(doc, { ...options, audience: 'technical' }));
}

/** A section heading's anchor: lower case, letters and digits joined by dashes (`Appendix A. Evidence` → `appendix-a-evidence`). */
export function sectionId(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/^\d+\.\s*/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'section' : slug;
}

/**
 * Splits a report's Markdown at its `## ` headings (outside code fences) into the preamble and the sections, and
 * each part at its diagram anchors into blocks. The `# ` title line is left out: the title is in the meta.
 */
export function splitReport(
  markdown: string,
  ctx: Pick<ReportContext, 'diagrams'>,
): { preamble: ReportBlock[]; sections: ReportSection[] } {
  const preamble: string[] = [];
  const sections: { title: string; lines: string[] }[] = [];
  let fence: string | undefined;
  let current: string[] = preamble;
  for (const line of markdown.split('\n')) {
    const fenceMatch = /^(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (line.trim() === fence) fence = undefined;
    }
    if (fence === undefined && line.startsWith('## ')) {
      const section = { title: line.slice(3).trim(), lines: [] as string[] };
      sections.push(section);
      current = section.lines;
      continue;
    }
    if (fence === undefined && sections.length === 0 && line.startsWith('# ') && preamble.length === 0)
      continue;
    current.push(line);
  }
  const used = new Map<string, number>();
  return {
    preamble: toBlocks(preamble, ctx.diagrams),
    sections: sections.map((section) => {
      const base = sectionId(section.title);
      const seen = used.get(base) ?? 0;
      used.set(base, seen + 1);
      return {
        id: seen === 0 ? base : `${base}-${seen + 1}`,
        title: section.title,
        blocks: toBlocks(section.lines, ctx.diagrams),
      };
    }),
  };
}

function toBlocks(lines: readonly string[], diagrams: readonly ReportDiagram[]): ReportBlock[] {
  const out: ReportBlock[] = [];
  let text: string[] = [];
  const flush = (): void => {
    const markdown = text.join('\n').replace(/^\n+|\n+$/g, '');
    if (markdown !== '') out.push({ kind: 'markdown', markdown });
    text = [];
  };
  for (const line of lines) {
    const anchor = DIAGRAM_ANCHOR.exec(line);
    const diagram = anchor === null ? undefined : diagrams[Number(anchor[1])];
    if (diagram === undefined) {
      text.push(line);
      continue;
    }
    flush();
    out.push({ kind: 'diagram', diagram });
  }
  flush();
  return out;
}

/** The version stamp line every renderer shows under the title, in plain words (no Markdown). */
export function versionStampText(meta: ReportMeta): string | undefined {
  const { version } = meta;
  if (version !== undefined) {
    const state = version.state === 'published' ? 'Published' : 'Approved';
    const by = version.approvers.length === 0 ? '' : ` by ${version.approvers.join(', ')}`;
    return `${state} version ${version.number} · ${version.contentHash} · approved ${version.approvedAt}${by}`;
  }
  if (meta.draftAfter !== undefined) {
    return `Draft: edited after approved version ${meta.draftAfter}; this is not the approved text.`;
  }
  return undefined;
}

/** Renders a report as GitHub-flavoured Markdown, diagrams as Mermaid blocks (those without Mermaid are left out). */
export function renderReportMarkdown(report: Report): string {
  const { meta } = report;
  const banner = meta.classification === undefined ? undefined : `**${inlineText(meta.classification)}**`;
  const out = blocks(
    banner,
    `# ${inlineText(meta.id)} — ${inlineText(meta.title)}`,
    meta.audience === 'technical' ? undefined : `_${meta.audienceLabel}_`,
    stampMarkdown(meta),
    ...report.preamble.map(blockMarkdown),
    ...report.sections.map((section) => blocks(`## ${section.title}`, ...section.blocks.map(blockMarkdown))),
    banner,
  );
  return `${out}\n`;
}

function blockMarkdown(block: ReportBlock): string | undefined {
  if (block.kind === 'markdown') return block.markdown;
  return block.diagram.mermaid === undefined ? undefined : mermaidBlock(block.diagram.mermaid);
}

function stampMarkdown(meta: ReportMeta): string | undefined {
  const { version } = meta;
  if (version !== undefined) {
    const state = version.state === 'published' ? 'Published' : 'Approved';
    const by =
      version.approvers.length === 0 ? '' : ` by ${version.approvers.map((a) => inlineText(a)).join(', ')}`;
    return `> **${state} version ${version.number}** · ${codeSpan(version.contentHash)} · approved ${inlineText(version.approvedAt)}${by}`;
  }
  if (meta.draftAfter === undefined) return undefined;
  return `> **Draft:** edited after approved version ${meta.draftAfter}; this is not the approved text.`;
}
