import { closeMeeting } from '../../services/meeting-control/close';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, room, type ControlSocket } from './sockets';

/** Closing: the chair freezes the meeting into its record, which ends its live session. */
export function closingHandlers({ app, io, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'chair:close', async (s, { meetingId }) => {
    joined(s, meetingId);
    // A freeze that failed left the meeting open (or never fenced it): everyone sees where it stands.
    await closeMeeting(app.live.deps, app.events, contextOf(s), meetingId, async () => {
      await states.broadcast(meetingId);
    });
    const state = await states.of(meetingId);
    io.in(room(meetingId)).socketsLeave(room(meetingId));
    return state;
  });
}
