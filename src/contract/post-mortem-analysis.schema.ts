/**
 * The root cause analysis part of the file schema (`analysis`): 5 Whys trees, fishbone, FMEA, contributing
 * factors, root causes, vulnerabilities, failed controls, ATT&CK mapping and patient zero.
 */
import { z } from 'zod';
import { CONTRIBUTING_FACTOR_CATEGORIES, DEFAULT_FISHBONE_CATEGORIES } from '../core/vocabulary.js';
import {
  attackId,
  CVE_ID,
  evidenceAndTimeline,
  instantSchema,
  itemId,
  links,
  list,
  shortText,
  text,
} from './schema-primitives.js';

interface WhyInput {
  id: string;
  answer: string;
  evidence?: string[];
  timeline?: string[];
  whys?: WhyInput[];
  category?: (typeof CONTRIBUTING_FACTOR_CATEGORIES)[number];
}
interface WhyOutput {
  id: string;
  answer: string;
  evidence: string[];
  timeline: string[];
  whys: WhyOutput[];
  category?: (typeof CONTRIBUTING_FACTOR_CATEGORIES)[number] | undefined;
}
const why: z.ZodType<WhyOutput, WhyInput> = z.lazy(() =>
  z.strictObject({
    id: itemId,
    answer: text(),
    ...evidenceAndTimeline,
    whys: list(why),
    category: z.enum(CONTRIBUTING_FACTOR_CATEGORIES).optional(),
  }),
);

interface SubCauseInput {
  id: string;
  text: string;
  evidence?: string[];
  timeline?: string[];
  causes?: SubCauseInput[];
}
interface SubCauseOutput {
  id: string;
  text: string;
  evidence: string[];
  timeline: string[];
  causes: SubCauseOutput[];
}
const subCause: z.ZodType<SubCauseOutput, SubCauseInput> = z.lazy(() =>
  z.strictObject({ id: itemId, text: text(), ...evidenceAndTimeline, causes: list(subCause) }),
);

const rating = z.number().int().min(1, 'ratings run from 1 to 10').max(10, 'ratings run from 1 to 10');

/** Root cause analysis: `analysis` in the file. */
export const analysisSchema = z.strictObject({
  fiveWhys: list(
    z.strictObject({
      id: itemId,
      problem: text(),
      whys: list(why),
    }),
  ),
  fishbone: z
    .strictObject({
      problem: text().optional(),
      categories: z
        .array(shortText())
        .min(1)
        .max(12)
        .default([...DEFAULT_FISHBONE_CATEGORIES])
        .meta({ description: 'The ribs of the fish; people, process, technology, environment by default.' }),
      causes: list(
        z.strictObject({
          id: itemId,
          category: shortText(),
          text: text(),
          ...evidenceAndTimeline,
          causes: list(subCause),
        }),
      ),
    })
    .prefault({}),
  fmea: list(
    z.strictObject({
      id: itemId,
      function: shortText().meta({ description: 'The function or process step that can fail.' }),
      failureMode: text(),
      effect: text(),
      cause: text(),
      controls: text().optional(),
      severity: rating,
      occurrence: rating,
      detection: rating,
      rescored: z.strictObject({ severity: rating, occurrence: rating, detection: rating }).optional(),
    }),
  ),
  contributingFactors: list(
    z.strictObject({
      id: itemId,
      category: z.enum(CONTRIBUTING_FACTOR_CATEGORIES),
      description: text(),
      ...evidenceAndTimeline,
    }),
  ),
  rootCauses: list(
    z.strictObject({
      id: itemId,
      statement: text(),
      category: z.enum(CONTRIBUTING_FACTOR_CATEGORIES),
      factors: links('Contributing factor ids behind this root cause.'),
      ...evidenceAndTimeline,
    }),
  ),
  vulnerabilities: list(
    z.strictObject({
      id: itemId,
      cve: z.string().regex(CVE_ID, 'expected a CVE id such as CVE-2024-3400').optional(),
      title: shortText(),
      component: shortText().optional(),
      cvss: z.number().min(0).max(10).optional(),
      evidence: links('Evidence ids.'),
    }),
  ),
  failedControls: list(
    z.strictObject({
      id: itemId,
      name: shortText(),
      framework: shortText().optional(),
      reference: shortText().optional(),
      description: text().optional(),
      evidence: links('Evidence ids.'),
    }),
  ),
  attack: z
    .strictObject({
      vector: text().optional(),
      initialAccess: attackId.optional(),
      techniques: list(
        z.strictObject({
          id: attackId,
          name: shortText().optional(),
          tactic: shortText().optional(),
          timeline: links('Timeline entry ids where the technique was seen.'),
        }),
      ),
    })
    .prefault({}),
  patientZero: z
    .strictObject({
      host: shortText().optional(),
      user: shortText().optional(),
      at: instantSchema.optional(),
      justification: text(),
      ...evidenceAndTimeline,
      confirmedBy: itemId.optional(),
    })
    .optional(),
});
