/**
 * Renders a report (`report-model.ts`) as a Word document (.docx) with the `docx` library.
 *
 * The document has a title block (organization, title, audience, version stamp), a table of contents field
 * (Word fills it when the file is opened: `updateFields`), then the preamble and the sections with Word's own
 * heading styles (Heading 1 for sections, Heading 2 and 3 for `###` and `####`), so the navigation pane and the
 * table of contents work. The classification banner is in the header and the footer of every page, the footer
 * also numbers the pages. Tables repeat their header row on every page. Diagrams are shown as their data (a
 * table, or a nested list for the fishbone and 5 Whys trees): Word needs a PNG next to an SVG image, and there
 * is no way to draw one here without a browser.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DiagramNode } from '../core/diagram-exports.js';
import { DomainError } from '../core/errors.js';
import { versionStampText } from '../core/report-build.js';
import { dropXmlInvalid } from '../core/report-confluence.js';
import { diagramData } from '../core/report-diagram-data.js';
import type { Report, ReportBlock, ReportDiagram } from '../core/report-model.js';
import {
  type MarkdownBlock,
  type MarkdownInline,
  type MarkdownTable,
  parseReportInline,
  parseReportMarkdown,
} from '../core/report-tokens.js';

/** Options of the Word report. */
export interface DocxReportOptions {
  readonly branding?: {
    /** Shown above the title and in the header of every page. */
    readonly organization?: string;
    /** The colour of headings and table headers, `#RRGGBB`. */
    readonly primary?: string;
  };
}

const DEFAULT_PRIMARY = '1F3864';
const CODE_FONT = 'Consolas';
const BULLETS = 'report-bullets';
const NUMBERS = 'report-numbers';
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];
/** Deepest list level Word numbering defines here; deeper items stay at this level. */
const MAX_LIST_LEVEL = 5;

type Block = Paragraph | Table;

/** Header cells: white bold text on the primary colour. */
const HEADER_RUN = { bold: true, color: 'FFFFFF' } as const;

/** Run formatting inherited from the enclosing strong, emphasis, strikethrough or link. */
interface RunStyle {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly strike?: boolean;
  readonly link?: boolean;
  /** Hex colour, e.g. white on the coloured header row of a table. */
  readonly color?: string;
}

/** Builds the blocks of one document; numbering instances are counted so that each ordered list restarts. */
class DocxWriter {
  private orderedLists = 0;

  constructor(private readonly primary: string) {}

  runs(inlines: readonly MarkdownInline[], style: RunStyle = {}): ParagraphChild[] {
    return inlines.flatMap((run): ParagraphChild[] => {
      switch (run.kind) {
        case 'text':
          return [this.text(run.text, style)];
        case 'code':
          return [this.text(run.text, style, true)];
        case 'break':
          return [new TextRun({ break: 1 })];
        case 'strong':
          return this.runs(run.children, { ...style, bold: true });
        case 'emphasis':
          return this.runs(run.children, { ...style, italics: true });
        case 'strikethrough':
          return this.runs(run.children, { ...style, strike: true });
        case 'link':
          return [
            new ExternalHyperlink({
              link: run.href,
              children: this.runs(run.children, { ...style, link: true }),
            }),
          ];
        default:
          return run satisfies never;
      }
    });
  }

  text(text: string, style: RunStyle, code = false): TextRun {
    return new TextRun({
      text: dropXmlInvalid(text),
      ...(style.bold === true ? { bold: true } : {}),
      ...(style.italics === true ? { italics: true } : {}),
      ...(style.strike === true ? { strike: true } : {}),
      ...(style.link === true ? { style: 'Hyperlink' } : {}),
      ...(style.color === undefined ? {} : { color: style.color }),
      ...(code ? { font: CODE_FONT } : {}),
    });
  }

