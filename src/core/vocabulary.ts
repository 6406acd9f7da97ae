/**
 * The closed vocabularies of a post-mortem. Each list is the single definition of its set: the file format's
 * schema, validation, reports and the API all read these arrays, so adding a value here adds it everywhere.
 */

/** Lifecycle of a post-mortem document. */
export const POST_MORTEM_STATUSES = ['draft', 'in-review', 'approved', 'published'] as const;
/** Where a post-mortem is in its lifecycle, from `draft` to `published`. */
export type PostMortemStatus = (typeof POST_MORTEM_STATUSES)[number];

/** Incident severity, most severe first. Clock targets default per severity. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
/** How severe the incident is; picks the default clock targets. */
export type Severity = (typeof SEVERITIES)[number];

/** What kind of review this is; one post-mortem may be several at once. */
export const POST_MORTEM_TYPES = ['technical', 'process', 'organizational'] as const;
/** The scope of the review: technical, process or organizational. */
export type PostMortemType = (typeof POST_MORTEM_TYPES)[number];

/** Roles a person plays in the review (not job titles). */
export const REVIEW_ROLES = [
  'facilitator',
  'scribe',
  'incident-lead',
  'responder',
  'stakeholder',
  'approver',
  'subject-matter-expert',
  'communications',
  'legal',
  'privacy-officer',
  'executive',
  'observer',
] as const;
/** A role someone plays in the response or the review, e.g. `facilitator`, `approver`. */
export type ReviewRole = (typeof REVIEW_ROLES)[number];

/** Where a timeline entry sits relative to the incident. */
export const INCIDENT_PHASES = ['before', 'during', 'after'] as const;
/** Whether a timeline entry happened before, during or after the incident. */
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

/** NIST SP 800-61 incident response life cycle phases. */
export const NIST_PHASES = [
  'preparation',
  'detection-and-analysis',
  'containment-eradication-recovery',
  'post-incident-activity',
] as const;
/** The NIST SP 800-61 response phase a timeline entry belongs to. */
export type NistPhase = (typeof NIST_PHASES)[number];

/**
 * Milestones are kinds of curated timeline entries that drive the clocks. When several entries carry the same
 * kind, the earliest one counts.
 */
export const MILESTONE_KINDS = [
  'compromise',
  'impact-start',
  'detection',
  'acknowledgement',
  'escalation',
  'containment',
  'eradication',
  'recovery',
  'resolution',
  'awareness',
  'materiality-determination',
  'classification',
  'ransom-payment',
  'notification',
  'stakeholder-update',
] as const;
/** The kind of milestone a timeline entry marks; each clock runs between two kinds. */
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Who or what first noticed the incident. */
export const DETECTION_SOURCES = [
  'internal-control',
  'employee-report',
  'customer',
  'third-party',
  'law-enforcement',
  'attacker-notice',
  'unknown',
] as const;
/** Who or what first noticed the incident, recorded on the `detection` milestone. */
export type DetectionSource = (typeof DETECTION_SOURCES)[number];

/** How precisely a timeline instant is known; derived from how the instant is written. */
export const TIME_PRECISIONS = ['date', 'minute', 'second', 'millisecond'] as const;
/** How precisely an instant is known; a clock with a `date`-precision end is approximate. */
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

/** The fixed contributing-factor taxonomy used by root causes, 5 Whys leaves and contributing factors. */
export const CONTRIBUTING_FACTOR_CATEGORIES = [
  'misconfiguration',
  'vulnerability-exploitation',
  'control-failure',
  'process-gap',
  'human-factors',
  'third-party',
  'design-flaw',
  'monitoring-gap',
  'other',
] as const;
/** The taxonomy category of a contributing factor, root cause or 5 Whys leaf. */
export type ContributingFactorCategory = (typeof CONTRIBUTING_FACTOR_CATEGORIES)[number];

/** Default fishbone (Ishikawa) categories; a document may configure its own. */
export const DEFAULT_FISHBONE_CATEGORIES = ['people', 'process', 'technology', 'environment'] as const;

/** Categories of lessons learned. */
export const LESSON_CATEGORIES = [
  'security-gap',
  'process-failure',
  'training-need',
  'tooling',
  'communication',
] as const;
/** What a lesson learned is about, e.g. a security gap or a tooling problem. */
export type LessonCategory = (typeof LESSON_CATEGORIES)[number];

/** The parts of a post-mortem that `publication.publicSections` can mark safe for the public report. */
export const PUBLIC_SECTIONS = ['summary', 'impact', 'timeline', 'lessons', 'recommendations'] as const;
/** A part of the post-mortem that may be published (redacted) in the public report. */
export type PublicSection = (typeof PUBLIC_SECTIONS)[number];

/** What a recommendation does. */
export const RECOMMENDATION_TYPES = ['preventive', 'detective', 'corrective', 'process', 'training'] as const;
/** What a recommendation does: prevent, detect or correct, or change a process or training. */
export type RecommendationType = (typeof RECOMMENDATION_TYPES)[number];

