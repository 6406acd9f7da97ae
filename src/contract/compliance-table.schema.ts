/**
 * Schemas of the compliance data: the regime table (`src/core/compliance/regimes.json`, or a team's own with
 * `debrief compliance --regimes FILE`) and the holiday calendars. The shipped files are checked against them by
 * tests; a team's file is checked when it is read, every problem named with its path.
 */
import { z } from 'zod';
import type { RegimeTable } from '../core/compliance.js';
import type { HolidayCalendar } from '../core/compliance-periods.js';
import { COMPLIANCE_REGIMES, MILESTONE_KINDS, RISK_LEVELS } from '../core/vocabulary.js';

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const source = z.strictObject({ url: z.url(), read: z.boolean(), note: z.string().optional() });

const period = z
  .strictObject({
    amount: z.number().int().positive(),
    unit: z.enum(['hours', 'days', 'business-days', 'months']),
    calendar: z.string().optional(),
    after: z.literal('end-of-year').optional(),
  })
  .refine((p) => (p.unit === 'business-days') === (p.calendar !== undefined), {
    message: 'a calendar is required for business days, and only for them',
  });

const trigger = z.union([
  z.strictObject({ milestones: z.array(z.enum(MILESTONE_KINDS)).min(1) }),
  z.strictObject({ submitted: z.string().min(1), use: z.enum(['first', 'latest']) }),
]);

const obligation = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'use lowercase letters, digits, "." and "-"'),
  aliases: z.array(z.string().min(1)).optional(),
  title: z.string().min(1),
  provision: z.string().min(1),
  recipient: z.string().min(1),
  when: z
    .strictObject({
      personalData: z.boolean().optional(),
      riskLevel: z.array(z.enum(RISK_LEVELS)).min(1).optional(),
      significant: z.boolean().optional(),
      major: z.boolean().optional(),
      material: z.boolean().optional(),
      ransomPaid: z.boolean().optional(),
      peopleAffected: z
        .strictObject({ atLeast: z.number().int().optional(), below: z.number().int().optional() })
        .optional(),
      peopleAffectedInOneJurisdiction: z.strictObject({ atLeast: z.number().int() }).optional(),
      entityFlag: z.string().optional(),
      notEntityFlag: z.string().optional(),
    })
    .optional(),
  clocks: z.array(z.strictObject({ from: trigger, within: period.optional() })).min(1),
  uncertain: z.boolean().optional(),
  notes: z.array(z.string()).optional(),
});

const regime = z
  .strictObject({
    regime: z.enum(COMPLIANCE_REGIMES),
    name: z.string().min(1),
    status: z.enum(['in-force', 'proposed']),
    effectiveFrom: dateText.optional(),
    uncertain: z.boolean().optional(),
    notes: z.array(z.string()).optional(),
    sources: z.array(source).min(1, 'name at least one source'),
    obligations: z.array(obligation).min(1),
  })
  .superRefine((r, ctx) => {
    const ids = new Set<string>();
    r.obligations.forEach((o, i) => {
      for (const name of [o.id, ...(o.aliases ?? [])]) {
        if (ids.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['obligations', i, 'id'],
            message: `"${name}" is used twice`,
          });
        ids.add(name);
      }
    });
    r.obligations.forEach((o, i) => {
      o.clocks.forEach((c, j) => {
        if (
          'submitted' in c.from &&
          !r.obligations.some((other) => other.id === (c.from as { submitted: string }).submitted)
        )
          ctx.addIssue({
            code: 'custom',
            path: ['obligations', i, 'clocks', j, 'from', 'submitted'],
            message: `no obligation "${c.from.submitted}" in ${r.regime}`,
          });
      });
    });
  });

/** The regime table. */
export const regimeTableSchema = z.object({
  $comment: z.string().optional(),
  version: z.string().min(1),
  reviewed: dateText,
  regimes: z.array(regime).min(1),
}) satisfies z.ZodType<RegimeTable, unknown>;

/** A holiday calendar. */
export const holidayCalendarSchema = z.object({
  $comment: z.string().optional(),
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  reviewed: dateText,
  covers: z.strictObject({ from: dateText, to: dateText }),
  weekend: z.array(z.number().int().min(0).max(6)),
  sources: z.array(source).min(1),
  days: z.array(
    z.strictObject({
      date: dateText,
      name: z.string().min(1),
      uncertain: z.boolean().optional(),
      note: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<HolidayCalendar, unknown>;
