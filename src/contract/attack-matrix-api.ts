/**
 * The answer of `GET /api/post-mortems/{id}/attack/matrix`: the ATT&CK techniques a post-mortem saw, placed on the
 * matrix (the catalogue's tactics in kill-chain order, each technique under every tactic it belongs to), with how
 * often and since when each was seen. The web workspace draws its "ATT&CK" section from it.
 */
import { z } from 'zod';
import { readonlyArray } from './schema-primitives.js';

/** The techniques seen, on the ATT&CK matrix. */
export const attackMatrixResponseSchema = z
  .object({
    tactics: readonlyArray(
      z.object({
        id: z.string().meta({ description: 'TA0001' }),
        name: z.string(),
        shortname: z.string().meta({ description: 'The kill-chain phase name, e.g. initial-access.' }),
      }),
    ).meta({ description: "The catalogue's tactics in matrix order; empty when no catalogue is loaded." }),
    techniques: readonlyArray(
      z.object({
        technique: z.string(),
        name: z.string().optional(),
        tactics: readonlyArray(z.string()).meta({
          description:
            'Tactic short names (a sub-technique without any takes its parent’s); empty without a catalogue.',
        }),
        entries: readonlyArray(z.string()).meta({ description: 'Curated timeline entries naming it.' }),
        sigmaMatches: z.number().int(),
        toolDetections: z.number().int(),
        count: z
          .number()
          .int()
          .meta({ description: 'Timeline entries, Sigma matches and tool detections together.' }),
        firstSeen: z.string().nullable(),
      }),
    ).meta({ description: 'In order of first sighting (those without a time last).' }),
    catalog: z.object({ version: z.string(), credit: z.string() }).nullable(),
  })
  .meta({ id: 'AttackMatrix' });
