import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, LIVE_LIMITS, YJS_PATH } from '../../shared/index';
import { appendAudit } from '../services/audit';
import { handshakeActor, handshakeOrigin, originAllowed } from './handshake';
import { loggableError } from '../safe-log';
import { authorizeDocument } from './authorize-doc';
import { seedDocument } from './seed';
import { LiveConnection } from './connection';
import type { LiveDoc } from './live-doc';
import { DocRegistry } from './registry';
import type { Database } from '../../db/client';
import { YjsStore } from './store';
import { docNameOf } from './doc-name';
import { isDatabaseUnavailable } from '../database-outage';

const PURPOSE = 'live overleg: gezamenlijk bewerken (convenant art. 7, 9)';

declare module 'fastify' {
  interface FastifyInstance {
    live: {
      store: YjsStore;
      registry: DocRegistry;
      deps: { db: Database; store: YjsStore; registry: DocRegistry };
    };
  }
}

/**
 * The Yjs endpoint: y-websocket protocol on YJS_PATH/<document name>, on the same HTTP server as the API. Every
 * upgrade is checked (Origin, session, participant, compartment) before any document byte is sent; a refusal is
 * an accepted socket closed at once with a documented code (see shared/live/protocol.ts).
 */
export default fp(
  async (app: FastifyInstance) => {
    const store = new YjsStore(app.db);
    const registry = new DocRegistry(
      store,
      (error, context) => app.log.error({ error: loggableError(error) }, `live: ${context} failed`),
      LIVE_LIMITS.idleUnloadMs,
      (name) => seedDocument(app.db, name),
    );
    app.decorate('live', { store, registry, deps: { db: app.db, store, registry } });
    const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_LIMITS.frameBytes * 2 });
    const sockets = new Set<WebSocket>();

    /** Upgrades already answered (accepted or refused): a later failure must not answer them twice. */
    const answered = new WeakSet<Duplex>();
    const refuse = (
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      code: CloseCode,
      reason: string,
    ) => {
      answered.add(socket);
      wss.handleUpgrade(request, socket, head, (ws) => ws.close(code, reason));
    };

    async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const decoded = docNameOf(url.pathname.slice(YJS_PATH.length + 1));
      const origin = handshakeOrigin(request);
      if (!originAllowed(app, request))
        return refuse(request, socket, head, CloseCode.OriginRefused, 'origin refused');
      const actor = await handshakeActor(app, request);
      if (!actor) return refuse(request, socket, head, CloseCode.NotAuthenticated, 'log in first');
      if (!decoded.ok) {
        await appendAudit(app.db, [
          {
            actor,
            origin,
            action: 'read',
            objectType: 'live_document',
            objectId: decoded.audited,
            result: 'denied',
            purpose: PURPOSE,
          },
        ]);
        return refuse(request, socket, head, CloseCode.BadMessage, decoded.reason);
      }
      const { name } = decoded;
      const grant = await authorizeDocument(app.db, actor, name);
      const attempt = {
        actor,
        origin,
        objectType: 'live_document' as const,
        objectId: name,
        purpose: PURPOSE,
      };
      if (!grant.ok) {
        await appendAudit(app.db, [
          {
            ...attempt,
            action: 'read',
            result: 'denied',
            subjectId: grant.subjectId,
            rule: grant.rule ?? null,
          },
        ]);
        return refuse(request, socket, head, grant.code, grant.reason);
      }
      const fieldGroup = grant.address.compartment;
      await appendAudit(app.db, [
        { ...attempt, action: 'read', result: 'allowed', subjectId: grant.subjectId, fieldGroup },
      ]);
      // Load the document before accepting, so the connection's message handler exists from the first frame.
      let live: LiveDoc;
      try {
        live = await registry.open(name);
      } catch (error) {
        app.log.error({ error: loggableError(error) }, 'live: loading a document failed');
        return refuse(request, socket, head, CloseCode.StorageFailed, 'document could not be loaded');
      }
      const auditWrite = (result: 'allowed' | 'denied') =>
        void appendAudit(app.db, [
          {
            ...attempt,
            action: 'update',
            result,
            subjectId: grant.subjectId,
            fieldGroup,
            rule: grant.rule,
          },
        ]).catch((error: unknown) => app.log.error({ error: loggableError(error) }, 'live: audit failed'));
      const hooks = {
        onFirstWrite: () => auditWrite('allowed'),
        onRefusedWrite: () => auditWrite('denied'),
        log: (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) =>
          app.log[level](details ?? {}, `live: ${message}`),
      };
      const user = { name: actor.displayName, organisation: actor.organisationName, role: actor.role };
      answered.add(socket);
      wss.handleUpgrade(request, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        new LiveConnection(ws, live, grant.access, user, store, registry, hooks, actor.membershipId);
      });
    }

    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!request.url?.startsWith(`${YJS_PATH}/`)) return;
      upgrade(request, socket, head).catch((error: unknown) => {
        app.log.error({ error: loggableError(error) }, 'live: upgrade failed');
        // The database is down: "try again later" (4500), so the client reconnects instead of hanging up.
        if (!answered.has(socket) && !socket.destroyed && isDatabaseUnavailable(error))
          return refuse(request, socket, head, CloseCode.StorageFailed, 'the database is unavailable');
        socket.destroy();
      });
    });

    // Before the HTTP server closes (it waits for open sockets): tell every live client to go elsewhere.
    app.addHook('preClose', async () => {
      for (const ws of sockets) ws.close(CloseCode.ShuttingDown, 'server shutting down');
    });
    app.addHook('onClose', async () => {
      await store.drain();
      await registry.closeAll();
      wss.close();
    });
  },
  { name: 'live', dependencies: ['@fastify/cookie'] },
);
