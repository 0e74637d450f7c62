import { discussItem, openMeeting } from '../../services/meeting-control/agenda';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, type ControlSocket } from './sockets';

/** The agenda and discussion: the chair opens the meeting and moves it from item to item. */
export function agendaHandlers({ app, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'chair:open', async (s, { meetingId }) => {
    joined(s, meetingId);
    await openMeeting(app.db, contextOf(s), meetingId);
    return states.broadcast(meetingId);
  });

  on(app, socket, 'chair:discuss', async (s, { meetingId, itemId }) => {
    joined(s, meetingId);
    await discussItem(app.db, contextOf(s), meetingId, itemId, await states.present(meetingId));
    return states.broadcast(meetingId);
  });
}
