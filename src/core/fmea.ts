/**
 * FMEA arithmetic: the risk priority number, the ranking of rows by it, the action priority, and guidance on what
 * each rating means. Ratings are 1 to 10 (the schema enforces the range), so an RPN runs from 1 to 1,000.
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

/** How urgently an FMEA row calls for action: `high` must be acted on, `medium` acted on or justified. */
export type ActionPriority = 'high' | 'medium' | 'low';

/**
 * Debrief's action priority: severity first, then occurrence, then detection (as the AIAG-VDA handbook argues,
 * RPN alone ranks a rare catastrophe with a frequent nuisance). This rule is our own simplification, not the
 * handbook's table:
 * - high: severity 9–10 unless the cause is very rare (occurrence 1–2) and surely detected (detection 1–4);
 *   severity 7–8 with occurrence 7 or more, or with detection 7 or more and occurrence 4 or more; or severity 4 or
 *   more with an RPN of 200 or more;
 * - medium: any other severity 7 or more; severity 4–6 with occurrence 4 or more or detection 7 or more; severity
 *   2 or more with an RPN of 80 or more;
 * - low: the rest, and always severity 1 (no effect).
 */
export function actionPriority(s: FmeaScores): ActionPriority {
  const { severity: S, occurrence: O, detection: D } = s;
  if (S >= 9 && !(O <= 2 && D <= 4)) return 'high';
  if (S >= 7 && (O >= 7 || (D >= 7 && O >= 4))) return 'high';
  if (S >= 4 && rpn(s) >= 200) return 'high';
  if (S >= 7) return 'medium';
  if (S >= 4 && (O >= 4 || D >= 7)) return 'medium';
  if (S >= 2 && rpn(s) >= 80) return 'medium';
  return 'low';
}

/** What a rating means, as guidance for whoever scores an FMEA row of a security incident (index 0 is rating 1). */
export const RATING_GUIDE: Readonly<Record<keyof FmeaScores, readonly string[]>> = {
  severity: [
    'no noticeable effect',
    'negligible: an internal nuisance, no data or service affected',
    'minor: a degraded internal service, quickly restored',
    'low: a non-critical service degraded for customers, or internal data exposed to staff',
    'moderate: a customer-facing service disrupted for hours, or limited internal data exposed',
    'significant: confidential data of a few people exposed, or a key service down for a day',
    'high: personal data of many people or secrets exposed; notification likely',
    'very high: sensitive personal data or credentials of many exposed; regulators notified',
    'severe: a core business function lost or large-scale exposure of sensitive data',
    'critical: threatens safety, the organization’s survival, or its licence to operate',
  ],
  occurrence: [
    'practically impossible: the cause is removed by design',
    'remote: not seen in the industry for this kind of system',
    'very low: seen elsewhere, never here',
    'low: seen here once in several years',
    'moderate: about once a year',
    'moderately high: a few times a year',
    'high: monthly',
    'very high: weekly',
    'almost certain: daily, or actively exploited in the wild against us',
    'certain: happening continuously; no prevention control exists',
  ],
  detection: [
    'certain: prevented or blocked automatically before any effect',
    'very high: an automated alert fires within minutes and is triaged',
    'high: an automated alert fires within hours',
    'moderately high: detected by routine review within a day',
    'moderate: detected by periodic review within a week',
    'low: detected by chance or during an audit',
    'very low: logs exist but nobody looks at them',
    'remote: only partial logs; detection needs a forensic investigation',
    'very remote: no logs; found only when a third party reports it',
    'none: no control could detect it, or the attacker erases the traces',
  ],
};
