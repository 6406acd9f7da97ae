/**
 * The report model: what every renderer (Markdown, HTML, PDF, DOCX, Confluence, Notion) draws, built once per
 * post-mortem, audience and version by `buildReport` (`report-build.ts`).
 *
 * The text of a section is GitHub-flavoured Markdown made by the section builders, with every user value
 * escaped by `markdown-escape.ts`; renderers parse it with markdown-it (tables, lists, emphasis, code, links),
 * so the structure is read by a parser, never by regular expressions. Diagrams are typed data, not text: the
 * Markdown renderers print their Mermaid source, the HTML and PDF renderers draw them as SVG, and so on.
 */
import type { DiagramNode } from './diagram-exports.js';
import type { TimelineSection } from './mermaid.js';
import type { PostMortemStatus, PostMortemType, Severity } from './vocabulary.js';

/** The formats a report is rendered in (`services/render-report.ts`). */
export const REPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'confluence', 'notion'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Who a report is for; each audience gets its own sections and redaction. */
export const REPORT_AUDIENCES = ['technical', 'executive', 'regulator', 'public'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

/** Audiences outside the team: people become roles, hosts, addresses and accounts are masked. */
export function isExternalAudience(audience: ReportAudience): boolean {
  return audience === 'regulator' || audience === 'public';
}

/** The approved (frozen) version a report renders, or the draft state when there is none. */
export interface ReportVersionStamp {
  /** Report version number, 1 for the first approval. */
  readonly number: number;
  /** `sha256:` + hex of the frozen document's canonical JSON. */
  readonly contentHash: string;
  /** `approved` or `published`; a draft has no stamp (see `ReportMeta.draftAfter`). */
  readonly state: 'approved' | 'published';
  /** When the last approval froze it (ISO 8601). */
  readonly approvedAt: string;
  /** The approvers, as shown to this audience (names, or roles in external reports). */
  readonly approvers: readonly string[];
}

/** Facts about the report itself, shown by every renderer in its header (and the banner on every page). */
export interface ReportMeta {
  /** The post-mortem id, e.g. `INC-2026-014` (never redacted: it is the reference the reader quotes). */
  readonly id: string;
  /** The post-mortem title, redacted for the audience. */
  readonly title: string;
  readonly audience: ReportAudience;
  /** The audience in words, e.g. `Executive brief`, used as a subtitle. */
  readonly audienceLabel: string;
  readonly severity: Severity;
  readonly status: PostMortemStatus;
  readonly types: readonly PostMortemType[];
  /** When the report was generated (ISO 8601, passed in: core never reads the clock). */
  readonly generatedAt: string;
  /** The classification banner printed at the top of every page, e.g. `TLP:AMBER+STRICT`. */
  readonly classification?: string;
  /** The frozen version this report renders. */
  readonly version?: ReportVersionStamp;
  /** A draft rendered after approved version N (edits since): the report says it is not the approved text. */
  readonly draftAfter?: number;
}

/** A diagram as data: each renderer draws it its own way. */
export type ReportDiagram =
  | {
      /** Milestones (or key events) grouped by UTC day. */
      readonly kind: 'timeline';
      readonly title: string;
      readonly sections: readonly TimelineSection[];
      readonly mermaid: string;
    }
  | {
      /** Ishikawa diagram: the effect, its categories and causes. */
      readonly kind: 'fishbone';
      readonly title: string;
      readonly tree: DiagramNode;
      readonly mermaid: string;
    }
  | {
      /** One 5 Whys analysis as a tree from the problem to its root causes. */
      readonly kind: 'five-whys';
      readonly title: string;
      readonly tree: DiagramNode;
      readonly mermaid: string;
    }
  | {
      /** ATT&CK techniques in order of first occurrence on the curated timeline. */
      readonly kind: 'attack-path';
      readonly title: string;
      readonly steps: readonly AttackPathDiagramStep[];
      readonly mermaid?: string;
    }
  | {
      /** Each response clock as a bar against its target. */
      readonly kind: 'clocks';
      readonly title: string;
      readonly clocks: readonly ClockBar[];
      readonly mermaid?: string;
    };

/** One step of the attack path diagram. */
export interface AttackPathDiagramStep {
  readonly technique: string;
  readonly name?: string;
  /** UTC instant of the first entry with the technique. */
  readonly at: string;
  readonly tactics: readonly string[];
}

/** One clock of the clocks diagram. */
export interface ClockBar {
  readonly label: string;
  /** Measured value in seconds; absent when it cannot be computed. */
  readonly seconds?: number;
  readonly targetSeconds?: number;
  readonly breached: boolean;
  readonly approximate: boolean;
}

/** A piece of a section: Markdown text, or a diagram. */
export type ReportBlock =
  | { readonly kind: 'markdown'; readonly markdown: string }
  | { readonly kind: 'diagram'; readonly diagram: ReportDiagram };

/** One top-level section (`##` in Markdown). Its blocks may hold `###` and `####` subsections. */
export interface ReportSection {
  /** Stable anchor, e.g. `incident-summary`, `appendix-a-evidence`. */
  readonly id: string;
  /** The heading as inline Markdown, e.g. `1. Incident summary`. */
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

/** A whole report. */
export interface Report {
  readonly meta: ReportMeta;
  /** What comes between the title and the first section: banners, metadata, key facts, references. */
  readonly preamble: readonly ReportBlock[];
  readonly sections: readonly ReportSection[];
}
