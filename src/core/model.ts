/**
 * The post-mortem domain model: everything the journey in DESIGN.md names, as plain readonly data.
 *
 * This is the shape of a document after validation (defaults applied: every list present, every flag set).
 * The file format's zod schema in `src/contract/post-mortem.schema.ts` produces exactly this type; a
 * compile-time check there fails when the two drift apart.
 *
 * Conventions:
 * - every `id` is unique across the whole document, so a link names one thing whatever its kind;
 * - lists of ids (`evidence`, `timeline`, `addresses`...) are links, checked by `checkPostMortem`;
 * - instants are strings as written (`2026-03-14T09:12:05+01:00`, or `2026-03-14` when only the date is known):
 *   the original offset and the precision are kept, `parseInstant` turns them into UTC;
 * - durations are ISO 8601 (`PT4H`, `P2DT6H`).
 */
import type { PostMortemId } from './ids.js';
import type { Analysis } from './model-analysis.js';
import type {
  ClockName,
  ComplianceRegime,
  DetectionSource,
  EvidenceKind,
  IncidentPhase,
  IndicatorType,
  LessonCategory,
  NistPhase,
  PostMortemStatus,
  PostMortemType,
  Priority,
  PublicSection,
  RecommendationStatus,
  RecommendationType,
  ReviewRole,
  RiskLevel,
  Severity,
} from './vocabulary.js';

/** An instant as written in the document: an ISO 8601 date, or date-time with an offset. */
export type InstantText = string;
/** A calendar date `YYYY-MM-DD`. */
export type DateText = string;
/** An ISO 8601 duration such as `PT4H` or `P2DT6H` (days, hours, minutes, seconds). */
export type DurationText = string;

/** Links from an item to the evidence and the curated timeline entries behind it. */
export interface EvidenceLinks {
  /** Evidence ids. */
  readonly evidence: readonly string[];
  /** Timeline entry ids. */
  readonly timeline: readonly string[];
}

/** The canonical post-mortem document, `apiVersion: debrief/v1`, `kind: PostMortem`. */
export interface PostMortem {
  readonly apiVersion: 'debrief/v1';
  readonly kind: 'PostMortem';
  /** Human-readable identifier, e.g. `INC-2026-014`. */
  readonly id: PostMortemId;
  readonly title: string;
  readonly status: PostMortemStatus;
  readonly severity: Severity;
  readonly types: readonly PostMortemType[];
  /** Restricted post-mortems are visible to their members only. */
  readonly restricted: boolean;
  readonly tags: readonly string[];
  readonly created?: InstantText;
  readonly updated?: InstantText;
  /**
   * Optimistic concurrency: the stored version this document is based on. Absent in a document that was never
   * stored; an update must carry the version it was based on.
   */
  readonly version?: number;
  /** Where the incident came from: tickets, incident-platform records, cases. */
  readonly references: readonly ExternalReference[];
  readonly summary: Summary;
  readonly impact: Impact;
  readonly people: readonly Person[];
  readonly review: Review;
  readonly interviews: readonly Interview[];
  readonly evidence: readonly EvidenceReference[];
  readonly timeline: readonly TimelineEntry[];
  readonly analysis: Analysis;
  readonly evaluation: Evaluation;
  readonly lessons: readonly Lesson[];
  readonly recommendations: readonly Recommendation[];
  readonly compliance: Compliance;
  readonly indicators: readonly Indicator[];
  readonly attachments: readonly Attachment[];
  /** What may leave the organization: the public statement and the parts marked public. */
  readonly publication: Publication;
}

/** A record of the incident in another system: the ticket, the incident-platform page, the case. */
export interface ExternalReference {
  /** The system holding the record, e.g. `jira`, `pagerduty`, `thehive`. */
  readonly system: string;
  readonly id?: string;
  readonly url?: string;
  readonly title?: string;
}

/** The incident narrative: what happened, how it was detected, who was involved, how it was resolved. */
export interface Summary {
  readonly whatHappened?: string;
  readonly howDetected?: string;
  readonly whoWasInvolved?: string;
  readonly howResolved?: string;
}

/** The incident's impact: systems and data involved, records and people affected, business impact, cost. */
export interface Impact {
  readonly systems: readonly AffectedSystem[];
  /** Categories of data involved, e.g. `customer contact details`, `payment card data`. */
  readonly dataCategories: readonly string[];
  readonly recordsAffected?: number;
  readonly peopleAffected?: number;
  readonly businessImpact?: string;
  readonly cost?: Cost;
}

/** A system the incident touched, with how critical it is to the business. */
export interface AffectedSystem {
  readonly name: string;
  readonly description?: string;
  readonly criticality?: Priority;
}

/** The financial cost of the incident, as an amount in one currency with an optional explanation. */
export interface Cost {
  readonly amount: number;
  /** ISO 4217 currency code. */
  readonly currency: string;
  readonly note?: string;
}

/** Someone involved in the incident or its review; approvals, interviews and others refer to their `id`. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly team?: string;
  /** Job title; external reports show it instead of the name. */
  readonly jobTitle?: string;
  readonly email?: string;
  readonly roles: readonly ReviewRole[];
}

