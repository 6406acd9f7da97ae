/** Exports a post-mortem's indicators in a sharing format, with stable ids. */
import { IRIS_TLPS, type IrisTlp, irisIocCsv } from '../core/curated-exports.js';
import { DomainError } from '../core/errors.js';
import {
  INDICATOR_EXPORT_FORMATS,
  type IndicatorExportFormat,
  toIndicatorCsv,
  toMispEvent,
  toStixBundle,
} from '../core/indicator-sharing.js';
import type { PostMortem } from '../core/model.js';
import { uuidV5 } from './stable-uuid.js';

/** An export: its text, media type, how many indicators it holds, and those it could not carry. */
export interface IndicatorExport {
  readonly text: string;
  readonly mediaType: string;
  readonly extension: string;
  readonly count: number;
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** Checks a format name from a user and narrows it. */
function parseIndicatorExportFormat(value: string): IndicatorExportFormat {
  if ((INDICATOR_EXPORT_FORMATS as readonly string[]).includes(value)) return value as IndicatorExportFormat;
  throw new DomainError('invalid_input', `--format must be one of ${INDICATOR_EXPORT_FORMATS.join(', ')}`);
}

/** Checks a TLP name for IRIS. */
function parseIrisTlp(value: string): IrisTlp {
  if ((IRIS_TLPS as readonly string[]).includes(value)) return value as IrisTlp;
  throw new DomainError('invalid_input', `--tlp must be one of ${IRIS_TLPS.join(', ')}`);
}

/** The indicators of `doc` in `format`. */
export function exportIndicators(
  doc: PostMortem,
  options: {
    readonly format: string;
    readonly producer: string;
    readonly now: string;
    /** The TLP of every indicator in an IRIS export (default `amber`). */
    readonly tlp?: string;
  },
): IndicatorExport {
  const format = parseIndicatorExportFormat(options.format);
  const sharing = { producer: options.producer, now: options.now, idFor: (seed: string) => uuidV5(seed) };
  switch (format) {
    case 'stix': {
      const { bundle, skipped } = toStixBundle(doc, sharing);
      return {
        text: `${JSON.stringify(bundle, null, 2)}\n`,
        mediaType: 'application/stix+json;version=2.1',
        extension: 'json',
        count: doc.indicators.length - skipped.length,
        skipped,
      };
    }
    case 'misp':
      return {
        text: `${JSON.stringify(toMispEvent(doc, sharing), null, 2)}\n`,
        mediaType: 'application/json; charset=utf-8',
        extension: 'json',
        count: doc.indicators.length,
        skipped: [],
      };
    case 'csv':
      return {
        text: toIndicatorCsv(doc),
        mediaType: 'text/csv; charset=utf-8',
        extension: 'csv',
        count: doc.indicators.length,
        skipped: [],
      };
    case 'iris':
      return {
        text: irisIocCsv(doc, parseIrisTlp(options.tlp ?? 'amber')),
        mediaType: 'text/csv; charset=utf-8',
        extension: 'csv',
        count: doc.indicators.length,
        skipped: [],
      };
    default:
      return format satisfies never;
  }
}