  /** Section text blocks; Markdown heading level L becomes Word heading L - 1 (sections are Heading 1). */
  blocks(blocks: readonly MarkdownBlock[], listLevel = -1, quote = false): Block[] {
    return blocks.flatMap((block): Block[] => {
      switch (block.kind) {
        case 'heading': {
          const heading = HEADINGS[Math.min(HEADINGS.length, Math.max(2, block.level - 1)) - 1];
          return [new Paragraph({ heading, children: this.runs(block.children), keepNext: true })];
        }
        case 'paragraph':
          return [
            new Paragraph({
              children: this.runs(block.children, quote ? { italics: true } : {}),
              ...(listLevel >= 0 || quote
                ? { indent: { left: 360 * (listLevel + 1) + (quote ? 360 : 0) } }
                : {}),
              // A quote (a callout in the report text) is set off by a bar on its left.
              ...(quote
                ? { border: { left: { style: BorderStyle.SINGLE, size: 12, color: this.primary, space: 8 } } }
                : {}),
            }),
          ];
        case 'list':
          return this.list(block.items, block.ordered, Math.min(MAX_LIST_LEVEL, listLevel + 1));
        case 'table':
          return [this.table(block)];
        case 'blockquote':
          return this.blocks(block.children, listLevel, true);
        case 'code':
          return [this.code(block.text)];
        case 'rule':
          return [
            new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'BFBFBF' } } }),
          ];
        default:
          return block satisfies never;
      }
    });
  }

  /** A list: each item's first paragraph is numbered, its other blocks follow indented. */
  private list(items: readonly (readonly MarkdownBlock[])[], ordered: boolean, level: number): Block[] {
    const numbering = ordered
      ? { reference: NUMBERS, level, instance: ++this.orderedLists }
      : { reference: BULLETS, level };
    return items.flatMap((item) => {
      const [first, ...rest] = item;
      const head =
        first?.kind === 'paragraph'
          ? new Paragraph({ numbering, children: this.runs(first.children) })
          : new Paragraph({ numbering, children: [] });
      return [head, ...this.blocks(first?.kind === 'paragraph' ? rest : item, level)];
    });
  }

  code(text: string): Paragraph {
    const lines = dropXmlInvalid(text).split('\n');
    return new Paragraph({
      shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' },
      children: lines.map(
        (line, i) => new TextRun({ text: line, font: CODE_FONT, size: 18, ...(i > 0 ? { break: 1 } : {}) }),
      ),
    });
  }

  /** A table over the page width whose header row repeats on every page. */
  tableOf(header: readonly ParagraphChild[][], rows: readonly ParagraphChild[][][]): Table {
    const headerRow = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: header.map(
        (cell) =>
          new TableCell({
            shading: { type: ShadingType.CLEAR, fill: this.primary, color: 'auto' },
            children: [new Paragraph({ children: cell })],
          }),
      ),
    });
    const width = header.length;
    const bodyRows = rows.map(
      (row) =>
        new TableRow({
          children: Array.from(
            { length: width },
            (_v, i) => new TableCell({ children: [new Paragraph({ children: row[i] ?? [] })] }),
          ),
        }),
    );
    return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [headerRow, ...bodyRows] });
  }

  private table(table: MarkdownTable): Table {
    return this.tableOf(
      table.header.map((cell) => this.runs(cell, HEADER_RUN)),
      table.rows.map((row) => row.map((cell) => this.runs(cell))),
    );
  }

  private tree(nodes: readonly DiagramNode[], level: number): Paragraph[] {
    return nodes.flatMap((node) => [
      new Paragraph({
        numbering: { reference: BULLETS, level: Math.min(MAX_LIST_LEVEL, level) },
        children: [this.text(node.text, {})],
      }),
      ...this.tree(node.children, level + 1),
    ]);
  }

  diagram(diagram: ReportDiagram): Block[] {
    const data = diagramData(diagram);
    const caption = new Paragraph({ keepNext: true, children: [this.text(diagram.title, { bold: true })] });
    if (data.kind === 'tree') return [caption, ...this.tree([data.root], 0)];
    const cell = (text: string): ParagraphChild[] => [this.text(text, {})];
    return [
      caption,
      this.tableOf(
        data.headers.map((h) => [this.text(h, { bold: true })]),
        data.rows.map((row) => row.map(cell)),
      ),
    ];
  }

  reportBlock(block: ReportBlock): Block[] {
    return block.kind === 'markdown'
      ? this.blocks(parseReportMarkdown(block.markdown))
      : this.diagram(block.diagram);
  }
}

function primaryColour(value: string | undefined): string {
  if (value === undefined) return DEFAULT_PRIMARY;
  const match = /^#?([0-9a-f]{6})$/i.exec(value.trim());
  if (match?.[1] === undefined) {
    throw new DomainError(
      'invalid_input',
      `branding colour "${value}" is not a colour Word can use; give it as #RRGGBB, e.g. #1F3864`,
    );
  }
  return match[1].toUpperCase();
}

