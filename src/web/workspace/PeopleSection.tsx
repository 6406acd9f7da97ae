/**
 * People: who took part and in which review role, the blameless interviews, the review session (with its
 * calendar) and the post-mortem's members. Editors (`post-mortem:edit`) edit the first three parts of the
 * document with the shared part editor; leads and admins (`post-mortem:members`) change the members.
 */
import { useAuth } from '../auth.js';
import { InterviewsEditor } from '../people/InterviewsEditor.js';
import { MembersPanel } from '../people/MembersPanel.js';
import { PeopleEditor } from '../people/PeopleEditor.js';
import { SessionEditor } from '../people/SessionEditor.js';
import type { SectionProps } from './sections.js';
import '../styles/people.css';

/** The people section. */
export function PeopleSection(props: SectionProps) {
  const auth = useAuth();
  const canEdit = auth.can('post-mortem:edit');
  return (
    <section className="ws-section people" aria-labelledby="people-section-heading">
      <h2 id="people-section-heading">People</h2>
      <PeopleEditor {...props} canEdit={canEdit} />
      <SessionEditor {...props} canEdit={canEdit} />
      <InterviewsEditor {...props} canEdit={canEdit} />
      <MembersPanel
        postMortemId={props.postMortemId}
        canManage={auth.can('post-mortem:members')}
        restricted={props.doc.restricted}
      />
    </section>
  );
}
