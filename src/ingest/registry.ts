/**
 * The format parsers, most specific first, and format detection. Detection reads the first 64 KiB of the
 * content and asks every parser for a score; the highest wins, ties go to the parser listed first.
 */
import { auditdParser } from './formats/auditd.js';
import { cefParser } from './formats/cef.js';
import { chainsawParser } from './formats/chainsaw.js';
import { cloudTrailParser } from './formats/cloudtrail.js';
import { csvParser, tsvParser } from './formats/csv.js';
import { ecsJsonParser } from './formats/ecs-json.js';
import { entraParser } from './formats/entra.js';
import { evtxParser } from './formats/evtx.js';
import { hayabusaCsvParser, hayabusaJsonParser } from './formats/hayabusa.js';
import { irisCaseParser } from './formats/iris-case.js';
import { irisTimelineParser } from './formats/iris-timeline.js';
import { jsonParser } from './formats/json.js';
import { leefParser } from './formats/leef.js';
import { oktaParser } from './formats/okta.js';
import { plasoCsvParser, plasoJsonParser, plasoL2tCsvParser } from './formats/plaso.js';
import { syslogParser } from './formats/syslog.js';
import { theHiveParser } from './formats/thehive.js';
import { timesketchCsvParser, timesketchJsonlParser } from './formats/timesketch.js';
import { velociraptorParser } from './formats/velociraptor.js';
import { webAccessParser } from './formats/web-access.js';
import { windowsJsonParser } from './formats/windows-json.js';
import { windowsXmlParser } from './formats/windows-xml.js';
import { zeekJsonParser } from './formats/zeek-json.js';
import { zeekTsvParser } from './formats/zeek-tsv.js';
import type { FormatName, FormatParser, Sample } from './types.js';

/** Every parser, most specific first (a CloudTrail file is also JSON; CEF inside syslog is also syslog). */
export const PARSERS: readonly FormatParser[] = [
  evtxParser,
  cloudTrailParser,
  oktaParser,
  entraParser,
  hayabusaJsonParser,
  chainsawParser,
  plasoJsonParser,
  timesketchJsonlParser,
  theHiveParser,
  irisCaseParser,
  velociraptorParser,
  zeekJsonParser,
  windowsJsonParser,
  windowsXmlParser,
  ecsJsonParser,
  jsonParser,
  hayabusaCsvParser,
  plasoL2tCsvParser,
  plasoCsvParser,
  timesketchCsvParser,
  cefParser,
  leefParser,
  zeekTsvParser,
  auditdParser,
  webAccessParser,
  syslogParser,
  irisTimelineParser,
  csvParser,
  tsvParser,
];

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
