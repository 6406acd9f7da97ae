/**
 * The blameless language review of a post-mortem (`GET /api/post-mortems/:id/lint`, internal audience), fetched
 * once per stored version: a save makes a new version, so the findings are read again then and only then.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { lintResponseSchema } from '../../contract/api.js';
import { ApiError, apiGet } from '../api.js';

/** One finding as the API answers it: the field path (`lessons[2].text`), the span, the rule and a suggestion. */
export type WebLintFinding = z.infer<typeof lintResponseSchema>['findings'][number];

/** The findings of the current version, or why they are not there. */
export type LintState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly findings: readonly WebLintFinding[] };

/** Fetches the language findings of `postMortemId`, again whenever `version` changes (a new version was stored). */
export function useLintFindings(postMortemId: string, version: number | undefined): LintState {
  const [state, setState] = useState<LintState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    // `version` is read so the effect runs again for each stored version.
    void version;
    setState({ status: 'loading' });
    apiGet<z.infer<typeof lintResponseSchema>>(
      `/post-mortems/${encodeURIComponent(postMortemId)}/lint`,
      { audience: 'internal' },
      { signal: controller.signal },
    )
      .then((answer) => setState({ status: 'ready', findings: answer.findings }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'error',
          message:
            error instanceof ApiError
              ? error.message
              : 'the language review could not be loaded; try again later',
        });
      });
    return () => controller.abort();
  }, [postMortemId, version]);
  return state;
}

/** The findings of `state` for one place: `path` exactly, or (with `prefix`) anything under it. */
export function findingsAt(state: LintState, path: string, prefix = false): readonly WebLintFinding[] {
  if (state.status !== 'ready') return [];
  return state.findings.filter(
    (f) => f.path === path || (prefix && (f.path.startsWith(`${path}.`) || f.path.startsWith(`${path}[`))),
  );
}
