import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, LIVE_LIMITS, YJS_PATH } from '../../shared/index';
import { appendAudit } from '../services/audit';
import { appendAuditBatched } from '../services/audit-batch';
import { Gate } from './gate';
import { ConnectionCaps, clientAddress, type Release } from './caps';
import { handshakeActor, handshakeOrigin, handshakeRefusal } from './handshake';
import { loggableError } from '../safe-log';
import { authorizeDocumentShared } from './authorize-doc';
import { seedDocument } from './seed';
import { LiveConnection } from './connection';
import { DocRegistry } from './registry';
import { YjsStore } from './store';
import { RedisDocFanout } from './doc-fanout';
import { EVENTS_CHANNEL } from '../events/plugin';
import { docNameOf } from './doc-name';
import { isDatabaseUnavailable } from '../database-outage';

const PURPOSE = 'live overleg: gezamenlijk bewerken (convenant art. 7, 9)';
const INTEGRITY_PURPOSE = 'beveiliging: bescherming tegen verlies (convenant art. 15.1)';
/** Audit rules of refused or set-aside writes that no covenant article refuses, but the document's integrity. */
const SET_ASIDE_RULE = 'stored update does not apply: set aside';
const STRUCTURE_RULE = 'update outside the document structure';
const SESSION_ENDED_RULE = 'art. 15.2d: session ended';
/** How long a live client has to answer the close frame of a shutdown before its socket is cut. */
const SHUTDOWN_CLOSE_MS = 2_000;

