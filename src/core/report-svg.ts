/**
 * Draws a report diagram as a standalone SVG, whatever its kind: the one entry point of the HTML and PDF
 * renderers (and of any other renderer that embeds pictures). Every drawing is a pure function of the diagram:
 * the same diagram gives the same bytes, and all user text is XML-escaped.
 */
import { fishboneSvg } from './fishbone-svg.js';
import type { ReportDiagram } from './report-model.js';
import { attackPathSvg } from './report-svg-attack-path.js';
import { clocksSvg } from './report-svg-clocks.js';
import { emptySvg, scopeCss } from './report-svg-common.js';
import { timelineSvg } from './report-svg-timeline.js';
import { fiveWhysSvg } from './report-svg-tree.js';

/** The diagram as an SVG document (`<svg role="img">` with a `<title>`), about 700 px wide. */
export function diagramSvg(diagram: ReportDiagram): string {
  switch (diagram.kind) {
    case 'timeline':
      return timelineSvg(diagram.title, diagram.sections);
    case 'fishbone':
      return diagram.tree.children.length === 0
        ? emptySvg('fishbone', diagram.title, 'No fishbone categories or causes to show.')
        : scopedFishbone(fishboneSvg(diagram.tree, diagram.title));
    case 'five-whys':
      return fiveWhysSvg(diagram.title, diagram.tree);
    case 'attack-path':
      return attackPathSvg(diagram.title, diagram.steps);
    case 'clocks':
      return clocksSvg(diagram.title, diagram.clocks);
    default:
      return diagram satisfies never;
  }
}

/**
 * The fishbone's SVG with its class and its stylesheet scoped to itself, like the other diagrams: its rules
 * (`text{…}`, `rect{…}`) would otherwise restyle every diagram and element of an HTML page it is inlined in.
 */
function scopedFishbone(svg: string): string {
  const scope = 'svg.debrief-fishbone';
  return svg
    .replace(
      '<svg xmlns="http://www.w3.org/2000/svg" ',
      '<svg xmlns="http://www.w3.org/2000/svg" class="debrief-diagram debrief-fishbone" ',
    )
    .replace(/<style>([^<]*)<\/style>/, (_, css: string) => `<style>${scopeCss(css, scope)}</style>`);
}
