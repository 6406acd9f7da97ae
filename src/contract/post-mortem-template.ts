/**
 * The skeleton `debrief new` writes: a valid post-mortem file with the identity filled in and every section
 * present as a commented example, so a team can start writing without reading the reference first.
 */
import type { PostMortemType, Severity } from '../core/vocabulary.js';

export interface TemplateOptions {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly types: readonly PostMortemType[];
  /** The current date, YYYY-MM-DD, used in the example entries. */
  readonly today: string;
}

/** A YAML double-quoted scalar; JSON's string escaping is valid YAML. */
const q = (value: string): string => JSON.stringify(value);

/** The text of a new post-mortem file. */
export function postMortemTemplate(options: TemplateOptions): string {
  const { id, title, severity, types, today } = options;
  return `# Debrief post-mortem (format reference: docs/file-format.md).
# Check it with:   debrief validate ${id}.yaml
# Store it with:   debrief import ${id}.yaml
# Blameless by construction: causes are conditions and systems, never a person.
apiVersion: debrief/v1
kind: PostMortem
id: ${q(id)}
title: ${q(title)}
status: draft
severity: ${severity}
types: [${types.join(', ')}]
restricted: false
tags: []

summary:
  whatHappened: ${q('TODO: what happened, in a few sentences a security lead understands.')}
  # howDetected: who or what noticed, and how
  # whoWasInvolved: teams and roles (not blame)
  # howResolved: how the incident was contained and resolved

impact:
  systems: []
  #  - { name: customer-api, criticality: high, description: read access to the orders table }
  dataCategories: []
  # recordsAffected: 0
  # peopleAffected: 0
  # businessImpact: ...
  # cost: { amount: 0, currency: EUR, note: incident response retainer }

people: []
#  - { id: P-lead, name: Jane Doe, team: Security Operations, roles: [incident-lead] }
#  - { id: P-facilitator, name: ..., roles: [facilitator] }

evidence: []
#  - { id: E-cloudtrail, title: CloudTrail export, kind: log, sourceSystem: AWS CloudTrail }

# The curated timeline: the key events that tell the story. Instants carry an offset
# (${today}T09:12:00+01:00, or Z); a date alone (${today}) means only the day is known.
# Milestones drive the clocks: compromise, impact-start, detection (with its source), acknowledgement,
# escalation, containment, eradication, recovery, resolution, awareness, materiality-determination,
# classification, ransom-payment, notification (with recipient and regime), stakeholder-update.
timeline:
  - id: T1
    at: ${q(today)}
    text: TODO replace with the first key event
    uncertain: true
#  - id: T2
#    at: ${today}T09:12:00+01:00
#    text: Customer reports a phishing e-mail quoting their order history
#    milestone: { kind: detection, source: customer }
#    evidence: [E-cloudtrail]

analysis:
  fiveWhys: []
  #  - id: W
  #    problem: Customer records were exported by an outside party
  #    whys:
  #      - id: W1
  #        answer: The attacker used a valid session of an engineer
  #        whys: [{ id: W2, answer: ..., category: design-flaw }]
  fishbone:
    categories: [people, process, technology, environment]
    causes: []
  fmea: []
  contributingFactors: []
  rootCauses: []
  #  - { id: RC1, statement: Sessions were not bound to the device, category: design-flaw }

evaluation:
  targets: {}
  # targets: { timeToContain: PT4H, timeToFirstNotification: PT72H }
  wentWell: []
  wentPoorly: []
  luckyBreaks: []

lessons: []
#  - { id: L1, category: security-gap, text: ... }

recommendations: []
#  - id: R1
#    title: Bind sessions to devices
#    type: preventive
#    priority: high
#    owner: Identity team
#    due: ${today}
#    status: proposed
#    addresses: [RC1]

compliance:
  regimes: []
  # regimes: [gdpr]
  # attributes: { personalData: true, riskLevel: high-risk, peopleAffected: 0 }
`;
}
