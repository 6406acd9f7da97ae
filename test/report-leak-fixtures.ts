/**
 * A post-mortem for the leak tests of external reports: every kind of value that must stay inside the team (names,
 * e-mails, hosts, accounts, addresses, indicators, internal links and paths) in the fields that hold them and again
 * inside free text, a custody log naming people by name, e-mail and account, and the hand-written list of the
 * planted values, so a test fails even when `internalValues` forgets a kind.
 */
import type { PostMortem } from '../src/core/model.js';
import type { EvidenceCustody } from '../src/core/report-custody.js';
import type { InternalValue } from '../src/core/report-redaction-values.js';
import { buildPostMortem, entry } from './factories.js';

/** The values planted in the hostile document: what the test expects redaction to catch, whatever `internalValues` says. */
export const P = {
  lead: 'Marguerite Okonkwo-Blanc',
  leadEmail: 'm.okonkwo@corp-intra.example',
  responder: 'Tobias Lindqvist',
  responderEmail: 'tobias.lindqvist@corp-intra.example',
  approver: 'Priya Raghunathan',
  scribe: "Seán O'Donnell-Ünal",
  workstation: 'WKS-FIN-0193',
  database: 'db-ledger-07.corp-intra.example',
  account: 'LEDGRNET\\tlindqvist',
  service: 'svc-ledger-sync',
  internalIp: '10.44.81.9',
  attackerIp: '203.0.113.66',
  attackerIp6: '2001:db8:bad::7',
  c2: 'pay-portal-verify.example',
  phisher: 'invoice-desk@pay-portal-verify.example',
  dll: 'C:\\ProgramData\\ledgr\\upd.dll',
  script: '/opt/ledger/bin/sync.sh',
  jira: 'https://jira.corp-intra.example/browse/SEC-4411',
  tracker: 'https://tracker.corp-intra.example/T-77',
  evidenceLocation: 's3://evidence-vault-intra/edr-wks.zip',
  attachment: '/mnt/evidence/ledger/disk.img',
  edrConsole: 'edr-console-02.corp-intra.example',
  forensics: 'ext-forensics-kpl',
  partnerEmail: 'h.vermeulen@forensics-partner.example',
} as const;

/** A hand-written internal value (source `planted`), matched like the values of its kind. */
export const planted = (kind: InternalValue['kind'], value: string): InternalValue => ({
  kind,
  value,
  mask: '',
  source: 'planted',
});
/** The values planted in `hostileDoc` and its custody log, by kind. */
export const PLANTED: readonly InternalValue[] = [
  ...[P.lead, P.responder, P.approver, P.scribe].map((v) => planted('person', v)),
  ...['Marguerite', 'Lindqvist', 'Tobias', 'Raghunathan', "O'Donnell-Ünal"].map((v) =>
    planted('name-part', v),
  ),
  ...Object.entries(P)
    .filter(([key]) => !['lead', 'responder', 'approver', 'scribe'].includes(key))
    .map(([, v]) => planted('host', v)),
  planted('host', 'corp-intra.example'),
  planted('account', 'tlindqvist'),
];

