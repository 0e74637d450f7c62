import { loggableError } from '../../safe-log';
import { joinMeeting } from '../../services/meeting-control/presence';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, meetingsIn, room, type ControlSocket } from './sockets';

/** Presence: joining and leaving a meeting, the raised hand, and who is still there after a disconnection. */
export function presenceHandlers({ app, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'meeting:join', async (s, { meetingId }) => {
    await joinMeeting(app.db, contextOf(s), meetingId);
    await s.join(room(meetingId));
    return states.broadcast(meetingId);
  });

  on(app, socket, 'meeting:leave', async (s, { meetingId }) => {
    await s.leave(room(meetingId));
    delete s.data.hands[meetingId];
    await states.broadcast(meetingId);
    return states.of(meetingId);
  });

  on(app, socket, 'hand:raise', async (s, { meetingId, raised }) => {
    joined(s, meetingId);
    s.data.hands[meetingId] = raised;
    return states.broadcast(meetingId);
  });

  socket.on('disconnecting', () => {
    const left = meetingsIn(socket.rooms);
    // After the socket has left its rooms, tell the others who is still present.
    setImmediate(() => {
      for (const meetingId of left) {
        states
          .broadcast(meetingId)
          .catch((error: unknown) =>
            app.log.error({ error: loggableError(error) }, 'live control: presence update failed'),
          );
      }
    });
  });
}
