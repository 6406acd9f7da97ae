/**
 * The response evaluation scorecard (`GET /api/post-mortems/:id/evaluation`, as `debrief evaluate --json`): each
 * aspect of the response with its score from 0 to 100 and how it was computed (or why it could not be), and the
 * overall score. Fetched again for each stored version, since the scores follow the document.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { scorecardResponseSchema } from '../../contract/api.js';
import { ApiError, apiGet } from '../api.js';

/** The scorecard as the API answers it. */
export type WebScorecard = z.infer<typeof scorecardResponseSchema>;

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly scorecard: WebScorecard };

/** A score's band in words (not colour alone): good from 80, fair from 50, else poor. */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

/** The scorecard of `postMortemId` at `version`. */
export function ScorecardPanel({
  postMortemId,
  version,
}: {
  readonly postMortemId: string;
  readonly version: number | undefined;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    void version;
    setLoaded({ status: 'loading' });
    apiGet<WebScorecard>(`/post-mortems/${encodeURIComponent(postMortemId)}/evaluation`, undefined, {
      signal: controller.signal,
    })
      .then((scorecard) => setLoaded({ status: 'ready', scorecard }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({
          status: 'error',
          message:
            error instanceof ApiError ? error.message : 'the scorecard could not be loaded; try again later',
        });
      });
    return () => controller.abort();
  }, [postMortemId, version]);

  return (
    <section className="evaluation-panel" aria-labelledby="scorecard-heading">
      <h3 id="scorecard-heading">Response evaluation scorecard</h3>
      {loaded.status === 'loading' ? (
        <p className="loading" role="status">
          Loading the scorecard…
        </p>
      ) : loaded.status === 'error' ? (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      ) : (
        <ScorecardTable scorecard={loaded.scorecard} />
      )}
    </section>
  );
}

function ScoreCell({ score }: { readonly score: number | null }) {
  if (score === null) return <span className="muted">not computable</span>;
  const band = scoreBand(score);
  return (
    <span className={`score score-${band}`}>
      <meter min={0} max={100} low={50} high={80} optimum={100} value={score} aria-hidden="true" />
      <span>
        {score} <span className="score-band">({band})</span>
      </span>
    </span>
  );
}

function ScorecardTable({ scorecard }: { readonly scorecard: WebScorecard }) {
  return (
    <>
      <p className="scorecard-overall">
        <strong>Overall:</strong> <ScoreCell score={scorecard.overall} />
        <span className="muted"> (the mean of the aspects that could be computed)</span>
      </p>
      <table className="ws-table scorecard-table">
        <caption>Scores of the response, 0 to 100</caption>
        <thead>
          <tr>
            <th scope="col">Aspect</th>
            <th scope="col">Score</th>
            <th scope="col">How it was computed</th>
          </tr>
        </thead>
        <tbody>
          {scorecard.items.map((item) => (
            <tr key={item.id}>
              <th scope="row">{item.label}</th>
              <td>
                <ScoreCell score={item.score} />
              </td>
              <td>{item.computation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
