/**
 * The attack path (`GET /api/post-mortems/:id/attack-path`): the curated timeline's techniques in order of first
 * occurrence, with the entry and time each first appears, and the attack vector with the reason it was chosen.
 */
import { formatInstant } from '../indicators/format.js';
import type { AttackPathAnswer } from './attack-api.js';

/** The attack vector, the path as an ordered list, and the catalogue's warnings. */
export function AttackPath({ path }: { readonly path: AttackPathAnswer }) {
  return (
    <div className="attack-path">
      <p className="attack-vector">
        <strong>Attack vector:</strong>{' '}
        {path.vector ? (
          <>
            {path.vector.technique}
            {path.vector.name ? ` ${path.vector.name}` : ''}
            {path.vector.entry ? ` (entry ${path.vector.entry})` : ''}
          </>
        ) : (
          'not determined'
        )}
        {path.vectorReason ? <span className="hint"> — {path.vectorReason}</span> : null}
      </p>
      {path.steps.length === 0 ? (
        <p>The curated timeline names no technique yet.</p>
      ) : (
        <ol className="attack-steps" aria-label="Attack path">
          {path.steps.map((step) => (
            <li key={step.technique}>
              <span className="attack-technique-id">{step.technique}</span>
              {step.name ? ` ${step.name}` : ''}
              {step.tactics.length > 0 ? <span className="hint"> ({step.tactics.join(', ')})</span> : null}
              <span className="attack-technique-meta">
                {' '}
                · entry {step.entry} · {formatInstant(step.at)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {path.warnings.length > 0 ? (
        <ul className="attack-warnings" aria-label="Attack path warnings">
          {path.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
