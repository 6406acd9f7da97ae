/**
 * The issue trackers configured in the environment (the same variables as `debrief track`): Jira with
 * DEBRIEF_JIRA_URL, DEBRIEF_JIRA_TOKEN and, for Jira Cloud, DEBRIEF_JIRA_EMAIL; GitHub with DEBRIEF_GITHUB_TOKEN and
 * optionally DEBRIEF_GITHUB_API_URL (GitHub Enterprise). Tokens stay in the environment, never in the database.
 */
import { DomainError, isDomainError } from '../core/errors.js';
import { githubClient, jiraClient, type TrackerClient } from './tracker-clients.js';

/** The environment variables read (others are ignored). */
export type TrackerEnvironment = Readonly<Record<string, string | undefined>>;

/** Where to push: a Jira project or a GitHub repository. */
export type TrackerTarget =
  | { readonly to: 'jira'; readonly project: string }
  | { readonly to: 'github'; readonly repo: string };

function jira(env: TrackerEnvironment, project: string): TrackerClient | undefined {
  const url = env.DEBRIEF_JIRA_URL;
  const token = env.DEBRIEF_JIRA_TOKEN;
  if (!url || !token) return undefined;
  return jiraClient({
    url,
    project,
    token,
    ...(env.DEBRIEF_JIRA_EMAIL ? { email: env.DEBRIEF_JIRA_EMAIL } : {}),
  });
}

function github(env: TrackerEnvironment, repo: string): TrackerClient | undefined {
  const token = env.DEBRIEF_GITHUB_TOKEN;
  if (!token) return undefined;
  const apiUrl = env.DEBRIEF_GITHUB_API_URL;
  return githubClient({ repo, token, ...(apiUrl ? { apiUrl } : {}) });
}

/** The client that pushes to `target`; `invalid_input` naming the variables when the tracker is not configured. */
export function trackerClientFor(env: TrackerEnvironment, target: TrackerTarget): TrackerClient {
  if (target.to === 'jira') {
    const client = jira(env, target.project);
    if (client === undefined)
      throw new DomainError(
        'invalid_input',
        'Jira needs DEBRIEF_JIRA_URL and DEBRIEF_JIRA_TOKEN (with DEBRIEF_JIRA_EMAIL for Jira Cloud API tokens) in the server environment',
      );
    return client;
  }
  const client = github(env, target.repo);
  if (client === undefined)
    throw new DomainError(
      'invalid_input',
      'GitHub needs DEBRIEF_GITHUB_TOKEN (a token allowed to write issues) in the server environment',
    );
  return client;
}

/** Every configured tracker, to read linked issues back; `invalid_input` when none is. */
export function configuredTrackers(env: TrackerEnvironment): TrackerClient[] {
  // Reading back needs no project or repository: each link names its own.
  const clients = [jira(env, ''), github(env, '')].filter((c): c is TrackerClient => c !== undefined);
  if (clients.length === 0)
    throw new DomainError(
      'invalid_input',
      'no tracker configured: set DEBRIEF_JIRA_URL and DEBRIEF_JIRA_TOKEN, or DEBRIEF_GITHUB_TOKEN',
    );
  return clients;
}

/**
 * A tracker client whose failures are the tracker's: for an API caller, its 401 or 404 is not the caller's request
 * going wrong, so every failure it reports answers 502 `remote_unavailable` (the message says what it answered).
 */
export function asRemoteFailures(client: TrackerClient): TrackerClient {
  const relay = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isDomainError(error) && error.code !== 'remote_unavailable')
        throw new DomainError('remote_unavailable', error.message, {
          ...error.details,
          tracker: client.system,
        });
      throw error;
    }
  };
  return {
    system: client.system,
    find: (ref) => relay(() => client.find(ref)),
    create: (issue) => relay(() => client.create(issue)),
    get: (key) => relay(() => client.get(key)),
  };
}
