import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DatabaseHandle } from '../db/client';
import { API_VERSION, LIMITS } from '../shared/index';
import type { Config } from './config';
import './types';
import lifecycle from './plugins/lifecycle';
import errors from './plugins/errors';
import securityHeaders from './plugins/security-headers';
import originGuard from './plugins/origin-guard';
import requestLog from './plugins/request-log';
import session from './plugins/session';
import inputHygiene from './plugins/input-hygiene';
import client from './plugins/client';
import events from './events/plugin';
import sessionWatch from './live/session-watch';
import live from './live/plugin';
import liveSubscriptions from './live/subscriptions';
import liveControl from './live/control/plugin';
import retentionJob from './plugins/retention-job';
import healthRoutes from './routes/health';
import sessionRoutes from './routes/session';
import passwordRoutes from './routes/password';
import stepUpRoutes from './routes/step-up';
import secondFactorRoutes from './routes/second-factor';
import passkeyRoutes from './routes/passkeys';
import accountPasskeyRoutes from './routes/account-passkeys';
import secondFactorResetRoutes from './routes/second-factor-reset';
import ownSessionsRoutes from './routes/own-sessions';
import userSessionsEndRoutes from './routes/user-sessions-end';
import covenantRoutes from './routes/covenant';
import weighingRoutes from './routes/weighing';
import meetingRoutes from './routes/meetings';
import meetingWithdrawalRoutes from './routes/meeting-withdrawals';
import meetingCalendarRoutes from './routes/meeting-calendar';
import minutesExportRoutes from './routes/minutes-export';
import caseFileRoutes from './routes/case-files';
import disclosureRoutes from './routes/disclosures';
import notificationRoutes from './routes/notifications';
import subjectRequestRoutes from './routes/subject-requests';
import retentionRoutes from './routes/retention';
import authorisationRoutes from './routes/authorisations';
import oversightRoutes from './routes/oversight';
import partyNoticeRoutes from './routes/party-notices';
import setAsideRoutes from './routes/set-aside';
import oidcRoutes from './routes/oidc';

/**
 * Builds the Fastify app in the fastify/demo order: external plugins → app plugins → routes. The database is
 * opened (and migrated) by the caller, so the app is ready as soon as it listens.
 */
export interface BuildOptions {
  /** Where log lines go (tests capture them to prove no personal data is logged); stdout by default. */
  logStream?: { write(line: string): void };
  /**
   * The Redis channel of domain events when REDIS_URL is set (tests give each test its own); the live documents'
   * channels are named after it.
   */
  eventsChannel?: string;
}

export async function buildApp(
  config: Config,
  database: DatabaseHandle,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Log lines carry method, path and status — never bodies, cookies or headers with personal data.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Fastify's own two lines per request (with the raw URL) give way to one line at debug (plugins/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.trustProxy,
    // Strict input: unknown fields and wrong types are refused with a 400, never silently dropped or coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', database.db);
  app.decorate('config', config);
  app.decorate('databaseDriver', database.driver);

  // External plugins
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Casustafel API',
        version: String(API_VERSION),
        description:
          'Weegploeg and casusoverleg of the persoonsgerichte aanpak (model convenant, Stcrt. 2017, 41324).',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'casustafel_session' } },
      },
      security: [{ session: [] }],
    },
  });

  // App plugins. The lifecycle first: its preClose hook runs first and its onClose hook last (graceful shutdown).
  await app.register(lifecycle);
  await app.register(requestLog);
  await app.register(errors);
  await app.register(securityHeaders);
  await app.register(originGuard);
  await app.register(session);
  await app.register(inputHygiene);
  await app.register(client);
  await app.register(events, { channel: options.eventsChannel ?? config.redisChannel });
  await app.register(sessionWatch);
  await app.register(live, { channel: options.eventsChannel ?? config.redisChannel });
  await app.register(liveSubscriptions);
  await app.register(liveControl, { channel: options.eventsChannel ?? config.redisChannel });
  await app.register(retentionJob);

  // Routes
  await app.register(healthRoutes);
  await app.register(sessionRoutes);
  await app.register(passwordRoutes);
  await app.register(stepUpRoutes);
  await app.register(secondFactorRoutes);
  await app.register(passkeyRoutes);
  await app.register(accountPasskeyRoutes);
  await app.register(secondFactorResetRoutes);
  await app.register(ownSessionsRoutes);
  await app.register(userSessionsEndRoutes);
  await app.register(covenantRoutes);
  await app.register(weighingRoutes);
  await app.register(meetingRoutes);
  await app.register(meetingWithdrawalRoutes);
  await app.register(meetingCalendarRoutes);
  await app.register(minutesExportRoutes);
  await app.register(caseFileRoutes);
  await app.register(disclosureRoutes);
  await app.register(notificationRoutes);
  await app.register(subjectRequestRoutes);
  await app.register(retentionRoutes);
  await app.register(authorisationRoutes);
  await app.register(oversightRoutes);
  await app.register(partyNoticeRoutes);
  await app.register(setAsideRoutes);
  await app.register(oidcRoutes);
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  return app;
}
