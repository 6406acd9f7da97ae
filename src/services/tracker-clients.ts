/**
 * REST clients of the issue trackers Debrief syncs with, two-way: Jira (Cloud REST v3, or Data Center with a
 * personal access token) and GitHub Issues. Each creates an issue for a recommendation, finds the issue it created
 * before by the marker it left (so a run interrupted between creating and recording never creates a duplicate),
 * and reads an issue's state back.
 *
 * Rate limits and transient errors are retried: HTTP 429 and GitHub's 403 with an exhausted limit wait for
 * `Retry-After` or the reset time (up to a minute, else the run stops and says when to retry); 5xx and network
 * errors back off 1, 2, 4 seconds. Tokens never appear in errors.
 */
import { DomainError } from '../core/errors.js';

/** An issue as Debrief reads it back. */
export interface TrackedIssue {
  readonly key: string;
  readonly url: string;
  /** Where the issue stands, in Debrief's words. */
  readonly state: 'open' | 'in-progress' | 'done' | 'not-planned';
  /** The tracker's own status name, for the record. */
  readonly status: string;
}

/** What a new issue says. */
export interface NewIssue {
  /** The marker reference: `INC-2026-014/R-03`. */
  readonly ref: string;
  readonly title: string;
  readonly body: string;
  readonly due?: string;
}

export interface TrackerClient {
  readonly system: 'jira' | 'github';
  /** The issue created earlier for this reference, if any. */
  find(ref: string): Promise<TrackedIssue | undefined>;
  create(issue: NewIssue): Promise<TrackedIssue>;
  get(key: string): Promise<TrackedIssue>;
}

/** How the clients wait and call (tests make waiting instant). */
export interface HttpOptions {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The longest wait for a rate limit before giving up. */
  readonly maxWaitMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls a JSON API with retries; returns the parsed body. */
async function call(name: string, url: string, init: RequestInit, options: HttpOptions): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxWait = options.maxWaitMs ?? 60_000;
  const path = new URL(url).pathname;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      if (attempt >= 4)
        throw new DomainError(
          'remote_unavailable',
          `${name}: ${(error as Error).message} (${init.method ?? 'GET'} ${path})`,
        );
      await sleep(1000 * 2 ** (attempt - 1));
      continue;
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    const limited = response.status === 429 || (response.status === 403 && remaining === '0');
    if (limited) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      const wait =
        Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : Number.isFinite(reset) && reset > 0
            ? Math.max(0, reset * 1000 - Date.now())
            : 1000 * 2 ** (attempt - 1);
      await response.body?.cancel();
      if (wait > maxWait || attempt >= 4)
        throw new DomainError(
          'remote_unavailable',
          `${name} rate limit: try again in ${Math.ceil(wait / 1000)} s (${init.method ?? 'GET'} ${path})`,
        );
      await sleep(wait);
      continue;
    }
    if (response.status >= 500 && attempt < 4) {
      await response.body?.cancel();
      await sleep(1000 * 2 ** (attempt - 1));
      continue;
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const body = JSON.parse(text) as {
          message?: string;
          errorMessages?: string[];
          errors?: Record<string, string>;
        };
        detail =
          body.message ??
          [
            ...(body.errorMessages ?? []),
            ...Object.entries(body.errors ?? {}).map(([k, v]) => `${k}: ${v}`),
          ].join('; ');
      } catch {
        // Not JSON: the start of the text.
      }
      const hint =
        response.status === 401 || response.status === 403 ? ' (check the token and its permissions)' : '';
      throw new DomainError(
        response.status === 404 ? 'not_found' : 'invalid_input',
        `${name} answered HTTP ${response.status} to ${init.method ?? 'GET'} ${path}: ${detail}${hint}`,
      );
    }
    return text === '' ? undefined : JSON.parse(text);
  }
}

/** The marker GitHub issues carry in their body. */
export function githubMarker(ref: string): string {
  return `<!-- debrief:${ref} -->`;
}

