/**
 * FMEA arithmetic: the risk priority number and the ranking of rows by it. Ratings are 1 to 10 (the schema
 * enforces the range), so an RPN runs from 1 to 1,000.
 */
import type { FmeaRow, FmeaScores } from './model-analysis.js';

/** Risk priority number: severity × occurrence × detection. */
export function rpn(scores: FmeaScores): number {
  return scores.severity * scores.occurrence * scores.detection;
}

/** FMEA rows sorted by RPN, highest first; rows with the same RPN keep document order. */
export function sortFmea(rows: readonly FmeaRow[]): FmeaRow[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => rpn(b.row) - rpn(a.row) || a.index - b.index)
    .map(({ row }) => row);
}
