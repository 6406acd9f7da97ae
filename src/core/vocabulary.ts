/**
 * The closed vocabularies of a post-mortem. Each list is the single definition of its set: the file format's
 * schema, validation, reports and the API all read these arrays, so adding a value here adds it everywhere.
 */

/** Lifecycle of a post-mortem document. */
export const POST_MORTEM_STATUSES = ['draft', 'in-review', 'approved', 'published'] as const;
export type PostMortemStatus = (typeof POST_MORTEM_STATUSES)[number];

/** Incident severity, most severe first. Clock targets default per severity. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What kind of review this is; one post-mortem may be several at once. */
export const POST_MORTEM_TYPES = ['technical', 'process', 'organizational'] as const;
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
export type ReviewRole = (typeof REVIEW_ROLES)[number];

/** Where a timeline entry sits relative to the incident. */
export const INCIDENT_PHASES = ['before', 'during', 'after'] as const;
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

/** NIST SP 800-61 incident response life cycle phases. */
export const NIST_PHASES = [
  'preparation',
  'detection-and-analysis',
  'containment-eradication-recovery',
  'post-incident-activity',
] as const;
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
  'notification',
] as const;
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
export type DetectionSource = (typeof DETECTION_SOURCES)[number];

/** How precisely a timeline instant is known; derived from how the instant is written. */
export const TIME_PRECISIONS = ['date', 'minute', 'second', 'millisecond'] as const;
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
export type LessonCategory = (typeof LESSON_CATEGORIES)[number];

/** What a recommendation does. */
export const RECOMMENDATION_TYPES = ['preventive', 'detective', 'corrective', 'process', 'training'] as const;
export type RecommendationType = (typeof RECOMMENDATION_TYPES)[number];

/** Recommendation priority, most urgent first. */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
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
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Indicator types; the same names `debrief ioc extract` uses. */
export const INDICATOR_TYPES = [
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
  'file-name',
  'file-path',
  'user-agent',
  'account',
  'other',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Risk to the people whose data is involved, as breach-notification regimes grade it. */
export const RISK_LEVELS = ['none', 'risk', 'high-risk'] as const;
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
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
