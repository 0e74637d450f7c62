import { admitParticipant } from '../../services/meeting-control/admissions';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, type ControlSocket } from './sockets';

/** Admissions: the chair admits a participant to the whole meeting or to some of its items. */
export function admissionHandlers({ app, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'chair:admit', async (s, { meetingId, membershipId, items }) => {
    joined(s, meetingId);
    await admitParticipant(
      app.db,
      app.events,
      contextOf(s),
      meetingId,
      membershipId,
      items,
      await states.present(meetingId),
    );
    return states.broadcast(meetingId);
  });
}
