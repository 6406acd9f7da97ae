/**
 * One entry point for the diagrams of a post-mortem: the fishbone, or one 5 Whys tree, in a named format. Used by
 * `debrief diagram` and `GET /api/post-mortems/{id}/diagram`.
 */
import {
  type DiagramNode,
  fishboneTree,
  fiveWhysTree,
  toDrawio,
  toFreeMind,
  toMermaid,
  toOpml,
} from './diagram-exports.js';
import { DomainError } from './errors.js';
import { fishboneSvg } from './fishbone-svg.js';
import type { PostMortem } from './model.js';

export const DIAGRAM_FORMATS = ['mermaid', 'svg', 'drawio', 'opml', 'mm'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** A rendered diagram: its text, the media type to serve it with and the file extension to save it under. */
export interface RenderedDiagram {
  readonly text: string;
  readonly mediaType: string;
  readonly extension: string;
}

const MEDIA: Readonly<Record<DiagramFormat, { mediaType: string; extension: string }>> = {
  mermaid: { mediaType: 'text/vnd.mermaid; charset=utf-8', extension: 'mmd' },
  svg: { mediaType: 'image/svg+xml; charset=utf-8', extension: 'svg' },
  drawio: { mediaType: 'application/vnd.jgraph.mxfile; charset=utf-8', extension: 'drawio' },
  opml: { mediaType: 'text/x-opml; charset=utf-8', extension: 'opml' },
  mm: { mediaType: 'application/x-freemind; charset=utf-8', extension: 'mm' },
};

/** Checks a format name from a user and narrows it. */
export function parseDiagramFormat(value: string): DiagramFormat {
  if ((DIAGRAM_FORMATS as readonly string[]).includes(value)) return value as DiagramFormat;
  throw new DomainError('invalid_input', `--format must be one of ${DIAGRAM_FORMATS.join(', ')}`);
}

/** The fishbone (no `whys`) or the 5 Whys analysis `whys`, rendered in `format`. */
export function renderDiagram(
  doc: PostMortem,
  options: { readonly format: DiagramFormat; readonly whys?: string },
): RenderedDiagram {
  let tree: DiagramNode;
  if (options.whys === undefined) {
    tree = fishboneTree(doc);
  } else {
    const analysis = doc.analysis.fiveWhys.find((a) => a.id === options.whys);
    if (!analysis) {
      const known = doc.analysis.fiveWhys.map((a) => a.id).join(', ') || 'none';
      throw new DomainError(
        'not_found',
        `${doc.id} has no 5 Whys analysis ${options.whys} (it has: ${known})`,
      );
    }
    tree = fiveWhysTree(analysis);
  }
  if (options.format === 'svg' && options.whys !== undefined)
    throw new DomainError(
      'invalid_input',
      'svg draws the fishbone; for a 5 Whys tree use --format mermaid, drawio, opml or mm',
    );
  const title = `${doc.id}: ${tree.text}`;
  const text =
    options.format === 'svg'
      ? fishboneSvg(tree, title)
      : options.format === 'drawio'
        ? toDrawio(tree, title)
        : options.format === 'opml'
          ? toOpml(tree, title)
          : options.format === 'mm'
            ? toFreeMind(tree)
            : `${toMermaid(tree)}\n`;
  return { text, ...MEDIA[options.format] };
}
