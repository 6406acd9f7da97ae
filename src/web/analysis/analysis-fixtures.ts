/** Test data for the analysis and evaluation component tests: a document with a 5 Whys tree, a fishbone, FMEA rows. */
import type { PostMortem } from '../../core/model.js';
import { storedDoc } from '../workspace/workspace-fixtures.js';

/** A stored document with one 5 Whys analysis (W-1 → W-1.1 → W-1.1.1 and W-1.2), a fishbone and two FMEA rows. */
export function analysisDoc(overrides: Parameters<typeof storedDoc>[0] = {}): PostMortem {
  return storedDoc({
    evidence: [{ id: 'E-01', title: 'IdP sign-in log', kind: 'log' }],
    timeline: [{ id: 'T-1', at: '2026-03-14T09:00:00Z', text: 'Session replayed from a new network' }],
    analysis: {
      fiveWhys: [
        {
          id: 'W-1',
          problem: 'An attacker used a stolen session against the cloud console.',
          whys: [
            {
              id: 'W-1.1',
              answer: 'The IdP accepted the cookie from another device.',
              whys: [
                {
                  id: 'W-1.1.1',
                  answer: 'The device condition was in report-only mode.',
                  category: 'process-gap',
                },
              ],
            },
            { id: 'W-1.2', answer: 'Nobody saw the alert for six days.' },
          ],
        },
      ],
      fishbone: {
        problem: 'Console session stolen',
        categories: ['people', 'process', 'technology', 'environment'],
        causes: [{ id: 'FB-1', category: 'process', text: 'Report-only mode without end date' }],
      },
      fmea: [
        {
          id: 'FM-1',
          function: 'Sign-in',
          failureMode: 'Session replay accepted',
          effect: 'Console takeover',
          cause: 'No device binding',
          severity: 5,
          occurrence: 2,
          detection: 3,
        },
        {
          id: 'FM-2',
          function: 'Alerting',
          failureMode: 'Alert not routed',
          effect: 'Late detection',
          cause: 'Default e-mail routing',
          severity: 6,
          occurrence: 5,
          detection: 8,
        },
      ],
    },
    ...overrides,
  });
}