/** The post-incident review meeting and the approvals the post-mortem received. */
export interface Review {
  readonly session?: ReviewSession;
  readonly approvals: readonly Approval[];
}

/** The review meeting: when it started, how long it lasted (in minutes), where, and its notes. */
export interface ReviewSession {
  readonly start: InstantText;
  readonly durationMinutes?: number;
  readonly location?: string;
  readonly notes?: string;
}

/** One approver's decision on the post-mortem: approved, or changes requested. */
export interface Approval {
  /** Person id of the approver. */
  readonly person: string;
  readonly at: InstantText;
  readonly decision: 'approved' | 'changes-requested';
  readonly comment?: string;
}

/** A blameless interview with someone involved, keeping the local rationality of their decisions. */
export interface Interview {
  readonly id: string;
  /** Person id of the interviewee. */
  readonly participant: string;
  /** Person id of the interviewer. */
  readonly interviewer?: string;
  readonly at: InstantText;
  readonly notes?: string;
  /** What the participant knew, thought and did at the time, in their own terms. */
  readonly statements: readonly Statement[];
  /** Timeline entries the interview speaks about. */
  readonly timeline: readonly string[];
}

/** What an interviewee knew, thought and did at one point of the incident, in their own terms. */
export interface Statement {
  /** The timeline entry the statement is about, when there is one. */
  readonly entry?: string;
  readonly knew?: string;
  readonly thought?: string;
  readonly did?: string;
}

/**
 * A piece of evidence the post-mortem relies on (log, alert, disk image...): its description and provenance,
 * not its content, which lives in the evidence registry or at `location`.
 */
export interface EvidenceReference {
  readonly id: string;
  readonly title: string;
  readonly kind: EvidenceKind;
  readonly description?: string;
  /** SHA-256 of the file, lowercase hex; the evidence registry's content address. */
  readonly sha256?: string;
  readonly sourceSystem?: string;
  readonly collectedBy?: string;
  readonly collectedAt?: InstantText;
  /** Where the original lives (path, URL, ticket), when not in Debrief's own store. */
  readonly location?: string;
}

/** One event of the curated timeline: a key fact of the story, linked to evidence; may be a milestone. */
export interface TimelineEntry {
  readonly id: string;
  readonly at: InstantText;
  readonly text: string;
  readonly phase?: IncidentPhase;
  readonly nistPhase?: NistPhase;
  readonly milestone?: Milestone;
  /** Where the fact comes from, e.g. `EDR alert`, `Okta System Log`, `interview`. */
  readonly source?: string;
  readonly actor?: string;
  readonly host?: string;
  /** Account name involved. */
  readonly user?: string;
  readonly evidence: readonly string[];
  /** Ids of working-timeline events (from ingested evidence) this entry summarizes. */
  readonly events: readonly string[];
  /** MITRE ATT&CK technique ids, e.g. `T1566.002`. */
  readonly attack: readonly string[];
  readonly tags: readonly string[];
  /** The time or the fact is not established. */
  readonly uncertain: boolean;
}

/** Makes a timeline entry a milestone for the clocks; `detection` and `notification` carry extra fields. */
export type Milestone =
  | { readonly kind: 'detection'; readonly source: DetectionSource; readonly detail?: string }
  | {
      readonly kind: 'notification';
      readonly recipient: string;
      readonly regime?: ComplianceRegime;
      readonly detail?: string;
    }
  | {
      readonly kind:
        | 'compromise'
        | 'impact-start'
        | 'acknowledgement'
        | 'escalation'
        | 'containment'
        | 'eradication'
        | 'recovery'
        | 'resolution'
        | 'awareness'
        | 'materiality-determination'
        | 'classification'
        | 'ransom-payment'
        | 'stakeholder-update';
      readonly detail?: string;
    };

/** How the response went: clock targets (overriding the severity defaults) and what went well or poorly. */
export interface Evaluation {
  /** Targets per clock; missing clocks use the defaults for the severity. */
  readonly targets: Readonly<Partial<Record<ClockName, DurationText>>>;
  readonly wentWell: readonly string[];
  readonly wentPoorly: readonly string[];
  readonly luckyBreaks: readonly string[];
  readonly communication?: string;
  /** The longest acceptable gap between stakeholder updates; default by severity. */
  readonly updateCadence?: DurationText;
  /** What was known to be affected when containment was declared, and what turned out to be affected. */
  readonly scope?: {
    readonly atContainment: ScopeCount;
    readonly final: ScopeCount;
  };
}

/** How many systems and accounts were affected (either may be unknown). */
export interface ScopeCount {
  readonly systems?: number;
  readonly accounts?: number;
}

/** A lesson learned from the incident, categorized and grounded in evidence and timeline entries. */
export interface Lesson extends EvidenceLinks {
  readonly id: string;
  readonly category: LessonCategory;
  readonly text: string;
  /** May appear in the public report (redacted) even when `lessons` is not a public section. */
  readonly public?: boolean;
}

/**
 * A follow-up action from the review, linked to what it addresses; it is finished only once verified,
 * risk-accepted, or rejected with a reason (`done` is not the end).
 */
