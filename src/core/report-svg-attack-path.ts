/**
 * The attack path as SVG: one card per ATT&CK technique in order of first occurrence, left to right with an
 * arrow between cards; rows of four fit the page width, and a row that continues on the next one says so with
 * an arrow down and back. A card shows the step number and technique id, its name, its tactics and when it was
 * first seen (UTC).
 */
import type { AttackPathDiagramStep } from './report-model.js';
import {
  charsFitting,
  coord,
  emptySvg,
  FONT_SIZE,
  LINE_HEIGHT,
  SVG_MARGIN,
  SVG_WIDTH,
  svgDocument,
  textLines,
  wrapLimited,
} from './report-svg-common.js';
import { parseInstant, toUtcIso } from './time.js';

const PER_ROW = 4;
const ARROW = 28;
const CARD_WIDTH = (SVG_WIDTH - 2 * SVG_MARGIN - (PER_ROW - 1) * ARROW) / PER_ROW;
const PAD = 8;
const ROW_GAP = 34;
const SMALL_LINE = 13;
const SMALL_CHAR = 6;
const TEXT_CHARS = charsFitting(CARD_WIDTH - 2 * PAD);
const SMALL_CHARS = charsFitting(CARD_WIDTH - 2 * PAD, SMALL_CHAR);

const STYLE =
  '.card rect{fill:#fff;stroke:#c81e1e;stroke-width:1.5}.card rect.head{fill:#c81e1e;stroke:none}' +
  '.card text.id{fill:#fff;font-weight:bold}.arrow{stroke:#7b8794;stroke-width:2;fill:none}' +
  '.arrowhead{fill:#7b8794}.tactic{fill:#9b1c1c}';

/** The instant as `YYYY-MM-DD HH:MM UTC`, or as given when it cannot be read. */
function when(at: string): string {
  const parsed = parseInstant(at);
  if (!parsed.ok) return at;
  const iso = toUtcIso(parsed.value.epochMs);
  return parsed.value.precision === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The text blocks of one card. */
function card(step: AttackPathDiagramStep, index: number) {
  const head = `${index + 1}. ${step.technique}`;
  const name = step.name === undefined || step.name === '' ? [] : wrapLimited(step.name, TEXT_CHARS, 4);
  const tactics = step.tactics.length === 0 ? [] : wrapLimited(step.tactics.join(', '), SMALL_CHARS, 2);
  const time = wrapLimited(when(step.at), SMALL_CHARS, 2);
  const height =
    LINE_HEIGHT +
    2 * PAD +
    PAD +
    name.length * LINE_HEIGHT +
    (tactics.length + time.length) * SMALL_LINE +
    PAD;
  return { head, name, tactics, time, height };
}

const arrowHead = (x: number, y: number): string =>
  `<path class="arrowhead" d="M${coord(x)} ${coord(y)}l-7 -4v8z"/>`;

/** The attack path as a standalone SVG. */
export function attackPathSvg(title: string, steps: readonly AttackPathDiagramStep[]): string {
  if (steps.length === 0)
    return emptySvg('attack-path', title, 'No ATT&CK technique is mapped on the timeline yet.');
  const cards = steps.map(card);
  const body: string[] = [];
  let y = SVG_MARGIN;
  for (let start = 0; start < cards.length; start += PER_ROW) {
    const row = cards.slice(start, start + PER_ROW);
    const rowHeight = Math.max(...row.map((c) => c.height));
    row.forEach((c, i) => {
      const x = SVG_MARGIN + i * (CARD_WIDTH + ARROW);
      const headHeight = LINE_HEIGHT + PAD;
      let ty = y + headHeight + PAD + FONT_SIZE;
      const parts = [
        `<g class="card"><rect x="${coord(x)}" y="${coord(y)}" width="${coord(CARD_WIDTH)}" height="${coord(rowHeight)}" rx="6"/>`,
        `<rect class="head" x="${coord(x)}" y="${coord(y)}" width="${coord(CARD_WIDTH)}" height="${coord(headHeight)}" rx="6"/>`,
        textLines([c.head], x + PAD, y + PAD + FONT_SIZE - 2, { className: 'id' }),
      ];
      parts.push(textLines(c.name, x + PAD, ty, { className: 'bold' }));
      ty += c.name.length * LINE_HEIGHT;
      parts.push(textLines(c.tactics, x + PAD, ty, { className: 'small tactic', lineHeight: SMALL_LINE }));
      ty += c.tactics.length * SMALL_LINE;
      parts.push(
        textLines(c.time, x + PAD, ty, { className: 'small muted', lineHeight: SMALL_LINE }),
        '</g>',
      );
      body.push(parts.join(''));
      const mid = y + LINE_HEIGHT;
      if (i < row.length - 1) {
        const x1 = x + CARD_WIDTH + 3;
        body.push(
          `<line class="arrow" x1="${coord(x1)}" y1="${coord(mid)}" x2="${coord(x1 + ARROW - 8)}" y2="${coord(mid)}"/>`,
          arrowHead(x1 + ARROW - 3, mid),
        );
      }
    });
    const next = start + PER_ROW < cards.length;
    if (next) {
      // From under the row's last card, back to the left and down into the next row's first card.
      const fromX = SVG_MARGIN + (row.length - 1) * (CARD_WIDTH + ARROW) + CARD_WIDTH / 2;
      const toX = SVG_MARGIN + CARD_WIDTH / 2;
      const y1 = y + rowHeight + 3;
      const yMid = y1 + ROW_GAP / 2 - 3;
      const y2 = y + rowHeight + ROW_GAP - 3;
      body.push(
        `<path class="arrow" d="M${coord(fromX)} ${coord(y1)}V${coord(yMid)}H${coord(toX)}V${coord(y2 - 5)}"/>`,
        `<path class="arrowhead" d="M${coord(toX)} ${coord(y2)}l-4 -7h8z"/>`,
      );
    }
    y += rowHeight + (next ? ROW_GAP : 0);
  }
  return svgDocument({
    kind: 'attack-path',
    title,
    width: SVG_WIDTH,
    height: y + SVG_MARGIN,
    style: STYLE,
    body,
  });
}
