import { askForConsent, recordOutcome, voteOnItem } from '../../services/meeting-control/consent';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, type ControlSocket } from './sockets';

/** Consent per agenda item: the chair asks, participants vote, the chair records the outcome. */
export function consentHandlers({ app, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'chair:consent-ask', async (s, { meetingId, itemId, proposal }) => {
    joined(s, meetingId);
    await askForConsent(app.db, contextOf(s), meetingId, itemId, proposal);
    return states.broadcast(meetingId);
  });

  on(app, socket, 'consent:vote', async (s, { meetingId, itemId, vote, remark }) => {
    joined(s, meetingId);
    await voteOnItem(app.db, contextOf(s), meetingId, itemId, vote, remark);
    return states.broadcast(meetingId);
  });

  on(app, socket, 'chair:outcome', async (s, { meetingId, itemId, outcome }) => {
    joined(s, meetingId);
    await recordOutcome(app.db, contextOf(s), meetingId, itemId, outcome);
    return states.broadcast(meetingId);
  });
}
