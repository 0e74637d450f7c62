import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loggableError } from '../safe-log';
import { InProcessBus, type EventBus } from './bus';

declare module 'fastify' {
  interface FastifyInstance {
    /** Domain events: routes and services publish, the live transports subscribe (server/live/subscriptions.ts). */
    events: EventBus;
  }
}

export default fp(
  (app: FastifyInstance) => {
    const bus = new InProcessBus((error, event) =>
      app.log.error({ error: loggableError(error), event: event.type }, 'events: a subscriber failed'),
    );
    app.decorate('events', bus);
  },
  { name: 'events' },
);
