/**
 * The checks of a draft before and while it is edited, computed in the browser with the same pure functions the
 * server runs: the file schema (`postMortemSchema`: empty texts, ratings out of 1–10, bad ids) blocks a save with
 * the reason, and the semantic checks (`checkPostMortem`: shallow 5 Whys chains, blaming root causes, dangling
 * links, duplicate ids, fishbone categories) are shown as they would be after saving (`GET …/checks`).
 */
import { postMortemSchema } from '../../contract/post-mortem.schema.js';
import { checkPostMortem, type Finding, formatPath } from '../../core/check.js';
import type { PostMortem } from '../../core/model.js';

/** A check finding with its path as text (`analysis.fiveWhys[0].whys[1]`), as `GET …/checks` answers it. */
export interface DraftFinding {
  readonly level: Finding['level'];
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** Is `path` the place `prefix` or inside it? */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * The semantic check findings of `doc` under `prefix` (`analysis.fiveWhys`); language findings are left out (the
 * language review shows them under the texts, `LintFindings`).
 */
export function checksUnder(doc: PostMortem, prefix: string): DraftFinding[] {
  return checkPostMortem(doc)
    .filter((f) => f.code !== 'blameless_language')
    .map((f) => ({ level: f.level, code: f.code, path: formatPath(f.path), message: f.message }))
    .filter((f) => isUnder(f.path, prefix));
}

/** What the file schema refuses in `doc` under `prefix`, one line each (`analysis.fmea[0].severity: ratings…`). */
export function schemaProblems(doc: PostMortem, prefix: string): string[] {
  const parsed = postMortemSchema.safeParse(doc);
  if (parsed.success) return [];
  return parsed.error.issues
    .map((issue) => ({ path: formatPath(issue.path as (string | number)[]), message: issue.message }))
    .filter((p) => isUnder(p.path, prefix))
    .map((p) => `${p.path}: ${p.message}`);
}
