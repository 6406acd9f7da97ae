/**
 * The root cause analysis part of the post-mortem model: 5 Whys trees, the fishbone, FMEA rows, contributing
 * factors, root causes, vulnerabilities, failed controls, the ATT&CK mapping and patient zero.
 * See `model.ts` for the conventions (ids, links, instants).
 */
import type { EvidenceLinks, InstantText } from './model.js';
import type { ContributingFactorCategory } from './vocabulary.js';

/**
 * The root cause analysis of the incident: the methods the review applied (5 Whys, fishbone, FMEA) and the
 * causes, weaknesses, failed controls and attack path it established.
 */
export interface Analysis {
  readonly fiveWhys: readonly FiveWhys[];
  readonly fishbone: Fishbone;
  readonly fmea: readonly FmeaRow[];
  readonly contributingFactors: readonly ContributingFactor[];
  readonly rootCauses: readonly RootCause[];
  readonly vulnerabilities: readonly Vulnerability[];
  readonly failedControls: readonly FailedControl[];
  readonly attack: AttackAnalysis;
  readonly patientZero?: PatientZero;
}

/** One 5 Whys analysis: a problem and a tree of answers; leaves are root causes. */
export interface FiveWhys {
  readonly id: string;
  readonly problem: string;
  readonly whys: readonly Why[];
}

/** One answer in a 5 Whys tree; a leaf (no further whys) is a root cause and may carry its category. */
export interface Why extends EvidenceLinks {
  readonly id: string;
  /** The answer to "why?" asked of the parent (or of the problem at the top level). */
  readonly answer: string;
  /** Further whys; a why may branch. */
  readonly whys: readonly Why[];
  /** On a leaf: the category of this root cause. */
  readonly category?: ContributingFactorCategory;
}

/** The Ishikawa (fishbone) diagram: the problem at the head, causes grouped by category along the ribs. */
export interface Fishbone {
  /** The effect at the head of the fish; defaults to the post-mortem's title in reports. */
  readonly problem?: string;
  /** The ribs; `people`, `process`, `technology`, `environment` unless the document sets others. */
  readonly categories: readonly string[];
  readonly causes: readonly FishboneCause[];
}

/** A cause on one rib of the fishbone; `category` must be one of the fishbone's `categories`. */
export interface FishboneCause extends EvidenceLinks {
  readonly id: string;
  readonly category: string;
  readonly text: string;
  /** Sub-causes; they inherit the category. */
  readonly causes: readonly FishboneSubCause[];
}

/** A cause of a fishbone cause, nested to any depth; it belongs to the rib of its top-level cause. */
export interface FishboneSubCause extends EvidenceLinks {
  readonly id: string;
  readonly text: string;
  readonly causes: readonly FishboneSubCause[];
}

/** One FMEA row; ratings are 1 to 10, RPN = severity × occurrence × detection. */
export interface FmeaRow {
  readonly id: string;
  /** The function or process step that can fail. */
  readonly function: string;
  readonly failureMode: string;
  readonly effect: string;
  readonly cause: string;
  readonly controls?: string;
  readonly severity: number;
  readonly occurrence: number;
  readonly detection: number;
  /** Ratings re-scored after the addressing recommendation is verified. */
  readonly rescored?: FmeaScores;
}

/** The three FMEA ratings, each 1 to 10; their product is the risk priority number (`rpn`). */
export interface FmeaScores {
  readonly severity: number;
  readonly occurrence: number;
  readonly detection: number;
}

/** A condition that made the incident possible, likelier or worse; root causes list the ones behind them. */
export interface ContributingFactor extends EvidenceLinks {
  readonly id: string;
  readonly category: ContributingFactorCategory;
  readonly description: string;
}

/** A fundamental cause of the incident, stated as a condition or system property (never a person). */
export interface RootCause extends EvidenceLinks {
  readonly id: string;
  /** A condition or system property, never a person. */
  readonly statement: string;
  readonly category: ContributingFactorCategory;
  /** Contributing factors behind this root cause. */
  readonly factors: readonly string[];
}

/** A technical weakness involved in the incident, with its CVE and CVSS score (0 to 10) when known. */
export interface Vulnerability {
  readonly id: string;
  /** `CVE-2024-3400`; absent for a weakness without a CVE. */
  readonly cve?: string;
  readonly title: string;
  readonly component?: string;
  readonly cvss?: number;
  readonly evidence: readonly string[];
}

/** A security control that should have prevented or detected the incident but did not. */
export interface FailedControl {
  readonly id: string;
  readonly name: string;
  /** e.g. `ISO 27001:2022`, `NIST CSF 2.0`, `SOC 2`. */
  readonly framework?: string;
  /** The control's reference within the framework, e.g. `A.8.5`. */
  readonly reference?: string;
  readonly description?: string;
  readonly evidence: readonly string[];
}

/** The attack mapped to MITRE ATT&CK: how the attacker got in and the techniques seen along the way. */
export interface AttackAnalysis {
  /** How the attacker got in, in words. */
  readonly vector?: string;
  /** The initial-access technique id. */
  readonly initialAccess?: string;
  readonly techniques: readonly AttackTechnique[];
}

/** One MITRE ATT&CK technique used in the attack, with its tactic and the timeline entries that show it. */
export interface AttackTechnique {
  /** ATT&CK id, `T1078` or `T1078.004`. */
  readonly id: string;
  readonly name?: string;
  readonly tactic?: string;
  readonly timeline: readonly string[];
}

/** The first compromised host or account, with why the analysts think so and who confirmed it. */
export interface PatientZero extends EvidenceLinks {
  readonly host?: string;
  readonly user?: string;
  readonly at?: InstantText;
  readonly justification: string;
  /** Person id of the analyst who confirmed the choice. */
  readonly confirmedBy?: string;
}