/** The label Jira issues carry (labels cannot hold spaces or slashes). */
export function jiraLabel(ref: string): string {
  return `debrief-${ref.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** GitHub Issues, REST API 2022-11-28. */
export function githubClient(
  config: { readonly repo: string; readonly token: string; readonly apiUrl?: string },
  http: HttpOptions = {},
): TrackerClient {
  if (config.repo !== '' && !/^[\w.-]+\/[\w.-]+$/.test(config.repo))
    throw new DomainError('invalid_input', `--repo "${config.repo}" is not owner/name`);
  const root = (config.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const base = `${root}/repos/${config.repo}`;
  const headers = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    authorization: `Bearer ${config.token}`,
    'user-agent': 'Debrief',
  };
  type Issue = {
    number: number;
    html_url: string;
    state: string;
    state_reason?: string | null;
    body?: string | null;
    pull_request?: unknown;
  };
  const view = (i: Issue): TrackedIssue => ({
    key: `${config.repo}#${i.number}`,
    url: i.html_url,
    state: i.state === 'closed' ? (i.state_reason === 'not_planned' ? 'not-planned' : 'done') : 'open',
    status: i.state === 'closed' ? `closed${i.state_reason ? ` (${i.state_reason})` : ''}` : 'open',
  });
  return {
    system: 'github',
    async find(ref) {
      const marker = githubMarker(ref);
      for (let page = 1; page <= 50; page++) {
        const issues = (await call(
          'GitHub',
          `${base}/issues?labels=debrief&state=all&per_page=100&page=${page}`,
          { headers },
          http,
        )) as Issue[];
        const found = issues.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
        if (found) return view(found);
        if (issues.length < 100) return undefined;
      }
      return undefined;
    },
    async create(issue) {
      const body = `${issue.body}\n\n${issue.due ? `Due: ${issue.due}\n\n` : ''}${githubMarker(issue.ref)}`;
      const created = (await call(
        'GitHub',
        `${base}/issues`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ title: issue.title, body, labels: ['debrief'] }),
        },
        http,
      )) as Issue;
      return view(created);
    },
    async get(key) {
      // The key names its repository: pulls work across repositories with one client.
      const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(key);
      if (!m) throw new DomainError('invalid_input', `"${key}" is not a GitHub issue key (owner/name#123)`);
      const issue = (await call(
        'GitHub',
        `${root}/repos/${m[1]}/issues/${m[2]}`,
        { headers },
        http,
      )) as Issue;
      return { ...view(issue), key };
    },
  };
}

/** Jira: Cloud (e-mail and API token, REST v3) or Data Center (personal access token). */
export function jiraClient(
  config: {
    readonly url: string;
    readonly project: string;
    readonly email?: string;
    readonly token: string;
    readonly issueType?: string;
  },
  http: HttpOptions = {},
): TrackerClient {
  const base = config.url.replace(/\/$/, '');
  const authorization = config.email
    ? `Basic ${Buffer.from(`${config.email}:${config.token}`).toString('base64')}`
    : `Bearer ${config.token}`;
  const headers = { accept: 'application/json', authorization, 'user-agent': 'Debrief' };
  type Issue = {
    key: string;
    fields?: {
      status?: { name?: string; statusCategory?: { key?: string } };
      resolution?: { name?: string } | null;
    };
  };
  const view = (i: Issue): TrackedIssue => {
    const category = i.fields?.status?.statusCategory?.key;
    const resolution = i.fields?.resolution?.name?.toLowerCase() ?? '';
    const notPlanned = /won't|wont|not|duplicate|cannot|declined/.test(resolution);
    return {
      key: i.key,
      url: `${base}/browse/${i.key}`,
      state:
        category === 'done'
          ? notPlanned
            ? 'not-planned'
            : 'done'
          : category === 'indeterminate'
            ? 'in-progress'
            : 'open',
      status: i.fields?.status?.name ?? 'unknown',
    };
  };
  return {
    system: 'jira',
    async find(ref) {
      const jql = `project = "${config.project}" AND labels = "${jiraLabel(ref)}"`;
      const result = (await call(
        'Jira',
        `${base}/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=status,resolution&maxResults=1`,
        { headers },
        http,
      )) as { issues?: Issue[] };
      const found = result.issues?.[0];
      return found ? view(found) : undefined;
    },
    async create(issue) {
      const fields = {
        project: { key: config.project },
        issuetype: { name: config.issueType ?? 'Task' },
        summary: issue.title.slice(0, 255),
        // Atlassian Document Format: one paragraph per line of the body.
        description: {
          type: 'doc',
          version: 1,
          content: issue.body
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
        },
        labels: ['debrief', jiraLabel(issue.ref)],
        ...(issue.due ? { duedate: issue.due } : {}),
      };
      const created = (await call(
        'Jira',
        `${base}/rest/api/3/issue`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ fields }),
        },
        http,
      )) as { key: string };
      return { key: created.key, url: `${base}/browse/${created.key}`, state: 'open', status: 'created' };
    },
    async get(key) {
      return view(
        (await call(
          'Jira',
          `${base}/rest/api/3/issue/${encodeURIComponent(key)}?fields=status,resolution`,
          { headers },
          http,
        )) as Issue,
      );
    },
  };
}
