/**
 * What the create page sends: a minimal valid post-mortem document (the file format's schema fills every
 * section with its defaults) with starting prompts chosen by type, and the next free `INC-YYYY-NNN` id.
 */
import type { PostMortemInput } from '../../contract/post-mortem.schema.js';
import { postMortemSchema } from '../../contract/post-mortem.schema.js';
import type { PostMortemType, Severity } from '../../core/vocabulary.js';

/** What the form asks for. */
export interface NewPostMortem {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly types: readonly PostMortemType[];
}

/** What each type of review asks the team to write first (the template per type). */
const PROMPTS: Readonly<Record<PostMortemType, string>> = {
  technical:
    'Technical: which systems, accounts and data were involved, and how the attacker got in and moved.',
  process:
    'Process: which procedures, playbooks and hand-offs were used, and where they helped or got in the way.',
  organizational:
    'Organizational: which teams, roles and decisions shaped the response, and how people were informed.',
};

/** The next `INC-YYYY-NNN` after the highest one of `year` among `ids` (NNN has at least 3 digits). */
export function suggestNextId(ids: readonly string[], year: number): string {
  const pattern = new RegExp(`^INC-${year}-(\\d+)$`);
  let highest = 0;
  for (const id of ids) {
    const match = pattern.exec(id);
    if (match?.[1] !== undefined) highest = Math.max(highest, Number.parseInt(match[1], 10));
  }
  return `INC-${year}-${String(highest + 1).padStart(3, '0')}`;
}

/**
 * The document to POST: identity, a summary prompt per type and the fishbone's usual categories; everything
 * else is the schema's defaults. Throws the schema's error when the input is not valid (the form shows it).
 */
export function buildNewPostMortem(input: NewPostMortem): PostMortemInput {
  const document: PostMortemInput = {
    apiVersion: 'debrief/v1',
    kind: 'PostMortem',
    id: input.id,
    title: input.title,
    status: 'draft',
    severity: input.severity,
    types: [...input.types],
    restricted: false,
    summary: {
      whatHappened: [
        'TODO: what happened, in a few sentences a security lead understands.',
        ...input.types.map((type) => PROMPTS[type]),
      ].join('\n\n'),
    },
    analysis: { fishbone: { categories: ['people', 'process', 'technology', 'environment'], causes: [] } },
  };
  postMortemSchema.parse(document);
  return document;
}

/** The problems the schema finds in the form's input, one line each (empty when it is valid). */
export function problemsOf(input: NewPostMortem): string[] {
  try {
    buildNewPostMortem(input);
    return [];
  } catch (error) {
    const issues = (error as { issues?: readonly { path: readonly PropertyKey[]; message: string }[] })
      .issues;
    if (issues === undefined) return [String(error)];
    return issues.map((issue) => `${issue.path.map(String).join('.') || 'document'}: ${issue.message}`);
  }
}
