/**
 * Checks on the root cause analysis that make its thinking reviewable (issue: analysis tools):
 * - 5 Whys: a chain from the problem to a root cause shorter than three whys is shallow; a root cause that blames a
 *   person ("human error", a name from the people list) stops where the question should start: what made the error
 *   possible? (The words are the blame rules of the language review, blameless.ts.)
 * - FMEA: a re-scored row whose risk did not go down, and a verified recommendation whose FMEA rows were not
 *   re-scored.
 * Pure functions over the model; `checkPostMortem` reports their findings as warnings.
 */
import { blameRules, lintText, personRule } from './blameless.js';
import type { Finding, Path } from './check.js';
import { rpn } from './fmea.js';
import type { PostMortem } from './model.js';
import type { FiveWhys, Why } from './model-analysis.js';

/** Fewer whys than this from the problem to a root cause is a shallow chain. */
export const MIN_WHY_DEPTH = 3;

/** A path from the problem of a 5 Whys analysis to one root cause (a leaf), with the document path of the leaf. */
export interface WhyChain {
  readonly analysis: string;
  /** The whys from the first answer down to the root cause. */
  readonly whys: readonly Why[];
  readonly path: Path;
}

/** Every chain of every 5 Whys analysis, depth-first in document order. */
export function whyChains(analyses: readonly FiveWhys[]): WhyChain[] {
  const chains: WhyChain[] = [];
  const walk = (analysis: string, whys: readonly Why[], above: readonly Why[], base: Path): void => {
    whys.forEach((why, i) => {
      const path = [...base, i];
      const chain = [...above, why];
      if (why.whys.length === 0) chains.push({ analysis, whys: chain, path });
      else walk(analysis, why.whys, chain, [...path, 'whys']);
    });
  };
  analyses.forEach((a, i) => {
    walk(a.id, a.whys, [], ['analysis', 'fiveWhys', i, 'whys']);
  });
  return chains;
}

/** Warnings on the 5 Whys analyses of a post-mortem: shallow chains and root causes that blame a person. */
export function checkFiveWhys(doc: PostMortem): Finding[] {
  const findings: Finding[] = [];
  // The blame rules of the language review, and the people of the post-mortem by name.
  const person = personRule(doc.people);
  const rules = person ? [...blameRules(), person] : blameRules();
  for (const chain of whyChains(doc.analysis.fiveWhys)) {
    const leaf = chain.whys.at(-1);
    if (!leaf) continue;
    if (chain.whys.length < MIN_WHY_DEPTH) {
      findings.push({
        level: 'warning',
        code: 'shallow_whys',
        path: chain.path,
        message: `${chain.analysis}: the chain to root cause ${leaf.id} has ${chain.whys.length} why${chain.whys.length === 1 ? '' : 's'}; ask why at least ${MIN_WHY_DEPTH} times before settling on a root cause`,
      });
    }
    const blame = lintText(leaf.answer, [], rules)[0]?.text;
    if (blame !== undefined) {
      findings.push({
        level: 'warning',
        code: 'blaming_root_cause',
        path: [...chain.path, 'answer'],
        message: `${chain.analysis}: root cause ${leaf.id} rests on "${blame}"; ask what made the error possible (tools, process, workload, training) and go one why further`,
      });
    }
  }
  return findings;
}

/** The RPN of an FMEA row before and after its recommendation, and the reduction, when it was re-scored. */
export interface RpnReduction {
  readonly row: string;
  readonly before: number;
  readonly after: number;
  /** before − after; negative when the risk went up. */
  readonly reduction: number;
  /** The reduction as a share of `before`, 0 to 1 (negative when the risk went up). */
  readonly share: number;
}

/** The RPN reduction of every re-scored FMEA row, in document order. */
export function rpnReductions(doc: PostMortem): RpnReduction[] {
  return doc.analysis.fmea.flatMap((row) => {
    if (!row.rescored) return [];
    const before = rpn(row);
    const after = rpn(row.rescored);
    return [{ row: row.id, before, after, reduction: before - after, share: (before - after) / before }];
  });
}

/** The total RPN reduction each recommendation brings through the FMEA rows it addresses, by recommendation id. */
export function rpnReductionByRecommendation(doc: PostMortem): Map<string, number> {
  const byRow = new Map(rpnReductions(doc).map((r) => [r.row, r.reduction]));
  const out = new Map<string, number>();
  for (const rec of doc.recommendations) {
    const rows = rec.addresses.filter((id) => byRow.has(id));
    if (rows.length > 0)
      out.set(
        rec.id,
        rows.reduce((sum, id) => sum + (byRow.get(id) ?? 0), 0),
      );
  }
  return out;
}

/** Warnings on the FMEA: re-scores that do not lower the risk, verified recommendations whose rows were not re-scored. */
export function checkFmeaRescoring(doc: PostMortem): Finding[] {
  const findings: Finding[] = [];
  doc.analysis.fmea.forEach((row, i) => {
    if (row.rescored && rpn(row.rescored) >= rpn(row)) {
      findings.push({
        level: 'warning',
        code: 'rpn_not_reduced',
        path: ['analysis', 'fmea', i, 'rescored'],
        message: `${row.id}: the re-scored RPN ${rpn(row.rescored)} is not lower than ${rpn(row)}; the recommendation did not reduce this risk`,
      });
    }
  });
  const rows = new Map(doc.analysis.fmea.map((row, i) => [row.id, { row, i }]));
  doc.recommendations.forEach((rec, i) => {
    if (rec.status !== 'verified') return;
    for (const id of rec.addresses) {
      const found = rows.get(id);
      if (found && !found.row.rescored) {
        findings.push({
          level: 'warning',
          code: 'fmea_not_rescored',
          path: ['recommendations', i, 'addresses'],
          message: `${rec.id} is verified but FMEA row ${id} it addresses has no re-scored ratings; re-score it to show the risk it removed`,
        });
      }
    }
  });
  return findings;
}