/** Resolves when every socket has closed, or after `ms`, whichever comes first. */
function allClosed(sockets: WebSocket[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closes = sockets.map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) resolve();
        else ws.once('close', () => resolve());
      }),
  );
  return Promise.race([
    Promise.all(closes).then(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

declare module 'fastify' {
  interface FastifyInstance {
    live: {
      store: YjsStore;
      registry: DocRegistry;
      /** Live connection caps, shared with the socket.io control endpoint. */
      caps: ConnectionCaps;
      /** The database part of every live handshake (Yjs and socket.io) passes this gate. */
      handshakes: Gate;
    };
  }
}

/**
 * The Yjs endpoint: y-websocket protocol on YJS_PATH/<document name>, on the same HTTP server as the API. Every
 * upgrade is checked (Origin, session, participant, compartment) before any document byte is sent; a refusal is
 * an accepted socket closed at once with a documented code (see shared/live/protocol.ts).
 */
/** Statements of the live write path in flight at once on PostgreSQL: below the pool's 10, which serves the rest. */
const LIVE_WRITE_LANES = 6;

export default fp(
  async (app: FastifyInstance, options: { channel?: string }) => {
    // Several instances (REDIS_URL): every write also checks the freeze fence in the database (an instance may not
    // have closed its connections yet), and documents follow each other over Redis (doc-fanout.ts).
    const multiInstance = app.config.redisUrl !== null;
    const store = new YjsStore(
      app.db,
      undefined,
      (docName, count, reason) => {
        app.log.error(
          { doc: docName, count, reason },
          'live: stored updates that do not apply were set aside',
        );
        void appendAudit(app.db, [
          {
            actor: null,
            origin: { ip: null, userAgent: null },
            action: 'update',
            objectType: 'live_document',
            objectId: docName,
            result: 'denied',
            rule: SET_ASIDE_RULE,
            purpose: INTEGRITY_PURPOSE,
          },
        ]).catch((error: unknown) => app.log.error({ error: loggableError(error) }, 'live: audit failed'));
      },
      // PostgreSQL: a pool, so documents commit side by side; PGlite: one connection, one statement for all.
      {
        fenceInDatabase: multiInstance,
        ...(app.databaseDriver === 'postgres' ? { lanes: LIVE_WRITE_LANES, prepared: true } : { lanes: 1 }),
      },
    );
    let fanout: RedisDocFanout | undefined;
    if (app.config.redisUrl) {
      fanout = new RedisDocFanout(app.config.redisUrl, options.channel ?? EVENTS_CHANNEL, app.log);
      try {
        await fanout.start();
      } catch (error) {
        await fanout.close();
        throw error;
      }
    }
    const registry = new DocRegistry(
      store,
      (error, context) => app.log.error({ error: loggableError(error) }, `live: ${context} failed`),
      LIVE_LIMITS.idleUnloadMs,
      (name) => seedDocument(app.db, name),
      fanout,
    );
    const handshakes = new Gate(LIVE_LIMITS.concurrentHandshakes);
    const caps = new ConnectionCaps({
      perUser: app.config.liveMaxConnectionsPerUser,
      perAddress: app.config.liveMaxConnectionsPerAddress,
    });
    app.decorate('live', { store, registry, caps, handshakes });
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

    /**
     * The handshake. Its slots under the connection caps are taken first (the address before any database work)
     * and held until the socket closes, or given back at once when the handshake refuses.
     */
    async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      const releases: Release[] = [];
      const releaseAll = () => releases.forEach((release) => release());
      let accepted = false;
      try {
        accepted = await handshake(request, socket, head, releases);
      } finally {
        if (!accepted) releaseAll();
      }
    }

    /** Returns true when the socket was accepted (its close then gives the cap slots back). */
    async function handshake(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      releases: Release[],
    ): Promise<boolean> {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const decoded = docNameOf(url.pathname.slice(YJS_PATH.length + 1));
      const origin = handshakeOrigin(app, request);
      const refused = handshakeRefusal(app, request);
      if (refused) {
        const code = refused.kind === 'shutting-down' ? CloseCode.ShuttingDown : CloseCode.OriginRefused;
        refuse(request, socket, head, code, refused.reason);
        return false;
      }
      const addressSlot = caps.address(clientAddress(app, request));
      if (!addressSlot) {
        refuse(request, socket, head, CloseCode.TooManyConnections, 'too many connections from this address');
        return false;
      }
      releases.push(addressSlot);
      return handshakes.run(() => authorised(request, socket, head, releases, origin, decoded));
    }

    async function authorised(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      releases: Release[],
      origin: ReturnType<typeof handshakeOrigin>,
      decoded: ReturnType<typeof docNameOf>,
    ): Promise<boolean> {
      // Read before anything is decided: compared again as the connection joins (EventBus.accessChanges).
      const changesSeen = app.events.accessChanges;
      const handshake = await handshakeActor(app, request);
      if (!handshake) {
        refuse(request, socket, head, CloseCode.NotAuthenticated, 'log in first');
        return false;
      }
      const { actor, session } = handshake;
      const userSlot = caps.user(actor.membershipId);
      if (!userSlot) {
        refuse(request, socket, head, CloseCode.TooManyConnections, 'too many connections for this user');
        return false;
      }
      releases.push(userSlot);
      // A name that is not even well-formed is refused, and audited in an escaped form the database takes.
      if (!decoded.ok) {
        await appendAuditBatched(app.db, [
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
        refuse(request, socket, head, CloseCode.BadMessage, decoded.reason);
        return false;
      }
      const { name } = decoded;
      const grant = await authorizeDocumentShared(app.db, actor, name);
      const attempt = {
        actor,
        origin,
        objectType: 'live_document' as const,
        objectId: name,
        purpose: PURPOSE,
      };
      if (!grant.ok) {
        await appendAuditBatched(app.db, [
          {
            ...attempt,
            action: 'read',
            result: 'denied',
            subjectId: grant.subjectId,
            rule: grant.rule ?? null,
          },
        ]);
        refuse(request, socket, head, grant.code, grant.reason);
        return false;
      }
      const fieldGroup = grant.address.compartment;
      // The opening is logged (art. 15.2e) and the document loaded side by side, while the protocol switch goes out:
      // the switch carries no byte of the document, and the connection that sends it is made only once both are
      // done. A failure of either closes the socket with 4500, and the client tries again later.
      const opening = Promise.all([
        appendAuditBatched(app.db, [
          { ...attempt, action: 'read', result: 'allowed', subjectId: grant.subjectId, fieldGroup },
        ]),
        registry.open(name),
      ]).then(
        ([, live]) => ({ ok: true as const, live }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const auditWrite = (result: 'allowed' | 'denied', rule: string = grant.rule) =>
        void appendAuditBatched(app.db, [
          {
            ...attempt,
            action: 'update',
            result,
            subjectId: grant.subjectId,
            fieldGroup,
            rule,
          },
        ]).catch((error: unknown) => app.log.error({ error: loggableError(error) }, 'live: audit failed'));
      const hooks = {
        onFirstWrite: () => auditWrite('allowed'),
        onRefusedWrite: (why: 'read-only' | 'structure' | 'session-ended') =>
          auditWrite(
            'denied',
            why === 'structure' ? STRUCTURE_RULE : why === 'session-ended' ? SESSION_ENDED_RULE : grant.rule,
          ),
        sessionLive: () => {
          if (app.sessionWatch.hasEnded(session.id)) return false;
          app.sessionWatch.activity(session.id);
          return true;
        },
        log: (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) =>
          app.log[level](details ?? {}, `live: ${message}`),
      };
      const user = { name: actor.displayName, organisation: actor.organisationName, role: actor.role };
      // The client may have gone while the handshake ran: then nothing is accepted and the slots go back.
      if (socket.destroyed) return false;
      // The instance began shutting down while the handshake ran: the client goes elsewhere.
      if (app.lifecycle.draining || !app.events.connected) {
        refuse(request, socket, head, CloseCode.ShuttingDown, 'server shutting down or cut off; reconnect');
        return false;
      }
      socket.once('close', () => releases.forEach((release) => release()));
      answered.add(socket);
      // The library may answer the upgrade itself and never call back (a malformed key: 400; a socket no longer
      // writable): then the socket's close ends this handshake, which would otherwise hold its place in the gate.
      const ws = await new Promise<WebSocket | null>((resolve) => {
        socket.once('close', () => resolve(null));
        wss.handleUpgrade(request, socket, head, resolve);
      });
      if (!ws) return true;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // Nothing the client sends is read until the connection exists to take it (it is resumed there).
      ws.pause();
      const opened = await opening;
      // Whatever happens now, frames are read again: the connection takes them, or a close must read the reply.
      const resume = () => ws.resume();
      if (!opened.ok) {
        resume();
        app.log.error({ error: loggableError(opened.error) }, 'live: opening a document failed');
        ws.close(
          CloseCode.StorageFailed,
          isDatabaseUnavailable(opened.error)
            ? 'the database is unavailable'
            : 'document could not be opened',
        );
        return true;
      }
      // Closed meanwhile: by the instance shutting down or cut off (it closes every socket), or by the client.
      if (ws.readyState !== ws.OPEN) {
        resume();
        return true;
      }
      // A revocation handled while this handshake decided (art. 15: it takes effect at once) passed this
      // connection by, as it was no peer yet; the client reconnects and is decided anew. Checked in the same
      // synchronous step as the connection joins the document's peers, which every later event reaches.
      if (app.events.accessChanges !== changesSeen) {
        resume();
        ws.close(CloseCode.Reauthorise, 'your authorisation may have changed while connecting; reconnect');
        return true;
      }
      // The session ended (logout, expiry) while the audit row was written: nothing is sent, not even the greeting
      // with the others' presence (session-watch would close the connection only after it).
      if (app.sessionWatch.hasEnded(session.id)) {
        resume();
        ws.close(CloseCode.NotAuthenticated, 'session ended');
        return true;
      }
      const connection = new LiveConnection({
        ws,
        live: opened.live,
        access: grant.access,
        user,
        registry,
        hooks,
        membershipId: actor.membershipId,
        transport: socket,
      });
      // The session's end (logout, expiry) ends this connection too; a join counts as activity.
      const unwatch = app.sessionWatch.watch(session, () =>
        connection.close(CloseCode.NotAuthenticated, 'session ended'),
      );
      ws.on('close', unwatch);
      app.sessionWatch.activity(session.id);
      resume();
      return true;
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

    // Cut off from Redis for more than a second (several instances): revocations from other instances may not
    // arrive, so no connection is served under rights this instance cannot keep current. The clients reconnect,
    // possibly elsewhere; handshakes are refused until the link is back and re-checked (handshake.ts).
    const stopStatus = app.events.onStatus((status) => {
      if (status !== 'isolated') return;
      app.log.warn({}, 'live: cut off from Redis; closing the live connections of this instance');
      for (const ws of sockets)
        ws.close(CloseCode.ShuttingDown, 'cut off from the other instances; reconnect');
    });
    app.addHook('onClose', async () => stopStatus());

    // Before the HTTP server closes (it waits for open sockets): tell every live client to go elsewhere. What
    // they sent before is in the store's queue, written by `drain` below.
    app.addHook('preClose', async () => {
      for (const ws of sockets) ws.close(CloseCode.ShuttingDown, 'server shutting down');
      // A client that does not answer the close frame must not hold the shutdown up (ws would wait 30 s).
      await allClosed([...sockets], SHUTDOWN_CLOSE_MS);
      for (const ws of sockets) ws.terminate();
    });
    app.addHook('onClose', async () => {
      await store.drain();
      await registry.closeAll();
      await fanout?.close();
      wss.close();
    });
  },
  { name: 'live', dependencies: ['@fastify/cookie', 'session-watch', 'lifecycle'] },
);