/** Recommendation priority, most urgent first. */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
/** How urgent a recommendation is; also the criticality of an affected system. */
export type Priority = (typeof PRIORITIES)[number];

/**
 * Recommendation lifecycle. `done` is not the end: an action is finished when it is `verified` (shown to work)
 * or `risk-accepted` (someone accountable accepted the risk in writing), or `rejected` with a reason.
 */
export const RECOMMENDATION_STATUSES = [
  'proposed',
  'accepted',
  'in-progress',
  'done',
  'verified',
  'risk-accepted',
  'rejected',
] as const;
/** Where a recommendation is in its lifecycle; `verified`, `risk-accepted` and `rejected` end it. */
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** Kinds of evidence a post-mortem can reference. */
export const EVIDENCE_KINDS = [
  'log',
  'alert',
  'document',
  'screenshot',
  'interview',
  'email',
  'chat',
  'ticket',
  'disk-image',
  'memory-image',
  'network-capture',
  'export',
  'other',
] as const;
/** What sort of artifact an evidence item is: log, alert, disk image, chat... */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Indicator types found in text (`debrief ioc extract`, events); the first of `INDICATOR_TYPES`. */
export const TEXT_INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'cve',
] as const;

/** Indicator types; those found in text, then those an analyst records by hand. */
export const INDICATOR_TYPES = [
  ...TEXT_INDICATOR_TYPES,
  'file-name',
  'file-path',
  'user-agent',
  'account',
  'other',
] as const;
/** What an indicator's value is, e.g. `ipv4`, `domain`, `sha256`. */
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Risk to the people whose data is involved, as breach-notification regimes grade it. */
export const RISK_LEVELS = ['none', 'risk', 'high-risk'] as const;
/** The risk a breach poses to the people whose data is involved; regimes such as GDPR key duties to it. */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Regulatory notification regimes Debrief knows. Deadlines per regime are computed by the compliance engine. */
export const COMPLIANCE_REGIMES = [
  'gdpr',
  'uk-gdpr',
  'nis2',
  'dora',
  'hipaa',
  'sec-8k',
  'nydfs',
  'circia',
  'cert-in',
  'us-banking',
  'ftc-safeguards',
  'sec-reg-sp',
  'au-ndb',
  'au-soci',
  'ca-pipeda',
  'in-dpdp',
  'pci-dss',
  'uk-nis',
] as const;
/** A regulatory notification regime, e.g. `gdpr`, `nis2`, `sec-8k`. */
export type ComplianceRegime = (typeof COMPLIANCE_REGIMES)[number];

/** Human-readable names of the regimes, for reports. */
export const COMPLIANCE_REGIME_NAMES: Readonly<Record<ComplianceRegime, string>> = {
  gdpr: 'EU GDPR (Art. 33/34)',
  'uk-gdpr': 'UK GDPR (Art. 33/34)',
  nis2: 'EU NIS2 (Art. 23)',
  dora: 'EU DORA (Art. 19)',
  hipaa: 'US HIPAA Breach Notification Rule',
  'sec-8k': 'US SEC Form 8-K Item 1.05',
  nydfs: 'NYDFS 23 NYCRR 500.17',
  circia: 'US CIRCIA (proposed rule)',
  'cert-in': 'India CERT-In Directions 2022',
  'us-banking': 'US banking Computer-Security Incident Notification Rule',
  'ftc-safeguards': 'US FTC Safeguards Rule',
  'sec-reg-sp': 'US SEC Regulation S-P',
  'au-ndb': 'Australia Notifiable Data Breaches scheme',
  'au-soci': 'Australia SOCI Act Part 2B',
  'ca-pipeda': 'Canada PIPEDA s. 10.1',
  'in-dpdp': 'India DPDP Rules 2025',
  'pci-dss': 'PCI DSS v4.0.1 Req. 12.10.1',
  'uk-nis': 'UK NIS Regulations 2018',
};

/** The incident clocks `debrief metrics` computes, in report order. */
export const CLOCK_NAMES = [
  'timeToDetect',
  'impactToDetection',
  'timeToAcknowledge',
  'timeToContain',
  'timeToEradicate',
  'timeToRecover',
  'timeToResolve',
  'totalDuration',
  'timeToFirstNotification',
  'timeToFirstUpdate',
] as const;
/** The name of an incident clock, e.g. `timeToDetect`; keys both targets and computed clocks. */
export type ClockName = (typeof CLOCK_NAMES)[number];

/**
 * Phases of a response playbook's steps (`debrief playbook check`): the milestone kinds a team plans around, plus
 * communication and the post-incident review.
 */
export const PLAYBOOK_PHASES = [
  'detection',
  'analysis',
  'containment',
  'eradication',
  'recovery',
  'communication',
  'post-incident',
] as const;
/** The phase of the response a playbook step belongs to. */
export type PlaybookPhase = (typeof PLAYBOOK_PHASES)[number];
