/**
 * The fishbone drawn as SVG in the page, with the layout of core (`fishboneLayout`: the same boxes, spine and ribs
 * as `debrief diagram --format svg`, no two boxes overlapping) and the colours of the theme, so it reads in light
 * and dark mode. Text is JSX text (escaped by React), never HTML. The list view next to it is the accessible
 * alternative; the drawing is one image with a title.
 */
import { fishboneTree } from '../../core/diagram-exports.js';
import { fishboneLayout, type LabelBox, type Segment } from '../../core/fishbone-svg.js';
import type { PostMortem } from '../../core/model.js';

/** The padding and line height of the core layout (fishbone-svg.ts), where the text of a box starts. */
const PAD = 6;
const LINE = 16;

const round = (v: number): number => Math.round(v * 10) / 10;

function Line({ segment, className }: { readonly segment: Segment; readonly className: string }) {
  return (
    <line
      className={className}
      x1={round(segment.x1)}
      y1={round(segment.y1)}
      x2={round(segment.x2)}
      y2={round(segment.y2)}
    />
  );
}

function Label({ box }: { readonly box: LabelBox }) {
  return (
    <g className={`fb-${box.kind}`}>
      <rect x={round(box.x)} y={round(box.y)} width={round(box.width)} height={round(box.height)} rx={4} />
      {box.lines.map((line, i) => (
        <text
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of one box, in order, never reordered
          key={i}
          x={round(box.x + PAD)}
          y={round(box.y + PAD + (i + 1) * LINE - 4)}
          xmlSpace="preserve"
        >
          {line}
        </text>
      ))}
    </g>
  );
}

/** The fishbone of `doc` (pass the draft document while editing: the drawing follows every change). */
export function FishboneDiagram({ doc }: { readonly doc: PostMortem }) {
  const tree = fishboneTree(doc);
  const layout = fishboneLayout(tree);
  const title = `Fishbone diagram: ${tree.text}`;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the drawing may be wider than the screen; keyboard users scroll it
    <section className="fishbone-scroll" aria-label="Fishbone diagram" tabIndex={0}>
      <svg
        className="fishbone"
        width={round(layout.width)}
        height={round(layout.height)}
        viewBox={`0 0 ${round(layout.width)} ${round(layout.height)}`}
        role="img"
        aria-label={title}
      >
        <title>{title}</title>
        <Line segment={layout.spine} className="fb-spine" />
        {layout.ribs.map((rib) => (
          <Line key={`${rib.x1},${rib.y1}`} segment={rib} className="fb-rib" />
        ))}
        {layout.labels.map((box) => (
          <Label key={`${box.kind}:${box.x},${box.y}`} box={box} />
        ))}
      </svg>
    </section>
  );
}
