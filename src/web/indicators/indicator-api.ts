/**
 * The indicator routes the "Indicators" section uses (docs/api.md): their answers' types, taken from the API
 * contract, and the addresses of the export downloads and of the working timeline filtered on an indicator.
 */
import type { z } from 'zod';
import type { indicatorListResponseSchema } from '../../contract/api.js';
import type { knownBadResponseSchema, scanResponseSchema } from '../../contract/follow-through-api.js';
import type { KnownBadFormat } from '../../core/indicator-reading.js';
import type { IndicatorExportFormat } from '../../core/indicator-sharing.js';
import { apiUrl } from '../api.js';

/** `GET /api/post-mortems/:id/indicators`. */
export type IndicatorList = z.output<typeof indicatorListResponseSchema>;
/** One indicator of the list. */
export type IndicatorRow = IndicatorList['indicators'][number];
/** `POST /api/post-mortems/:id/indicators/scan`. */
export type ScanSummary = z.output<typeof scanResponseSchema>;
/** `POST /api/post-mortems/:id/indicators/known-bad`. */
export type KnownBadSummary = z.output<typeof knownBadResponseSchema>;

/** The export downloads, with their link text. */
export const EXPORT_FORMATS: readonly (readonly [IndicatorExportFormat, string])[] = [
  ['stix', 'STIX 2.1 bundle'],
  ['misp', 'MISP event'],
  ['csv', 'CSV'],
  ['iris', 'DFIR-IRIS IOC CSV'],
];

/** The formats of a known-bad list, with their names (auto: told apart by the name and the content). */
export const KNOWN_BAD_FORMAT_NAMES: readonly (readonly [KnownBadFormat, string])[] = [
  ['auto', 'Detect automatically'],
  ['text', 'Text, one or more indicators a line'],
  ['csv', 'CSV with a value column'],
  ['stix', 'STIX 2.1 bundle'],
  ['misp', 'MISP event (JSON)'],
  ['iris-csv', 'DFIR-IRIS IOC CSV'],
  ['iris-json', 'DFIR-IRIS IOC JSON'],
  ['thehive-json', 'TheHive observables (JSON)'],
];

/** The API path of a post-mortem's indicator route (`''` → the list). */
export function indicatorsPath(postMortemId: string, sub = ''): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/indicators${sub === '' ? '' : `/${sub}`}`;
}

/** The download address of the indicators in a format. */
export function indicatorExportUrl(postMortemId: string, format: IndicatorExportFormat): string {
  return apiUrl(indicatorsPath(postMortemId, 'export'), { format });
}

/** The in-app route of the working timeline filtered on one indicator (the explorer reads `ioc` from the URL). */
export function indicatorPivotPath(postMortemId: string, value: string): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/timeline?${new URLSearchParams({ ioc: value })}`;
}

/** Where an indicator comes from: events, a known-bad list, the post-mortem's own text. */
export function sourcesOf(row: IndicatorRow): string {
  const sources: string[] = [];
  if (row.events > 0) sources.push('events');
  if (row.knownBad !== null) sources.push('known-bad list');
  if (row.inDocument.length > 0) sources.push(`text (${row.inDocument.join(', ')})`);
  if (row.allowedBy !== null) sources.push(`allow-listed by ${row.allowedBy}`);
  return sources.join('; ') || '—';
}