function levels(format: 'bullet' | 'decimal'): {
  level: number;
  format: (typeof LevelFormat)[keyof typeof LevelFormat];
  text: string;
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType];
  style: { paragraph: { indent: { left: number; hanging: number } } };
}[] {
  const bullets = ['•', '◦', '▪'];
  return Array.from({ length: MAX_LIST_LEVEL + 1 }, (_v, level) => ({
    level,
    format: format === 'bullet' ? LevelFormat.BULLET : LevelFormat.DECIMAL,
    text: format === 'bullet' ? (bullets[level % bullets.length] ?? '•') : `%${level + 1}.`,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 300 } } },
  }));
}

/** The banner line of the header and footer: classification, or the organization and report id without one. */
function bannerRuns(report: Report, organization: string | undefined): TextRun[] {
  const { meta } = report;
  if (meta.classification !== undefined) {
    return [new TextRun({ text: dropXmlInvalid(meta.classification), bold: true, color: 'C00000' })];
  }
  const label = [organization, meta.id].filter((part) => part !== undefined).join(' · ');
  return [new TextRun({ text: dropXmlInvalid(label), color: '595959' })];
}

/**
 * Renders a report as a .docx file: title block, table of contents, sections with Word heading styles, the
 * classification in the header and footer of every page, page numbers, tables with repeated header rows.
 */
export async function renderReportDocx(report: Report, options: DocxReportOptions = {}): Promise<Buffer> {
  const { meta } = report;
  const primary = primaryColour(options.branding?.primary);
  const organization = options.branding?.organization;
  const writer = new DocxWriter(primary);
  const stamp = versionStampText(meta);
  const titleBlock = [
    ...(organization === undefined
      ? []
      : [new Paragraph({ children: [writer.text(organization, { bold: true })] })]),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [writer.text(`${meta.id} — ${meta.title}`, {})] }),
    new Paragraph({ children: [writer.text(meta.audienceLabel, { italics: true })] }),
    ...(stamp === undefined
      ? []
      : [new Paragraph({ children: [writer.text(stamp, { bold: meta.version === undefined })] })]),
    new Paragraph({
      children: [
        writer.text(`Severity ${meta.severity} · status ${meta.status} · generated ${meta.generatedAt}`, {}),
      ],
    }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-3' }),
    new Paragraph({ pageBreakBefore: true, children: [] }),
  ];
  const body = [
    ...report.preamble.flatMap((block) => writer.reportBlock(block)),
    ...report.sections.flatMap((section) => [
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: writer.runs(parseReportInline(section.title)),
      }),
      ...section.blocks.flatMap((block) => writer.reportBlock(block)),
    ]),
  ];
  const centred = (children: ParagraphChild[]): Paragraph =>
    new Paragraph({ alignment: AlignmentType.CENTER, children });
  const doc = new Document({
    title: dropXmlInvalid(`${meta.id} — ${meta.title}`),
    subject: meta.audienceLabel,
    ...(organization === undefined ? {} : { creator: dropXmlInvalid(organization) }),
    description: stamp === undefined ? 'Post-mortem report' : dropXmlInvalid(stamp),
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 21 } },
        title: { run: { color: primary, size: 44, bold: true } },
        heading1: {
          run: { color: primary, size: 32, bold: true },
          paragraph: { spacing: { before: 360, after: 120 } },
        },
        heading2: {
          run: { color: primary, size: 26, bold: true },
          paragraph: { spacing: { before: 240, after: 80 } },
        },
        heading3: {
          run: { color: primary, size: 23, bold: true },
          paragraph: { spacing: { before: 200, after: 60 } },
        },
        heading4: { run: { color: primary, size: 21, bold: true, italics: true } },
      },
    },
    numbering: {
      config: [
        { reference: BULLETS, levels: levels('bullet') },
        { reference: NUMBERS, levels: levels('decimal') },
      ],
    },
    sections: [
      {
        properties: {
          page: { margin: { top: 1200, bottom: 1200, left: 1134, right: 1134, header: 500, footer: 500 } },
        },
        headers: { default: new Header({ children: [centred(bannerRuns(report, organization))] }) },
        footers: {
          default: new Footer({
            children: [
              centred(bannerRuns(report, organization)),
              centred([
                new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
              ]),
            ],
          }),
        },
        children: [...titleBlock, ...body],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
