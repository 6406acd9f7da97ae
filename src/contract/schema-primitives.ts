/**
 * Building blocks of the post-mortem file schema: text with limits, ids and links, instants, dates, durations.
 * Shared by the document schema and its analysis part.
 */
import { z } from 'zod';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { isCalendarDate, parseDuration, parseInstant } from '../core/time.js';
import { LIMITS } from './limits.js';

/** Pattern of a post-mortem id: letters, digits, `.`, `_`, `-`; safe in URLs and file names. */
export const POST_MORTEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Pattern of the id of anything inside a post-mortem. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;
export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
export const SHA256 = /^[0-9a-f]{64}$/;

/** A list in an API answer (the services hand out readonly arrays). */
export const readonlyArray = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const text = (max: number = LIMITS.textLength) =>
  z.string().trim().min(1, 'must not be empty').max(max);
export const shortText = () => text(LIMITS.shortTextLength);
export const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIMITS.listItems).default([]);

/**
 * A post-mortem id. The brand is a type only: at run time this is a pattern check, so the schema also works for
 * serializing responses (a zod transform could not be encoded back).
 */
export const postMortemIdSchema = z
  .string()
  .max(LIMITS.idLength)
  .regex(POST_MORTEM_ID_PATTERN, 'use letters, digits, ".", "_" and "-" (e.g. INC-2026-014)')
  .meta({ description: 'Human-readable post-mortem id, e.g. INC-2026-014.' }) as unknown as z.ZodType<
  PostMortemId,
  string
>;

/** Checks a post-mortem id given as an argument; throws `invalid_input` saying what is wrong. */
export function parsePostMortemId(value: string): PostMortemId {
  const result = postMortemIdSchema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError(
    'invalid_input',
    `"${value}" is not a valid post-mortem id: ${result.error.issues[0]?.message ?? 'invalid'}`,
  );
}

export const itemId = z
  .string()
  .max(LIMITS.idLength)
  .regex(ITEM_ID_PATTERN, 'use letters, digits, ".", "_", ":" and "-" (e.g. T12, RC-1)')
  .meta({ description: 'Id unique within the whole document.' });

/** A list of links to other items of the document, by id. */
export const links = (description: string) => list(itemId).meta({ description });

export const instantSchema = z
  .string()
  .superRefine((value, ctx) => {
    const parsed = parseInstant(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  })
  .meta({
    description:
      'ISO 8601 date (2026-03-14, precision: date) or date-time with offset (2026-03-14T09:12:05+01:00); ' +
      'the precision follows from what is written (minute, second, millisecond).',
  });

export const dateSchema = z
  .string()
  .refine(isCalendarDate, 'expected a calendar date YYYY-MM-DD')
  .meta({ description: 'Calendar date YYYY-MM-DD.' });

export const durationSchema = z
  .string()
  .superRefine((value, ctx) => {
    const parsed = parseDuration(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  })
  .meta({ description: 'ISO 8601 duration in weeks, days, hours, minutes, seconds: PT4H, P2D, P1DT12H.' });

export const attackId = z
  .string()
  .regex(ATTACK_ID, 'expected a MITRE ATT&CK technique id such as T1566 or T1566.002');
export const tag = z.string().trim().min(1).max(LIMITS.tagLength);

/** Links to evidence and to curated timeline entries, which most analysis items carry. */
export const evidenceAndTimeline = {
  evidence: links('Evidence ids.'),
  timeline: links('Timeline entry ids.'),
};
