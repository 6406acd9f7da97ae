/**
 * Mermaid diagram source, built so that user text can never change the diagram's structure.
 *
 * Node ids are generated (`n0`, `n1`...), never taken from the document. Labels are quoted, and every character
 * outside a small safe set (letters, digits, space and `.,'?!+=@()/_-`) is written as a Mermaid entity code
 * (`#quot;`, `#58;`...), which Mermaid turns back into the character only when it draws the label. So quotes,
 * brackets, arrows (`-->`), colons (the timeline's separator), `%%` comments, `;`, backticks, HTML and newlines
 * in user text stay text. The source never contains a backtick, so it cannot close the Markdown fence around it.
 */

/** The characters written as they are; anything else becomes an entity code. */
const SAFE_CHAR = /^[\p{L}\p{N} .,'?!+=@()/_-]$/u;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
};

/** Options for a label: how long it may get and where its lines wrap. */
export interface LabelOptions {
  /** Characters kept before the text is cut with `…` (default 160). */
  readonly maxLength?: number;
  /**
   * Wrap lines at about this many characters with `<br>`; 0 (the default) leaves wrapping to Mermaid, which
   * wraps flowchart labels and timeline events to its own node width.
   */
  readonly wrapAt?: number;
}

/** Encodes text for inside a quoted Mermaid label: every character outside the safe set becomes `#code;`. */
export function escapeMermaidText(text: string): string {
  let out = '';
  for (const char of text) {
    if (SAFE_CHAR.test(char)) out += char;
    else out += NAMED_ENTITIES[char] ?? `#${char.codePointAt(0)};`;
  }
  return out;
}

/** Collapses whitespace (newlines included) and cuts the text at a word boundary with `…` when too long. */
export function truncateText(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= maxLength) return flat;
  const cut = chars.slice(0, Math.max(1, maxLength - 1)).join('');
  const lastSpace = cut.lastIndexOf(' ');
  // Cut at the last word boundary unless that throws away most of the text (one very long word).
  const kept = lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut;
  return `${kept.trimEnd()}…`;
}

/** Splits text into lines of at most about `width` characters at spaces; longer words are split. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const chunks: string[] = [];
    for (let rest = [...word]; rest.length > 0; rest = rest.slice(width))
      chunks.push(rest.slice(0, width).join(''));
    for (const chunk of chunks) {
      if (current === '') current = chunk;
      else if ([...current].length + 1 + [...chunk].length <= width) current += ` ${chunk}`;
      else {
        lines.push(current);
        current = chunk;
      }
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * A label's content, ready to go between the quotes of `["..."]`: whitespace collapsed, cut to `maxLength`,
 * wrapped with `<br>` and every unsafe character encoded.
 */
export function mermaidLabel(text: string, options: LabelOptions = {}): string {
  const short = truncateText(text, options.maxLength ?? 160);
  const width = options.wrapAt ?? 0;
  const lines = width > 0 ? wrapWords(short, width) : [short];
  const label = lines.map(escapeMermaidText).join('<br>');
  // An empty label would leave `[""]`, which is valid but invisible; a dash says "no text".
  return label === '' ? '-' : label;
}

/** Node shapes used in reports. */
export type NodeShape = 'rect' | 'rounded' | 'stadium' | 'hexagon';

const SHAPES: Readonly<Record<NodeShape, readonly [string, string]>> = {
  rect: ['[', ']'],
  rounded: ['(', ')'],
  stadium: ['([', '])'],
  hexagon: ['{{', '}}'],
};

/** A flowchart node: the caller's key, its label (any text) and how it is drawn. */
export interface FlowchartNode {
  /** The caller's key for the node, used by edges; never written to the source. */
  readonly key: string;
  readonly label: string;
  readonly shape?: NodeShape;
  /** A class from the flowchart's `classes`. */
  readonly className?: string;
}

/** An arrow from one node to another, by the nodes' keys. */
export interface FlowchartEdge {
  readonly from: string;
  readonly to: string;
}

/** A whole flowchart: direction, nodes, edges and the classes that style some nodes. */
export interface Flowchart {
  readonly direction: 'TD' | 'LR' | 'BT' | 'RL';
  readonly nodes: readonly FlowchartNode[];
  readonly edges: readonly FlowchartEdge[];
  /** Class name → Mermaid style, e.g. `{ rootCause: 'stroke-width:3px' }`. Written by code, not users. */
  readonly classes?: Readonly<Record<string, string>>;
  readonly label?: LabelOptions;
}

const CLASS_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const CLASS_STYLE = /^[A-Za-z0-9:#,.%() -]+$/;

/**
 * Flowchart source. Nodes get ids `n0`, `n1`... in the order given; an edge naming an unknown key is left out.
 * @throws Error when a class name or style is not a plain identifier or style (a programming error).
 */
export function flowchart(spec: Flowchart): string {
  const ids = new Map<string, string>();
  const lines = [`flowchart ${spec.direction}`];
  spec.nodes.forEach((node, index) => {
    const id = `n${index}`;
    ids.set(node.key, id);
    const [open, close] = SHAPES[node.shape ?? 'rect'];
    lines.push(`  ${id}${open}"${mermaidLabel(node.label, spec.label)}"${close}`);
  });
  for (const edge of spec.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from !== undefined && to !== undefined) lines.push(`  ${from} --> ${to}`);
  }
  for (const [name, style] of Object.entries(spec.classes ?? {})) {
    if (!CLASS_NAME.test(name) || !CLASS_STYLE.test(style)) throw new Error(`invalid Mermaid class ${name}`);
    const members = spec.nodes.flatMap((node, index) => (node.className === name ? [`n${index}`] : []));
    if (members.length === 0) continue;
    lines.push(`  classDef ${name} ${style}`);
    lines.push(`  class ${members.join(',')} ${name}`);
  }
  return lines.join('\n');
}

/** One point on a timeline's axis and the events at it. */
export interface TimelinePeriod {
  /** The time shown on the axis, e.g. `08:12`. */
  readonly period: string;
  readonly events: readonly string[];
}

/** A group of periods drawn under one heading (a day, in reports). */
export interface TimelineSection {
  /** The section heading, e.g. a day `2026-03-14`. */
  readonly name: string;
  readonly periods: readonly TimelinePeriod[];
}

/** A whole Mermaid timeline: an optional title and its sections. */
export interface TimelineDiagram {
  readonly title?: string;
  readonly sections: readonly TimelineSection[];
  /** Cut event texts at this many characters (default 100); Mermaid wraps them itself. */
  readonly maxEventLength?: number;
}

/**
 * Mermaid `timeline` source: one `section` per group (a day), one line per period with its events separated
 * by ` : `. Colons in any text are encoded (`#58;`), so they cannot start a new event.
 */
export function timelineDiagram(spec: TimelineDiagram): string {
  const text = (value: string, max: number): string => mermaidLabel(value, { maxLength: max, wrapAt: 0 });
  const lines = ['timeline'];
  if (spec.title !== undefined) lines.push(`  title ${text(spec.title, 100)}`);
  for (const section of spec.sections) {
    const periods = section.periods.filter((p) => p.events.length > 0);
    if (periods.length === 0) continue;
    lines.push(`  section ${text(section.name, 60)}`);
    for (const period of periods) {
      const events = period.events.map((event) => text(event, spec.maxEventLength ?? 100));
      lines.push(`    ${text(period.period, 40)} : ${events.join(' : ')}`);
    }
  }
  return lines.join('\n');
}

/** Wraps diagram source in a fenced `mermaid` code block. */
export function mermaidBlock(source: string): string {
  return `\`\`\`mermaid\n${source}\n\`\`\``;
}
