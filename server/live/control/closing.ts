import { closeMeeting } from '../../services/meeting-control/close';
import { freezeDepsOf } from '../freeze-deps';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, room, type ControlSocket } from './sockets';

/** Closing: the chair freezes the meeting into its record, which ends its live session. */
export function closingHandlers({ app, io, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'chair:close', async (s, { meetingId }) => {
    joined(s, meetingId);
    // A freeze that fails after the fence lifts it again: that is published, and every screen follows.
    await closeMeeting(freezeDepsOf(app), app.events, contextOf(s), meetingId);
    const state = await states.of(meetingId);
    io.in(room(meetingId)).socketsLeave(room(meetingId));
    return state;
  });
}
