/** The shared ATT&CK bundle for tests, and a small synthetic one that is always there. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'vitest';

/** ../shared/attack/enterprise-attack.json (a subset of MITRE's bundle), when present. */
export const ATTACK_BUNDLE = resolve('..', 'shared', 'attack', 'enterprise-attack.json');

/** A test that needs the shared ATT&CK bundle: runs it, or skips it saying the file is missing. */
export function itWithAttackBundle(
  name: string,
  test: (path: string) => Promise<void> | void,
  timeout?: number,
): void {
  if (existsSync(ATTACK_BUNDLE)) it(name, () => test(ATTACK_BUNDLE), timeout);
  else it.skip(`${name} (skipped: ../shared/attack/enterprise-attack.json is not present)`, () => undefined);
}

const ref = (id: string, kind: string) => [
  {
    source_name: 'mitre-attack',
    external_id: id,
    url: `https://attack.mitre.org/${kind}/${id.replace('.', '/')}`,
  },
];

/** A tiny ATT&CK bundle: two tactics, four techniques (one revoked), two mitigations and their relationships. */
export function smallAttackBundle(): unknown {
  const tactic = (n: number, id: string, name: string, shortname: string) => ({
    type: 'x-mitre-tactic',
    id: `x-mitre-tactic--${n}`,
    name,
    x_mitre_shortname: shortname,
    external_references: ref(id, 'tactics'),
    modified: '2025-04-25T00:00:00.000Z',
  });
  const technique = (n: number, id: string, name: string, phases: string[], extra: object = {}) => ({
    type: 'attack-pattern',
    id: `attack-pattern--${n}`,
    name,
    kill_chain_phases: phases.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })),
    external_references: ref(id, 'techniques'),
    x_mitre_is_subtechnique: id.includes('.'),
    modified: '2025-05-01T00:00:00.000Z',
    ...extra,
  });
  const mitigation = (n: number, id: string, name: string, description: string) => ({
    type: 'course-of-action',
    id: `course-of-action--${n}`,
    name,
    description,
    external_references: ref(id, 'mitigations'),
  });
  const mitigates = (n: number, from: number, to: number, description: string) => ({
    type: 'relationship',
    id: `relationship--${n}`,
    relationship_type: 'mitigates',
    source_ref: `course-of-action--${from}`,
    target_ref: `attack-pattern--${to}`,
    description,
  });
  return {
    type: 'bundle',
    id: 'bundle--small',
    objects: [
      {
        type: 'marking-definition',
        id: 'marking-definition--1',
        definition: { statement: 'Copyright 2015-2025, The MITRE Corporation.' },
      },
      {
        type: 'x-mitre-matrix',
        id: 'x-mitre-matrix--1',
        tactic_refs: ['x-mitre-tactic--2', 'x-mitre-tactic--1'],
      },
      tactic(1, 'TA0002', 'Execution', 'execution'),
      tactic(2, 'TA0001', 'Initial Access', 'initial-access'),
      technique(1, 'T1566', 'Phishing', ['initial-access']),
      technique(2, 'T1566.002', 'Spearphishing Link', ['initial-access']),
      technique(3, 'T1059.001', 'PowerShell', ['execution']),
      technique(4, 'T1086', 'PowerShell (old)', ['execution'], { revoked: true }),
      mitigation(
        1,
        'M1017',
        'User Training',
        'Train users to identify social engineering.\n\nMore (Citation: X).',
      ),
      mitigation(2, 'M1042', 'Disable or Remove Feature or Program', 'Remove unneeded features.'),
      mitigates(1, 1, 1, 'Train users to spot phishing (Citation: Y).'),
      mitigates(2, 2, 3, 'Disable PowerShell where not needed.'),
      { type: 'attack-pattern', id: 'attack-pattern--9', name: 'No id' },
    ],
  };
}