/** A post-mortem with every kind of internal value in its fields and again inside free text. */
export function hostileDoc(): PostMortem {
  return buildPostMortem({
    id: 'INC-2026-042',
    title: `Invoice fraud via ${P.workstation} and ${P.service}`,
    severity: 'high',
    types: ['technical', 'process'],
    references: [{ system: 'jira', id: 'SEC-4411', url: P.jira, title: `Ticket of ${P.responder}` }],
    people: [
      { id: 'P-1', name: P.lead, email: P.leadEmail, roles: ['incident-lead'], team: 'Security Operations' },
      { id: 'P-2', name: P.responder, email: P.responderEmail, roles: ['responder'] },
      { id: 'P-3', name: P.approver, email: 'priya.r@corp-intra.example', roles: ['approver'] },
      { id: 'P-4', name: P.scribe, roles: ['scribe'] },
    ],
    review: {
      session: { start: '2026-03-10T09:00:00Z', location: `Room of ${P.lead}`, notes: `Call ${P.leadEmail}` },
      approvals: [
        { person: 'P-3', at: '2026-03-12T09:00:00Z', decision: 'approved', comment: `ok ${P.approver}` },
      ],
    },
    summary: {
      whatHappened:
        `${P.responder} opened a mail from ${P.phisher} on ${P.workstation} (${P.internalIp}); the dropper ` +
        `${P.dll} ran as ${P.account}. ${P.service} then pulled data from ${P.database} to ${P.attackerIp} ` +
        `and ${P.attackerIp6}, via ${P.script}. Lindqvist reported it; see ${P.jira}.`,
      howDetected: `Alert on ${P.c2} in ${P.edrConsole}`,
      whoWasInvolved: `${P.lead} (${P.leadEmail}), ${P.responder}, ${P.approver}`,
      howResolved: `Marguerite reset ${P.account} and blocked ${P.attackerIp}`,
    },
    impact: {
      systems: [
        { name: `Ledger database ${P.database}`, description: `Reached from ${P.workstation}` },
        { name: P.workstation, criticality: 'high' },
      ],
      dataCategories: ['billing data'],
      businessImpact: `Invoices sent from ${P.service} were changed`,
    },
    evidence: [
      {
        id: 'E-1',
        title: `EDR triage of ${P.workstation}`,
        kind: 'export',
        description: `Process tree on ${P.internalIp} by ${P.responder}`,
        sha256: 'b'.repeat(64),
        sourceSystem: P.edrConsole,
        collectedBy: P.responder,
        collectedAt: '2026-03-02T12:00:00Z',
        location: P.evidenceLocation,
      },
    ],
    attachments: [
      { id: 'A-1', name: 'disk image', location: P.attachment, description: `of ${P.workstation}` },
    ],
    timeline: [
      entry('T-1', '2026-02-24T08:00:00Z', {
        text: `Mail from ${P.phisher} opened on ${P.workstation} by ${P.responder}`,
        host: P.workstation,
        user: P.account,
        actor: P.responder,
        milestone: { kind: 'compromise', detail: `via ${P.c2}` },
        evidence: ['E-1'],
        attack: ['T1566'],
      }),
      entry('T-2', '2026-02-25T08:00:00Z', {
        text: `${P.service} token used from ${P.attackerIp} against ${P.database}`,
        host: P.database,
        user: P.service,
        attack: ['T1078'],
      }),
      entry('T-3', '2026-03-02T10:00:00Z', {
        text: `Alert: ${P.attackerIp6} reached ${P.c2}`,
        milestone: { kind: 'detection', source: 'internal-control', detail: `rule on ${P.edrConsole}` },
      }),
      entry('T-4', '2026-03-02T14:00:00Z', {
        text: `${P.lead} blocked ${P.attackerIp} and ${P.c2}`,
        actor: P.lead,
        milestone: { kind: 'containment' },
      }),
      entry('T-5', '2026-03-03T10:00:00Z', {
        text: `DPA notified by ${P.leadEmail}`,
        milestone: { kind: 'notification', recipient: 'Dutch DPA', regime: 'gdpr', detail: `by ${P.lead}` },
      }),
      entry('T-6', '2026-03-05T10:00:00Z', {
        text: `${P.database} restored from ${P.attachment}`,
        milestone: { kind: 'resolution' },
      }),
    ],
    analysis: {
      fiveWhys: [
        {
          id: 'W-1',
          problem: `Data left ${P.database}`,
          whys: [{ id: 'W-1.1', answer: `${P.service} had a long-lived key on ${P.workstation}` }],
        },
      ],
      rootCauses: [
        { id: 'RC-1', statement: `Key of ${P.service} in ${P.script}`, category: 'misconfiguration' },
      ],
      patientZero: { host: P.workstation, user: P.account, justification: `First seen on ${P.internalIp}` },
    },
    evaluation: { wentWell: [`${P.lead} acted fast`], wentPoorly: [`${P.edrConsole} was slow`] },
    lessons: [
      {
        id: 'L-1',
        category: 'tooling',
        text: `Lindqvist could not see ${P.database} logs from ${P.internalIp}`,
      },
      { id: 'L-2', category: 'process-failure', text: `Mail to ${P.leadEmail} went unread`, public: true },
      { id: 'L-3', category: 'communication', text: `O'Donnell-Ünal & ${P.scribe} took <notes>` },
    ],
    recommendations: [
      {
        id: 'R-1',
        title: `Rotate the key of ${P.service}`,
        description: `Marguerite asks to remove ${P.script} from ${P.database} and block ${P.attackerIp}`,
        type: 'corrective',
        priority: 'high',
        owner: 'P-2',
        tracker: { system: 'jira', key: 'SEC-4412', url: P.tracker },
        public: true,
      },
    ],
    compliance: {
      regimes: ['gdpr'],
      attributes: { personalData: true },
      notifications: [
        {
          id: 'N-1',
          regime: 'gdpr',
          recipient: 'Dutch DPA',
          submittedAt: '2026-03-03T10:00:00Z',
          entry: 'T-5',
        },
      ],
    },
    indicators: [
      { id: 'I-1', type: 'ipv4', value: P.attackerIp },
      { id: 'I-2', type: 'ipv6', value: P.attackerIp6 },
      { id: 'I-3', type: 'domain', value: P.c2 },
      { id: 'I-4', type: 'email', value: P.phisher },
      { id: 'I-5', type: 'file-path', value: P.dll },
      { id: 'I-6', type: 'account', value: P.account },
    ],
    publication: {
      title: `Invoice fraud traced to ${P.workstation}`,
      statement: `${P.responder} was phished; we blocked ${P.attackerIp}. Questions: ${P.leadEmail}.`,
      customerActions: [`Ignore mail from ${P.phisher}`],
      publicSections: ['summary', 'impact', 'timeline', 'lessons', 'recommendations'],
    },
  });
}

/** A custody log naming people by name, e-mail and account, with internal values in its reasons. */
export function custodyOf(
  evidenceId: string,
  person: string,
  email: string,
  reason: string,
): EvidenceCustody[] {
  return [
    {
      evidenceId,
      sha256: 'c'.repeat(64),
      size: 2048,
      collectedBy: email,
      collectedAt: '2026-03-02T12:00:00Z',
      registeredBy: P.forensics,
      registeredAt: '2026-03-02T13:00:00Z',
      entries: [
        { seq: 1, action: 'collected', actor: email, at: '2026-03-02T12:00:00Z' },
        { seq: 2, action: 'transferred', actor: P.partnerEmail, at: '2026-03-02T13:00:00Z', reason },
        { seq: 3, action: 'verified', actor: person, at: '2026-03-03T09:00:00Z', reason: `for ${person}` },
      ],
      chainOk: true,
      problems: [],
    },
  ];
}
