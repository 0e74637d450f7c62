import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client';
import type { ServerToClientEvents } from '../../shared/index';
import { loggableError } from '../safe-log';
import { sessionLastSeen, touchSession } from '../services/sessions';

/** Why a session's live connections were closed; sent to socket.io clients with `session:ended`. */
export type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];

export interface WatchedSession {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

type Closer = (reason: SessionEndReason) => void;

interface Entry {
  closers: Set<Closer>;
  expiresAt: number;
  idleTimer: NodeJS.Timeout | null;
  maxTimer: NodeJS.Timeout;
  lastTouch: number;
}

/** Live activity moves the idle clock at most once a minute per session: never a database write per update. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The open live connections (Yjs and socket.io) per session, so that the end of a session — logout, idle or
 * absolute expiry — ends them too (convenant art. 15.2d: access control holds for the live meeting as for REST).
 * Sessions ended on other instances arrive as `session.ended` events (server/live/subscriptions.ts).
 */
export class SessionWatch {
  private readonly open = new Map<string, Entry>();
  /** Ended sessions, until their absolute expiry: checked synchronously before a live write is stored. */
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly idleMs: number,
    private readonly maxMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Registers a live connection of a session; returns the function that unregisters it. */
  watch(session: WatchedSession, close: Closer): () => void {
    if (this.hasEnded(session.id)) {
      // The session ended between the handshake's check and now.
      close('logout');
      return () => undefined;
    }
    let entry = this.open.get(session.id);
    if (!entry) {
      const expiresAt = session.expiresAt.getTime();
      entry = {
        closers: new Set(),
        expiresAt,
        idleTimer: null,
        maxTimer: setTimeout(
          () => this.sessionEnded(session.id, 'expired'),
          Math.max(0, expiresAt - Date.now()),
        ),
        lastTouch: session.lastSeenAt.getTime(),
      };
      this.open.set(session.id, entry);
      this.scheduleIdle(session.id, entry, session.lastSeenAt.getTime());
    }
    entry.closers.add(close);
    return () => {
      const current = this.open.get(session.id);
      if (!current) return;
      current.closers.delete(close);
      if (current.closers.size === 0) this.forget(session.id, current);
    };
  }

  /** Has this session ended (logout or expiry seen by this instance)? Cheap: no database query. */
  hasEnded(sessionId: string): boolean {
    const until = this.ended.get(sessionId);
    return until !== undefined && until > Date.now();
  }

  /** Live activity of a session: counts for its idle clock like a REST request, throttled. */
  activity(sessionId: string): void {
    const entry = this.open.get(sessionId);
    if (!entry) return;
    const now = Date.now();
    if (now - entry.lastTouch < Math.min(TOUCH_EVERY_MS, this.idleMs / 4)) return;
    entry.lastTouch = now;
    touchSession(this.db, sessionId, new Date(now)).catch(this.onError);
  }

  /** A session ended: every live connection opened with it closes now, and its later writes are refused. */
  sessionEnded(sessionId: string, reason: SessionEndReason): void {
    const now = Date.now();
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
    const entry = this.open.get(sessionId);
    // Kept until the session would have expired anyway, and a minute past it for writes already on their way.
    this.ended.set(sessionId, Math.max(entry?.expiresAt ?? now + this.maxMs, now) + 60_000);
    if (!entry) return;
    this.forget(sessionId, entry);
    for (const close of entry.closers) {
      try {
        close(reason);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /**
   * Asks the database about every session with open connections, and ends those that ended meanwhile: after this
   * instance may have missed a `session.ended` of another instance (server/events/redis-bus.ts).
   */
  async recheck(): Promise<void> {
    const now = Date.now();
    for (const sessionId of [...this.open.keys()]) {
      const seen = await sessionLastSeen(this.db, sessionId, new Date(now));
      if (!this.open.has(sessionId)) continue;
      if (!seen) this.sessionEnded(sessionId, 'logout');
      else if (seen.getTime() + this.idleMs <= now) this.sessionEnded(sessionId, 'idle');
    }
  }

  closeAll(): void {
    for (const [id, entry] of this.open) this.forget(id, entry);
  }

  private forget(sessionId: string, entry: Entry): void {
    clearTimeout(entry.maxTimer);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    if (this.open.get(sessionId) === entry) this.open.delete(sessionId);
  }

  /** At the idle deadline, ask the database: a REST request or live activity may have moved the clock on. */
  private scheduleIdle(sessionId: string, entry: Entry, lastSeen: number): void {
    const due = Math.max(lastSeen, entry.lastTouch) + this.idleMs;
    entry.idleTimer = setTimeout(
      () => {
        entry.idleTimer = null;
        sessionLastSeen(this.db, sessionId).then(
          (seen) => {
            if (this.open.get(sessionId) !== entry) return;
            if (!seen) return this.sessionEnded(sessionId, 'logout');
            if (seen.getTime() + this.idleMs <= Date.now()) return this.sessionEnded(sessionId, 'idle');
            this.scheduleIdle(sessionId, entry, seen.getTime());
          },
          (error: unknown) => {
            this.onError(error);
            if (this.open.get(sessionId) === entry) this.scheduleIdle(sessionId, entry, Date.now());
          },
        );
      },
      Math.max(0, due - Date.now()),
    );
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionWatch: SessionWatch;
  }
}

export default fp(
  (app: FastifyInstance) => {
    const watch = new SessionWatch(
      app.db,
      app.config.sessionIdleMinutes * 60_000,
      app.config.sessionMaxHours * 3_600_000,
      (error) => app.log.error({ error: loggableError(error) }, 'live: session watch failed'),
    );
    app.decorate('sessionWatch', watch);
    app.addHook('onClose', async () => watch.closeAll());
    // Another instance may have ended a session while this one could not hear it (Redis pub/sub may lose it).
    app.events.onResync(() => watch.recheck());
  },
  { name: 'session-watch', dependencies: ['events'] },
);
