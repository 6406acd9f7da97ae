/**
 * The approval gate (docs/reports.md, "Rules"): a clean blameless lint and no missed compliance obligation left
 * unexplained, unless waived. Shows each gate as passing, waived (by whom, why) or blocking, and the blockers:
 * the lint findings with their suggestion, the missed obligations with what explains one.
 */
import { SIGN_OFF_GATES, type SignOffGate } from '../../core/sign-off.js';
import type { Gate } from './review-api.js';

/** The name of each gate. */
export const GATE_LABELS: Readonly<Record<SignOffGate, string>> = {
  'blameless-lint': 'Blameless language',
  compliance: 'Missed obligations explained',
};

/** The findings shown before "and N more". */
const SHOWN_FINDINGS = 20;

/** The gates that block approval and have no waiver (the ones a lead may waive). */
export function blockingGates(gate: Gate): SignOffGate[] {
  return gate.gates.filter((g) => !g.clean && g.waiver === undefined).map((g) => g.gate);
}

/** The gate and its blockers. */
export function GateView({ gate }: { readonly gate: Gate }) {
  return (
    <section className="review-gate" aria-labelledby="review-gate-heading">
      <h4 id="review-gate-heading">Approval gate</h4>
      <p className={gate.passed ? 'gate-verdict passed' : 'gate-verdict blocked'}>
        {gate.passed
          ? '✓ The gate passes: approvals can go ahead.'
          : '✗ The gate blocks approval until fixed or waived.'}
      </p>
      <ul className="gate-list">
        {SIGN_OFF_GATES.map((name) => {
          const state = gate.gates.find((g) => g.gate === name);
          const text =
            state === undefined || state.clean
              ? 'clean'
              : state.waiver
                ? `waived by ${state.waiver.by} on ${state.waiver.at}: ${state.waiver.reason}`
                : 'blocking';
          return (
            <li
              key={name}
              className={`gate-item gate-${state?.clean !== false ? 'clean' : state.waiver ? 'waived' : 'blocking'}`}
            >
              <strong>{GATE_LABELS[name]}</strong>: {text}
            </li>
          );
        })}
      </ul>
      {gate.lint.length > 0 ? (
        <>
          <h5>Blameless-language findings ({gate.lint.length})</h5>
          <ul className="gate-findings">
            {gate.lint.slice(0, SHOWN_FINDINGS).map((f) => (
              <li key={`${f.path}-${f.start}-${f.rule}`}>
                <code>{f.path}</code>: “{f.text}” ({f.category}) — {f.suggestion}
              </li>
            ))}
          </ul>
          {gate.lint.length > SHOWN_FINDINGS ? (
            <p className="muted">
              and {gate.lint.length - SHOWN_FINDINGS} more (debrief lint lists them all).
            </p>
          ) : null}
        </>
      ) : null}
      {gate.unexplained.length > 0 ? (
        <>
          <h5>Missed obligations without an explanation ({gate.unexplained.length})</h5>
          <ul className="gate-findings">
            {gate.unexplained.map((o) => (
              <li key={`${o.regime}/${o.obligation}`}>
                <code>
                  {o.regime}/{o.obligation}
                </code>{' '}
                {o.title}: {o.reason}
              </li>
            ))}
          </ul>
          <p className="hint">
            Explain one in a lesson or a “went poorly” item that names it as regime/obligation (for example{' '}
            <code>gdpr/authority was notified late because…</code>), or waive the gate with a reason.
          </p>
        </>
      ) : null}
    </section>
  );
}
