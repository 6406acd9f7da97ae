/**
 * Review and sign-off over REST (docs/reports.md, "REST routes"): the review overview (`GET .../versions`), the
 * actions (`POST .../review/submit|approve|request-changes|waivers|publish|reopen`, with the ETag read as
 * If-Match), the diff of two versions (`GET .../diff?from=&to=`) and the address of a frozen version's report
 * (`GET .../report?version=N`). Types come from the API contract.
 */
import type { z } from 'zod';
import type {
  decisionResponseSchema,
  diffResponseSchema,
  publishResponseSchema,
  reopenResponseSchema,
  reviewOverviewSchema,
  submitResponseSchema,
  waiverResponseSchema,
} from '../../contract/review-api.js';
import type { SignOffGate } from '../../core/sign-off.js';
import { apiGet, apiSend, apiUrl } from '../api.js';

/** `GET .../versions`: status, frozen versions, the current round, waivers and the gate. */
export type ReviewOverview = z.output<typeof reviewOverviewSchema>;
/** `GET .../diff`. */
export type VersionDiff = z.output<typeof diffResponseSchema>;
/** A frozen version. */
export type ReportVersion = ReviewOverview['versions'][number];
/** The approval gate. */
export type Gate = ReviewOverview['gate'];

/** A review action as the panel sends it. */
export type ReviewRequest =
  | { readonly action: 'submit' }
  | {
      readonly action: 'approve' | 'request-changes';
      readonly comment?: string;
      /** The approver decided for (admins, on their behalf); absent, the one whose e-mail is the account's. */
      readonly person?: string;
    }
  | { readonly action: 'waive'; readonly gate: SignOffGate; readonly reason: string }
  | { readonly action: 'publish' }
  | { readonly action: 'reopen' };

/** What an action answered. */
export type ReviewAnswer =
  | ({ readonly action: 'submit' } & z.output<typeof submitResponseSchema>)
  | ({ readonly action: 'approve' | 'request-changes' } & z.output<typeof decisionResponseSchema>)
  | ({ readonly action: 'waive' } & z.output<typeof waiverResponseSchema>)
  | ({ readonly action: 'publish' } & z.output<typeof publishResponseSchema>)
  | ({ readonly action: 'reopen' } & z.output<typeof reopenResponseSchema>);

const base = (id: string) => `/post-mortems/${encodeURIComponent(id)}`;

/** Reads the review overview. */
export function getReviewOverview(postMortemId: string): Promise<ReviewOverview> {
  return apiGet<ReviewOverview>(`${base(postMortemId)}/versions`);
}

/** The route and body of an action. */
export function reviewRoute(request: ReviewRequest): { readonly path: string; readonly body?: unknown } {
  switch (request.action) {
    case 'submit':
    case 'publish':
    case 'reopen':
      return { path: `review/${request.action}` };
    case 'approve':
    case 'request-changes':
      return {
        path: `review/${request.action}`,
        body: {
          ...(request.comment === undefined || request.comment.trim() === ''
            ? {}
            : { comment: request.comment.trim() }),
          ...(request.person === undefined || request.person === '' ? {} : { person: request.person }),
        },
      };
    case 'waive':
      return { path: 'review/waivers', body: { gate: request.gate, reason: request.reason.trim() } };
    default:
      return request satisfies never;
  }
}

/** Runs a review action against the version read (`If-Match`, when known). */
export async function runReviewAction(
  postMortemId: string,
  request: ReviewRequest,
  etag: string | undefined,
): Promise<ReviewAnswer> {
  const { path, body } = reviewRoute(request);
  const answer = await apiSend<object>(
    'POST',
    `${base(postMortemId)}/${path}`,
    body,
    etag === undefined ? {} : { ifMatch: etag },
  );
  return { ...answer, action: request.action } as ReviewAnswer;
}

/** What changed between two versions (numbers or `current`). */
export function getVersionDiff(postMortemId: string, from: string, to: string): Promise<VersionDiff> {
  return apiGet<VersionDiff>(`${base(postMortemId)}/diff`, { from, to });
}

/** The address of the report of frozen version `version`, in a format. */
export function versionReportUrl(postMortemId: string, version: number, format: string): string {
  return apiUrl(`${base(postMortemId)}/report`, { format, version });
}

/** `POST /api/auth/reauthenticate`: confirms the password (and one-time code) for sensitive operations. */
export async function reauthenticate(password: string, code: string): Promise<void> {
  await apiSend<unknown>('POST', '/auth/reauthenticate', {
    password,
    ...(code.trim() === '' ? {} : { code: code.trim() }),
  });
}
