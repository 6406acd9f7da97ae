/**
 * Detection levels as the event-log hunting tools write them (Hayabusa's `crit`, `med `, `info`; Chainsaw's
 * `info`; Sigma's `informational`), mapped to the five Sigma levels every detection label uses (`rule.level`).
 */

/** The Sigma rule levels, lowest first. */
export const RULE_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
/** A rule level as `rule.level` holds it. */
export type RuleLevel = (typeof RULE_LEVELS)[number];

const ALIASES: Readonly<Record<string, RuleLevel>> = {
  info: 'informational',
  informational: 'informational',
  information: 'informational',
  low: 'low',
  med: 'medium',
  medium: 'medium',
  high: 'high',
  crit: 'critical',
  critical: 'critical',
};

/** The rule level a tool's level word denotes (any case, padded or not), or undefined for anything else. */
export function ruleLevel(value: unknown): RuleLevel | undefined {
  if (typeof value !== 'string') return undefined;
  return Object.hasOwn(ALIASES, value.trim().toLowerCase()) ? ALIASES[value.trim().toLowerCase()] : undefined;
}

/**
 * Whether a detection at this level is an alert (ECS `event.kind: alert`) or a plain event: as Hayabusa
 * documents it, informational detections are events and low or higher are alerts.
 */
export function kindOfLevel(level: RuleLevel | undefined): 'alert' | 'event' {
  return level === undefined || level === 'informational' ? 'event' : 'alert';
}
