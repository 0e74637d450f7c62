import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loggableError } from '../safe-log';
import { InProcessBus, type EventBus } from './bus';
import { RedisBus } from './redis-bus';

declare module 'fastify' {
  interface FastifyInstance {
    /** Domain events: routes and services publish, the live transports subscribe (server/live/subscriptions.ts). */
    events: EventBus;
  }
}

/** The channel of a deployment's domain events; tests pass one of their own so that test files do not meet. */
export const EVENTS_CHANNEL = 'casustafel:events';

export interface EventsOptions {
  channel?: string;
}

export default fp(
  async (app: FastifyInstance, options: EventsOptions) => {
    const onError = (error: unknown, event: { type: string }) =>
      app.log.error({ error: loggableError(error), event: event.type }, 'events: a subscriber failed');
    if (!app.config.redisUrl) {
      app.decorate('events', new InProcessBus(onError));
      return;
    }
    // Several instances (REDIS_URL): what one instance publishes reaches the open connections of all.
    const bus = new RedisBus({
      url: app.config.redisUrl,
      channel: options.channel ?? EVENTS_CHANNEL,
      onError,
      log: app.log,
    });
    try {
      await bus.start();
    } catch (error) {
      await bus.close();
      throw error;
    }
    app.addHook('onClose', async () => bus.close());
    app.decorate('events', bus);
  },
  { name: 'events' },
);
