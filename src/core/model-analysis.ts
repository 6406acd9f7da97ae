/**
 * The root cause analysis part of the post-mortem model: 5 Whys trees, the fishbone, FMEA rows, contributing
 * factors, root causes, vulnerabilities, failed controls, the ATT&CK mapping and patient zero.
 * See `model.ts` for the conventions (ids, links, instants).
 */
import type { InstantText } from './model.js';
import type { ContributingFactorCategory } from './vocabulary.js';

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

export interface Why {
  readonly id: string;
  /** The answer to "why?" asked of the parent (or of the problem at the top level). */
  readonly answer: string;
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
  /** Further whys; a why may branch. */
  readonly whys: readonly Why[];
  /** On a leaf: the category of this root cause. */
  readonly category?: ContributingFactorCategory;
}

export interface Fishbone {
  /** The effect at the head of the fish; defaults to the post-mortem's title in reports. */
  readonly problem?: string;
  /** The ribs; `people`, `process`, `technology`, `environment` unless the document sets others. */
  readonly categories: readonly string[];
  readonly causes: readonly FishboneCause[];
}

export interface FishboneCause {
  readonly id: string;
  readonly category: string;
  readonly text: string;
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
  /** Sub-causes; they inherit the category. */
  readonly causes: readonly FishboneSubCause[];
}

export interface FishboneSubCause {
  readonly id: string;
  readonly text: string;
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
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

export interface FmeaScores {
  readonly severity: number;
  readonly occurrence: number;
  readonly detection: number;
}

export interface ContributingFactor {
  readonly id: string;
  readonly category: ContributingFactorCategory;
  readonly description: string;
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
}

export interface RootCause {
  readonly id: string;
  /** A condition or system property, never a person. */
  readonly statement: string;
  readonly category: ContributingFactorCategory;
  /** Contributing factors behind this root cause. */
  readonly factors: readonly string[];
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
}

export interface Vulnerability {
  readonly id: string;
  /** `CVE-2024-3400`; absent for a weakness without a CVE. */
  readonly cve?: string;
  readonly title: string;
  readonly component?: string;
  readonly cvss?: number;
  readonly evidence: readonly string[];
}

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

export interface AttackAnalysis {
  /** How the attacker got in, in words. */
  readonly vector?: string;
  /** The initial-access technique id. */
  readonly initialAccess?: string;
  readonly techniques: readonly AttackTechnique[];
}

export interface AttackTechnique {
  /** ATT&CK id, `T1078` or `T1078.004`. */
  readonly id: string;
  readonly name?: string;
  readonly tactic?: string;
  readonly timeline: readonly string[];
}

export interface PatientZero {
  readonly host?: string;
  readonly user?: string;
  readonly at?: InstantText;
  readonly justification: string;
  readonly evidence: readonly string[];
  readonly timeline: readonly string[];
  /** Person id of the analyst who confirmed the choice. */
  readonly confirmedBy?: string;
}
