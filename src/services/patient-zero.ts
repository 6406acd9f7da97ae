/**
 * Patient zero and the lateral-movement graph of a post-mortem, from its stored events; and recording the analyst's
 * choice (the suggestion confirmed, or overridden with a reason) in the post-mortem.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PatientZero } from '../core/model-analysis.js';
import {
  type Candidate,
  COMPROMISE_TAGS,
  type LateralGraph,
  LateralGraphBuilder,
  type PatientZeroSuggestion,
  suggestPatientZero,
} from '../core/patient-zero.js';
import { parseInstant, toUtcIso } from '../core/time.js';
import type { Database } from '../db/database.js';
import {
  knownBadSightings,
  lateralCandidates,
  sigmaDetections,
  taggedEvents,
} from '../db/lead.repository.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { readPostMortem } from './read-post-mortem.js';

/** The lateral-movement graph of a post-mortem's events. */
export async function lateralGraph(db: Kysely<Database>, id: PostMortemId): Promise<LateralGraph> {
  await readPostMortem(db, id);
  const builder = new LateralGraphBuilder();
  for await (const page of lateralCandidates(db, id)) builder.add(page);
  return builder.result();
}

/** The suggestion, from the known-bad sightings and the tagged events, checked against the graph. */
export async function suggestFromEvidence(
  db: Kysely<Database>,
  id: PostMortemId,
): Promise<{ suggestion: PatientZeroSuggestion; graph: LateralGraph; recorded?: PatientZero }> {
  const { document } = await readPostMortem(db, id);
  const candidates: Candidate[] = [
    ...(await knownBadSightings(db, id)).map((s) => ({
      event: s.event,
      reason: `known-bad ${s.type} ${s.value} (${s.list})`,
    })),
    ...(await sigmaDetections(db, id, ['high', 'critical'])).map((d) => ({
      event: d.event,
      reason: `Sigma rule "${d.title}" (${d.level}, ${d.rule}) matched`,
    })),
    ...(await taggedEvents(db, id, COMPROMISE_TAGS)).map((t) => ({
      event: t.event,
      reason: `tagged ${t.tags.filter((x) => (COMPROMISE_TAGS as readonly string[]).includes(x)).join(', ')} by an analyst`,
    })),
  ];
  const graph = await lateralGraph(db, id);
  const recorded = document.analysis.patientZero;
  return { suggestion: suggestPatientZero(candidates, graph), graph, ...(recorded ? { recorded } : {}) };
}

/** What the analyst decides: the suggestion as it is, or other values with the reason. */
export interface PatientZeroChoice {
  readonly host?: string;
  readonly user?: string;
  readonly at?: string;
  /** Required when overriding the suggestion. */
  readonly why?: string;
  /** A person id of the post-mortem. */
  readonly confirmedBy?: string;
}

/** Records patient zero in the post-mortem (a new version). */
export async function recordPatientZero(
  db: Kysely<Database>,
  id: PostMortemId,
  choice: PatientZeroChoice,
  context: { readonly now: string },
): Promise<{ patientZero: PatientZero; version: number }> {
  const { suggestion } = await suggestFromEvidence(db, id);
  const overriding = choice.host !== undefined || choice.user !== undefined || choice.at !== undefined;
  if (overriding && !choice.why?.trim())
    throw new DomainError(
      'invalid_input',
      'say why with --why when overriding the suggested host, user or time',
    );
  if (!overriding && suggestion.host === undefined && suggestion.at === undefined)
    throw new DomainError(
      'invalid_input',
      `nothing to confirm: ${suggestion.justification} Use --host, --at and --why.`,
    );
  if (choice.at !== undefined && !parseInstant(choice.at).ok)
    throw new DomainError(
      'invalid_input',
      `--at "${choice.at}" is not an instant such as 2026-03-01T10:00:00Z`,
    );
  const host = choice.host ?? suggestion.host;
  const user = choice.user ?? suggestion.user;
  const at = choice.at ?? suggestion.at;
  const justification = overriding
    ? `${choice.why?.trim()} (The analyst overrode the suggestion. ${suggestion.justification})`
    : `${choice.why?.trim() ? `${choice.why.trim()} ` : ''}${suggestion.justification}`;
  let patientZero: PatientZero | undefined;
  const result = await db.transaction().execute((trx) =>
    modifyPostMortem(
      trx,
      id,
      (doc) => {
        if (choice.confirmedBy !== undefined && !doc.people.some((p) => p.id === choice.confirmedBy))
          throw new DomainError(
            'invalid_input',
            `--by ${choice.confirmedBy} is not a person of ${id} (people: ${doc.people.map((p) => p.id).join(', ') || 'none'})`,
          );
        const known = new Set(doc.evidence.map((e) => e.id));
        patientZero = {
          ...(host === undefined ? {} : { host }),
          ...(user === undefined ? {} : { user }),
          ...(at === undefined ? {} : { at }),
          justification: justification.slice(0, 10_000),
          evidence: overriding ? [] : suggestion.evidence.filter((e) => known.has(e)),
          timeline: [],
          ...(choice.confirmedBy === undefined ? {} : { confirmedBy: choice.confirmedBy }),
        };
        return { ...doc, analysis: { ...doc.analysis, patientZero } };
      },
      { now: context.now, origin: 'patient-zero' },
    ),
  );
  if (!patientZero) throw new DomainError('internal', 'patient zero was not recorded');
  return { patientZero, version: result.version };
}

/** The graph with its times as ISO 8601 UTC, as the CLI and the API give it. */
export function presentLateralGraph(graph: LateralGraph) {
  return {
    nodes: graph.nodes.map((n) => ({ ...n, firstSeen: toUtcIso(n.firstSeen) })),
    edges: graph.edges.map((e) => ({ ...e, first: toUtcIso(e.first), last: toUtcIso(e.last) })),
  };
}
