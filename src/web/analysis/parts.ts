/**
 * The parts of the document the analysis and evaluation editors save, each on its own so that two people editing
 * different parts (one the FMEA, the other the 5 Whys) never conflict (see `save-part.ts`).
 */
import type { Evaluation, Lesson, PostMortem } from '../../core/model.js';
import type { Fishbone, FiveWhys, FmeaRow } from '../../core/model-analysis.js';
import type { DocumentPart } from '../workspace/save-part.js';

/** `analysis.fiveWhys`. */
export const FIVE_WHYS_PART: DocumentPart<readonly FiveWhys[]> = {
  get: (doc) => doc.analysis.fiveWhys,
  set: (doc, fiveWhys) => ({ ...doc, analysis: { ...doc.analysis, fiveWhys } }),
};

/** `analysis.fishbone`. */
export const FISHBONE_PART: DocumentPart<Fishbone> = {
  get: (doc) => doc.analysis.fishbone,
  set: (doc, fishbone) => ({ ...doc, analysis: { ...doc.analysis, fishbone } }),
};

/** `analysis.fmea`. */
export const FMEA_PART: DocumentPart<readonly FmeaRow[]> = {
  get: (doc) => doc.analysis.fmea,
  set: (doc, fmea) => ({ ...doc, analysis: { ...doc.analysis, fmea } }),
};

/** What went well, poorly, and the lucky breaks (`evaluation.wentWell`, `wentPoorly`, `luckyBreaks`). */
export type ResponseNotes = Pick<Evaluation, 'wentWell' | 'wentPoorly' | 'luckyBreaks'>;

/** The team's notes on the response; the targets, cadence and scope of `evaluation` are kept as they are. */
export const RESPONSE_NOTES_PART: DocumentPart<ResponseNotes> = {
  get: (doc) => ({
    wentWell: doc.evaluation.wentWell,
    wentPoorly: doc.evaluation.wentPoorly,
    luckyBreaks: doc.evaluation.luckyBreaks,
  }),
  set: (doc, notes) => ({ ...doc, evaluation: { ...doc.evaluation, ...notes } }),
};

/** `lessons`. */
export const LESSONS_PART: DocumentPart<readonly Lesson[]> = {
  get: (doc: PostMortem) => doc.lessons,
  set: (doc, lessons) => ({ ...doc, lessons }),
};
