/**
 * Patient zero and the spread: the earliest compromised host and account suggested from the evidence (the first
 * event with a known-bad indicator, a Sigma match of level high or critical, or one an analyst tagged as
 * compromised), with its justification; and the
 * lateral-movement graph host → host from remote logons, remote service installs, connections to remote
 * administration ports and SSH logins. Suggestions only: the analyst confirms or overrides them.
 */
import { toUtcIso } from './time.js';

/** An event as the lead finders read it. */
export interface LeadEvent {
  /** Public event id, e.g. `EV-0001#1532`. */
  readonly id: string;
  readonly evidenceId: string;
  /** Epoch ms. */
  readonly ts: number;
  readonly host: string | null;
  readonly hostIp: string | null;
  readonly user: string | null;
  readonly srcIp: string | null;
  readonly dstIp: string | null;
  readonly dstPort: number | null;
  readonly code: string | null;
  readonly provider: string | null;
  readonly action: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly message: string;
}

/** Tags an analyst puts on an event to say it shows a compromise. */
export const COMPROMISE_TAGS = ['compromised', 'patient-zero', 'malicious', 'initial-access'] as const;

/** Why an event is a candidate for the start of the attack. */
export interface Candidate {
  readonly event: LeadEvent;
  readonly reason: string;
}

/** The suggestion: host, account and time of the earliest candidate, with the reasoning and the other candidates. */
export interface PatientZeroSuggestion {
  readonly host?: string;
  readonly user?: string;
  readonly at?: string;
  readonly justification: string;
  readonly events: readonly string[];
  readonly evidence: readonly string[];
  readonly candidates: readonly {
    readonly event: string;
    readonly at: string;
    readonly host: string | null;
    readonly user: string | null;
    readonly reason: string;
  }[];
}

/** The earliest candidate with a host wins; the justification names it, why, and what else was considered. */
export function suggestPatientZero(
  candidates: readonly Candidate[],
  graph?: LateralGraph,
): PatientZeroSuggestion {
  const sorted = [...candidates].sort(
    (a, b) => a.event.ts - b.event.ts || a.event.id.localeCompare(b.event.id),
  );
  const listed = sorted.map((c) => ({
    event: c.event.id,
    at: toUtcIso(c.event.ts),
    host: c.event.host,
    user: c.event.user,
    reason: c.reason,
  }));
  const chosen = sorted.find((c) => c.event.host !== null) ?? sorted[0];
  if (!chosen)
    return {
      justification:
        'No candidate: no known-bad indicator was seen in the events (debrief ioc import, then ioc scan), no Sigma rule of ' +
        'level high or critical matched (debrief sigma run) and no event is tagged ' +
        `${COMPROMISE_TAGS.join(', ')} (debrief event tag).`,
      events: [],
      evidence: [],
      candidates: [],
    };
  const e = chosen.event;
  const parts = [
    `Earliest evidence of compromise: ${e.id} at ${toUtcIso(e.ts)}${e.host ? ` on ${e.host}` : ''}${e.user ? ` (account ${e.user})` : ''}: ${chosen.reason}.`,
  ];
  const others = listed.filter((c) => c.event !== e.id).slice(0, 4);
  if (others.length > 0)
    parts.push(
      `Later candidates: ${others.map((c) => `${c.event} at ${c.at}${c.host ? ` on ${c.host}` : ''} (${c.reason})`).join('; ')}.`,
    );
  const inbound = graph?.edges.filter((edge) => edge.to === e.host && edge.first < e.ts) ?? [];
  if (inbound.length > 0)
    parts.push(
      `Caution: ${e.host} was reached from ${inbound.map((i) => i.from).join(', ')} before that (lateral movement); the attack may have started there.`,
    );
  return {
    ...(e.host ? { host: e.host } : {}),
    ...(e.user ? { user: e.user } : {}),
    at: toUtcIso(e.ts),
    justification: parts.join(' '),
    events: [e.id],
    evidence: [e.evidenceId],
    candidates: listed,
  };
}

/** One edge of the graph: moves from one host (or address) to another, by kind. */
export interface LateralEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** Epoch ms of the first and last event. */
  readonly first: number;
  readonly last: number;
  readonly kinds: Readonly<Record<string, number>>;
  readonly users: readonly string[];
  /** Up to five event ids, the earliest. */
  readonly events: readonly string[];
}

export interface LateralGraph {
  readonly nodes: readonly {
    readonly id: string;
    readonly kind: 'host' | 'address';
    readonly firstSeen: number;
  }[];
  readonly edges: readonly LateralEdge[];
}

