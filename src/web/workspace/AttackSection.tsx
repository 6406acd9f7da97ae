/**
 * The "ATT&CK" section: the techniques seen on the ATT&CK matrix (`GET …/attack/matrix`), the attack path and
 * vector (`GET …/attack-path`), the mitigations as recommendation drafts (`GET …/attack-mitigations`), patient
 * zero (`GET …/patient-zero`) and the lateral-movement graph that answer carries. Editors add the mitigations as
 * recommendations and confirm or override patient zero; viewers and auditors read.
 */
import type { ReactNode } from 'react';
import { AttackMatrix } from '../attack/AttackMatrix.js';
import { AttackPath } from '../attack/AttackPath.js';
import {
  type AttackMatrixAnswer,
  type AttackPathAnswer,
  LOAD_CATALOG_HINT,
  type MitigationDrafts,
  type PatientZeroAnswer,
  postMortemPath,
} from '../attack/attack-api.js';
import { LateralGraph } from '../attack/LateralGraph.js';
import { Mitigations } from '../attack/Mitigations.js';
import { PatientZero } from '../attack/PatientZero.js';
import { useAuth } from '../auth.js';
import { type Loadable, useApiGet } from '../indicators/use-api-get.js';
import type { SectionProps } from './sections.js';
import '../styles/attack.css';

/** Shows a loadable answer: loading, the server's message, or `render(data)`. */
function Show<T>({
  state,
  what,
  render,
}: {
  readonly state: Loadable<T>;
  readonly what: string;
  readonly render: (data: T) => ReactNode;
}) {
  if (state.status === 'loading')
    return (
      <p className="loading" role="status">
        Loading {what}…
      </p>
    );
  if (state.status === 'error')
    return (
      <p className="error" role="alert">
        {state.message}
      </p>
    );
  return <>{render(state.data)}</>;
}

/** The mitigation drafts, read once the matrix says a catalogue is loaded. */
function MitigationsPanel(props: {
  readonly postMortemId: string;
  readonly version: number;
  readonly canEdit: boolean;
  readonly onAdded: () => void;
}) {
  const drafts = useApiGet<MitigationDrafts>(
    postMortemPath(props.postMortemId, 'attack-mitigations'),
    undefined,
    props.version,
  );
  return (
    <Show
      state={drafts.state}
      what="the mitigations"
      render={(data) => (
        <Mitigations
          postMortemId={props.postMortemId}
          drafts={data}
          canEdit={props.canEdit}
          onAdded={props.onAdded}
        />
      )}
    />
  );
}

/** The ATT&CK section. */
export function AttackSection({ postMortemId, doc, reload: reloadDoc }: SectionProps) {
  const canEdit = useAuth().can('post-mortem:edit');
  // The document's version: a write (or another person's) makes every panel read its answer again.
  const version = doc.version ?? 0;
  const matrix = useApiGet<AttackMatrixAnswer>(
    postMortemPath(postMortemId, 'attack/matrix'),
    undefined,
    version,
  );
  const path = useApiGet<AttackPathAnswer>(postMortemPath(postMortemId, 'attack-path'), undefined, version);
  const pz = useApiGet<PatientZeroAnswer>(postMortemPath(postMortemId, 'patient-zero'), undefined, version);
  const patientZeroHost =
    pz.state.status === 'ready' ? (pz.state.data.recorded?.host ?? pz.state.data.suggestion.host) : undefined;
  // Without a catalogue there are no mitigations to ask for (the route would answer 400): say how to load one.
  const noCatalog = matrix.state.status === 'ready' && matrix.state.data.catalog === null;

  return (
    <section className="ws-section attack-section" aria-labelledby="attack-heading">
      <h2 id="attack-heading">ATT&amp;CK</h2>

      <h3>Techniques on the matrix</h3>
      <Show state={matrix.state} what="the techniques" render={(data) => <AttackMatrix matrix={data} />} />

      <h3>Attack path</h3>
      <Show state={path.state} what="the attack path" render={(data) => <AttackPath path={data} />} />

      <h3>Mitigations</h3>
      {noCatalog ? (
        <p className="hint">{LOAD_CATALOG_HINT}</p>
      ) : matrix.state.status === 'ready' ? (
        <MitigationsPanel
          postMortemId={postMortemId}
          version={version}
          canEdit={canEdit}
          onAdded={reloadDoc}
        />
      ) : null}

      <h3>Patient zero</h3>
      <Show
        state={pz.state}
        what="patient zero"
        render={(data) => (
          <PatientZero postMortemId={postMortemId} answer={data} canEdit={canEdit} onRecorded={reloadDoc} />
        )}
      />

      <h3>Lateral movement</h3>
      <Show
        state={pz.state}
        what="the lateral-movement graph"
        render={(data) => <LateralGraph graph={data.lateral} patientZero={patientZeroHost} />}
      />
    </section>
  );
}
