/**
 * The techniques a post-mortem saw, on the ATT&CK matrix (`GET /api/post-mortems/:id/attack/matrix`): one column
 * per tactic in the catalogue's kill-chain order, each seen technique in the column of every tactic it belongs to,
 * with its count and first sighting. Techniques the catalogue does not place are listed below the matrix; with no
 * catalogue at all, the techniques are listed with how to load one.
 */
import { formatMinute, plural } from '../indicators/format.js';
import { type AttackMatrixAnswer, LOAD_CATALOG_HINT, type MatrixTechnique } from './attack-api.js';

/** What the count of a technique is made of, for its tooltip and screen readers. */
export function countBreakdown(t: MatrixTechnique): string {
  return [
    t.entries.length > 0 ? plural(t.entries.length, 'timeline entry', 'timeline entries') : '',
    t.sigmaMatches > 0 ? plural(t.sigmaMatches, 'Sigma match', 'Sigma matches') : '',
    t.toolDetections > 0 ? plural(t.toolDetections, 'tool detection') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function TechniqueCard({ t }: { readonly t: MatrixTechnique }) {
  return (
    <li className="attack-technique">
      <span className="attack-technique-id">{t.technique}</span>
      {t.name ? <span className="attack-technique-name"> {t.name}</span> : null}
      <span className="attack-sep"> · </span>
      <span className="attack-technique-meta">
        <span title={countBreakdown(t)}>{plural(t.count, 'sighting')}</span> · first{' '}
        {formatMinute(t.firstSeen)}
      </span>
    </li>
  );
}

/** The matrix, or the list of techniques with the hint to load the catalogue. */
export function AttackMatrix({ matrix }: { readonly matrix: AttackMatrixAnswer }) {
  if (matrix.techniques.length === 0) {
    return (
      <p>
        No ATT&amp;CK technique seen yet: tag curated timeline entries, run Sigma rules or import detections.
      </p>
    );
  }
  const off = matrix.techniques.filter(
    (t) => !t.tactics.some((tactic) => matrix.tactics.some((c) => c.shortname === tactic)),
  );
  return (
    <div className="attack-matrix-wrap">
      {matrix.catalog === null ? (
        <p className="attack-no-catalog" role="note">
          {LOAD_CATALOG_HINT}
        </p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the matrix scrolls sideways; keyboard users need focus to scroll it.
        <section className="attack-matrix" aria-label="ATT&CK matrix" tabIndex={0}>
          {matrix.tactics.map((tactic) => {
            const here = matrix.techniques.filter((t) => t.tactics.includes(tactic.shortname));
            return (
              // biome-ignore lint/a11y/useSemanticElements: a matrix column is a named group, not a form fieldset.
              <div
                key={tactic.shortname}
                role="group"
                aria-label={`${tactic.name} (${tactic.id})`}
                className={here.length === 0 ? 'attack-tactic empty' : 'attack-tactic'}
              >
                <h4>
                  {tactic.name} <span className="attack-tactic-count">{here.length}</span>
                </h4>
                {here.length === 0 ? (
                  <p className="attack-none">—</p>
                ) : (
                  <ul>
                    {here.map((t) => (
                      <TechniqueCard key={t.technique} t={t} />
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </section>
      )}
      {off.length > 0 ? (
        <div className="attack-off-matrix">
          <h4>
            {matrix.catalog === null
              ? 'Techniques seen'
              : 'Not placed on the matrix (unknown to the catalogue)'}
          </h4>
          <ul aria-label={matrix.catalog === null ? 'Techniques seen' : 'Techniques not on the matrix'}>
            {off.map((t) => (
              <TechniqueCard key={t.technique} t={t} />
            ))}
          </ul>
        </div>
      ) : null}
      {matrix.catalog ? (
        <p className="attack-credit">
          ATT&amp;CK {matrix.catalog.version}. {matrix.catalog.credit}
        </p>
      ) : null}
    </div>
  );
}
