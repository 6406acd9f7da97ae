/**
 * The format parsers, most specific first, and format detection. Detection reads the first 64 KiB of the
 * content and asks every parser for a score; the highest wins, ties go to the parser listed first.
 */
import type { FormatName, FormatParser, Sample } from './types.js';

/** Every parser, most specific first (a CloudTrail file is also JSON; CEF inside syslog is also syslog). */
export const PARSERS: readonly FormatParser[] = [];

/** The parser for a format name. */
export function parserFor(
  name: FormatName,
  parsers: readonly FormatParser[] = PARSERS,
): FormatParser | undefined {
  return parsers.find((p) => p.name === name);
}

export interface Detection {
  readonly parser: FormatParser;
  readonly score: number;
}

/** The best-scoring parser for a sample, or undefined when no parser recognizes it. */
export function detectFormat(
  sample: Sample,
  parsers: readonly FormatParser[] = PARSERS,
): Detection | undefined {
  let best: Detection | undefined;
  for (const parser of parsers) {
    const score = parser.detect(sample);
    if (score > 0 && (best === undefined || score > best.score)) best = { parser, score };
  }
  return best;
}
