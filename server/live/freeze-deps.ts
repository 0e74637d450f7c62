import type { FastifyInstance } from 'fastify';
import type { FreezeDeps } from '../services/freeze/index';

/**
 * What the freeze needs from the live side, as the server provides it: the fence's moments are domain events
 * (every instance's transports close or reopen their connections), the store is drained, and documents are read
 * through the registry, which owns the write path.
 */
export function freezeDepsOf(app: FastifyInstance): FreezeDeps {
  return {
    db: app.db,
    fenced: (meetingId) => app.events.publish({ type: 'meeting.fenced', meetingId }),
    lifted: (meetingId) => app.events.publish({ type: 'meeting.fence-lifted', meetingId }),
    drain: () => app.live.store.drain(),
    read: (name) => app.live.registry.read(name),
  };
}