export interface Recommendation {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly type: RecommendationType;
  readonly priority: Priority;
  /** A person id from `people`, or the name of an owner or team outside the review. */
  readonly owner?: string;
  readonly due?: DateText;
  readonly status: RecommendationStatus;
  /** Ids of the root causes, contributing factors, lessons or FMEA rows this addresses. */
  readonly addresses: readonly string[];
  readonly verification?: Verification;
  readonly riskAcceptance?: RiskAcceptance;
  readonly rejectionReason?: string;
  readonly tracker?: TrackerLink;
  /** Every change made through Debrief: who, when, from which status to which, what changed, and why. */
  readonly history: readonly RecommendationChange[];
  /** How much it lowers the risk, 1 (little) to 5 (a lot); with `effort`, suggests a priority when no FMEA row says. */
  readonly impact?: number;
  /** How much work it takes, 1 (little) to 5 (a lot). */
  readonly effort?: number;
  /** May appear in the public report (redacted) even when `recommendations` is not a public section. */
  readonly public?: boolean;
}

/** One recorded change of a recommendation. */
export interface RecommendationChange {
  readonly at: InstantText;
  readonly by: string;
  readonly from: RecommendationStatus;
  readonly to: RecommendationStatus;
  /** The fields that changed (`status`, `owner`, `due`...). */
  readonly fields: readonly string[];
  readonly why?: string;
}

/** Proof that an implemented recommendation works, e.g. a re-test; expected once it is `verified`. */
export interface Verification {
  /** How effectiveness was shown: a re-test, a detection that fired, a control audit. */
  readonly method: string;
  readonly at: InstantText;
  readonly by: string;
  readonly result: string;
  readonly evidence: readonly string[];
}

/** A written decision by someone accountable to accept the risk instead of acting; it expires on a date. */
export interface RiskAcceptance {
  readonly approver: string;
  readonly rationale: string;
  readonly at: InstantText;
  readonly expires: DateText;
}

/** The work item tracking a recommendation in an issue tracker (Jira, GitHub...). */
export interface TrackerLink {
  /** `jira`, `github`, `trello`, `asana`, `monday`... */
  readonly system: string;
  readonly key: string;
  readonly url?: string;
}

/**
 * The regulatory side: the notification regimes that apply, the facts that decide the obligations, and the
 * notifications made.
 */
export interface Compliance {
  /** Regimes that apply to this incident. */
  readonly regimes: readonly ComplianceRegime[];
  readonly attributes: ComplianceAttributes;
  readonly notifications: readonly NotificationRecord[];
}

/** Incident attributes that decide which notification obligations apply. */
export interface ComplianceAttributes {
  readonly personalData: boolean;
  readonly riskLevel?: RiskLevel;
  /** NIS2 "significant incident". */
  readonly significant: boolean;
  /** DORA "major ICT-related incident". */
  readonly major: boolean;
  /** SEC "material" cybersecurity incident. */
  readonly material: boolean;
  readonly ransomPaid: boolean;
  readonly peopleAffected?: number;
  /** People affected per jurisdiction (ISO 3166 code or US state), for thresholds such as HIPAA's 500. */
  readonly peopleAffectedByJurisdiction: Readonly<Record<string, number>>;
  readonly jurisdictions: readonly string[];
  readonly sectors: readonly string[];
  /** e.g. `critical-infrastructure`, `financial-entity`, `covered-entity`, `essential-entity`. */
  readonly entityFlags: readonly string[];
}

/** A notification submitted under a regime (to a regulator, individuals...): when, and its reference. */
export interface NotificationRecord {
  readonly id: string;
  readonly regime: ComplianceRegime;
  readonly recipient: string;
  /** e.g. `early-warning`, `initial`, `intermediate`, `final`, `individuals`. */
  readonly obligation?: string;
  readonly submittedAt: InstantText;
  readonly reference?: string;
  /** The timeline entry recording the notification. */
  readonly entry?: string;
}

/**
 * An indicator of compromise seen in the incident (IP, domain, hash, account...), with when it was first and
 * last seen.
 */
export interface Indicator extends EvidenceLinks {
  readonly id: string;
  readonly type: IndicatorType;
  readonly value: string;
  readonly description?: string;
  readonly firstSeen?: InstantText;
  readonly lastSeen?: InstantText;
}

/** A supporting file kept with the post-mortem: its name and optionally media type, SHA-256, location. */
export interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly mediaType?: string;
  readonly sha256?: string;
  readonly location?: string;
  readonly description?: string;
}

/**
 * What may be published outside the organization. Nothing is public unless marked here: the public report shows
 * the statement, what customers should do, and only the sections listed in `publicSections` (redacted).
 */
export interface Publication {
  /** The title of the public report; without it, the post-mortem's title with internal values masked. */
  readonly title?: string;
  /** The statement to customers and the public, as approved by Communications and Legal. */
  readonly statement?: string;
  /** What customers should do, one action per item. */
  readonly customerActions: readonly string[];
  /** Sections whose content may appear, redacted, in the public report. */
  readonly publicSections: readonly PublicSection[];
}