const PORT_KINDS: Readonly<Record<number, string>> = {
  22: 'SSH connection',
  135: 'RPC connection',
  445: 'SMB connection',
  3389: 'RDP connection',
  5985: 'WinRM connection',
  5986: 'WinRM connection',
};

const LOCAL = /^(?:127\.|::1$|0\.0\.0\.0$|-$|::$|fe80:)/i;

/** Builds the lateral-movement graph from candidate events in time order (feed them page by page). */
export class LateralGraphBuilder {
  private readonly hostOfIp = new Map<string, string>();
  private readonly edges = new Map<
    string,
    {
      from: string;
      to: string;
      count: number;
      first: number;
      last: number;
      kinds: Record<string, number>;
      users: Set<string>;
      events: string[];
    }
  >();
  /** The latest network logon per host, to find who installed a service remotely. */
  private readonly lastNetworkLogon = new Map<string, { from: string; ts: number; user: string | null }>();
  private readonly seen = new Map<string, { kind: 'host' | 'address'; first: number }>();

  /** Adds events (in time order). */
  add(events: readonly LeadEvent[]): void {
    for (const e of events) {
      if (e.host && e.hostIp && !LOCAL.test(e.hostIp)) this.hostOfIp.set(e.hostIp, e.host);
      for (const move of this.movesOf(e)) this.addEdge(move.from, move.to, move.kind, e, move.user);
    }
  }

  private node(ipOrHost: string): string {
    return this.hostOfIp.get(ipOrHost) ?? ipOrHost;
  }

  private movesOf(e: LeadEvent): { from: string; to: string; kind: string; user: string | null }[] {
    const moves: { from: string; to: string; kind: string; user: string | null }[] = [];
    const code = e.code;
    if (code === '4624' && e.host && e.srcIp && !LOCAL.test(e.srcIp)) {
      const type = e.labels.logon_type;
      if (type === '3' || type === '10') {
        const from = this.node(e.srcIp);
        moves.push({ from, to: e.host, kind: type === '10' ? 'RDP logon' : 'network logon', user: e.user });
        this.lastNetworkLogon.set(e.host, { from, ts: e.ts, user: e.user });
      }
    } else if ((code === '7045' || code === '4697') && e.host) {
      // The service install does not say who did it; a network logon to the host just before does.
      const logon = this.lastNetworkLogon.get(e.host);
      if (logon && e.ts - logon.ts <= 120_000)
        moves.push({ from: logon.from, to: e.host, kind: 'remote service creation', user: logon.user });
    } else if (e.dstPort !== null && PORT_KINDS[e.dstPort] && e.dstIp && !LOCAL.test(e.dstIp)) {
      const from = e.host ?? (e.srcIp ? this.node(e.srcIp) : undefined);
      if (from)
        moves.push({ from, to: this.node(e.dstIp), kind: PORT_KINDS[e.dstPort] as string, user: e.user });
    } else if (
      e.srcIp &&
      e.host &&
      !LOCAL.test(e.srcIp) &&
      /\bAccepted (?:password|publickey|keyboard-interactive)/.test(e.message)
    ) {
      moves.push({ from: this.node(e.srcIp), to: e.host, kind: 'SSH login', user: e.user });
    }
    return moves.filter((m) => m.from !== m.to);
  }

  private addEdge(from: string, to: string, kind: string, e: LeadEvent, user: string | null): void {
    const key = `${from}\u0000${to}`;
    const edge = this.edges.get(key) ?? {
      from,
      to,
      count: 0,
      first: e.ts,
      last: e.ts,
      kinds: {},
      users: new Set<string>(),
      events: [],
    };
    edge.count++;
    edge.last = e.ts;
    edge.kinds[kind] = (edge.kinds[kind] ?? 0) + 1;
    if (user) edge.users.add(user);
    if (edge.events.length < 5) edge.events.push(e.id);
    this.edges.set(key, edge);
    for (const id of [from, to]) {
      if (this.seen.has(id)) continue;
      const isAddress = /^[\d.]+$|:/.test(id);
      this.seen.set(id, { kind: isAddress ? 'address' : 'host', first: e.ts });
    }
  }

  /** The graph: nodes by first appearance, edges by their first move. */
  result(): LateralGraph {
    return {
      nodes: [...this.seen.entries()]
        .map(([id, n]) => ({ id, kind: n.kind, firstSeen: n.first }))
        .sort((a, b) => a.firstSeen - b.firstSeen),
      edges: [...this.edges.values()]
        .map((e) => ({ ...e, users: [...e.users].sort() }))
        .sort((a, b) => a.first - b.first),
    };
  }
}
