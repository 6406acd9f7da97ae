/**
 * The ATT&CK, patient-zero and lateral-movement routes the "ATT&CK" section uses (docs/api.md): their answers'
 * types, taken from the API contract, and their paths.
 */
import type { z } from 'zod';
import type {
  attackPathResponseSchema,
  mitigationDraftsResponseSchema,
  patientZeroResponseSchema,
} from '../../contract/api.js';
import type { attackMatrixResponseSchema } from '../../contract/attack-matrix-api.js';
import type {
  mitigationsAddedResponseSchema,
  patientZeroRecordedResponseSchema,
} from '../../contract/follow-through-api.js';

/** `GET /api/post-mortems/:id/attack/matrix`. */
export type AttackMatrixAnswer = z.output<typeof attackMatrixResponseSchema>;
/** One technique seen, with its tactics. */
export type MatrixTechnique = AttackMatrixAnswer['techniques'][number];
/** `GET /api/post-mortems/:id/attack-path`. */
export type AttackPathAnswer = z.output<typeof attackPathResponseSchema>;
/** `GET /api/post-mortems/:id/attack-mitigations`. */
export type MitigationDrafts = z.output<typeof mitigationDraftsResponseSchema>;
/** `POST /api/post-mortems/:id/attack-mitigations`. */
export type MitigationsAdded = z.output<typeof mitigationsAddedResponseSchema>;
/** `GET /api/post-mortems/:id/patient-zero`. */
export type PatientZeroAnswer = z.output<typeof patientZeroResponseSchema>;
/** The lateral-movement graph (in the patient-zero answer, and `GET …/lateral`). */
export type LateralGraph = PatientZeroAnswer['lateral'];
/** `POST /api/post-mortems/:id/patient-zero`. */
export type PatientZeroRecorded = z.output<typeof patientZeroRecordedResponseSchema>;

/** The API path of one of a post-mortem's routes (`attack/matrix`, `attack-path`, `patient-zero`…). */
export function postMortemPath(postMortemId: string, sub: string): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/${sub}`;
}

/** How to load the ATT&CK catalogue, said wherever its absence shows. */
export const LOAD_CATALOG_HINT =
  'No ATT&CK catalogue is loaded, so techniques are shown without their tactics and names. An administrator ' +
  'loads MITRE’s bundle with "debrief attack load enterprise-attack.json", or uploads it to ' +
  'POST /api/settings/attack-catalog.';
