import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  InProcessBus,
  type BusStatus,
  type EventBus,
  type ResyncHandler,
  type StatusHandler,
  type Subscriber,
} from './bus';
import type { DomainEvent, DomainEventType } from './events';

export interface RedisBusLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface RedisBusOptions {
  url: string;
  /** The pub/sub channel; instances of one deployment share it (tests give each their own). */
  channel: string;
  /** A subscriber failed on an event (as with InProcessBus). */
  onError: (error: unknown, event: DomainEvent) => void;
  log: RedisBusLog;
  /**
   * How often the open connections are re-checked against the database anyway (ms; 0: never). A lost message is
   * not always followed by a reconnect this instance notices: the publisher's own link may have been down, or a
   * link may die without being closed. Then this bounds how long a missed revocation or logout stays unnoticed.
   */
  recheckEveryMs?: number;
  /**
   * How long the subscriber link may be down before this instance counts as cut off (ms): then `connected`
   * turns false and the live transports close their connections. Policy: at most a second.
   */
  isolateAfterMs?: number;
  /** How often the subscriber link is probed with a PING (ms); a PING unanswered within this time counts as down. */
  pingEveryMs?: number;
}

const ISOLATE_AFTER_MS = 1_000;
const PING_EVERY_MS = 300;

/**
 * Default of `recheckEveryMs`: 15 s. A revocation whose message Redis lost while the link stayed up (pub/sub gives
 * no guarantee) is acted on within that, the price being a few queries per open membership and meeting.
 */
const RECHECK_EVERY_MS = 15_000;

/** What crosses the channel: the event, and which instance published it (that one has acted already). */
interface Envelope {
  origin: string;
  event: DomainEvent;
}

const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Envelope).origin === 'string' &&
  typeof (value as Envelope).event === 'object' &&
  (value as Envelope).event !== null &&
  typeof (value as Envelope).event.type === 'string';

/**
 * The event bus of one instance among several: every event runs the subscribers of this instance at once (the
 * publishing route waits for them, as with InProcessBus), and goes over Redis pub/sub to the other instances,
 * whose subscribers run when it arrives. Two connections: a connection in subscriber mode can do nothing else.
 *
 * Redis pub/sub is fire and forget: a message published while an instance is cut off from Redis never reaches
 * it, and nothing tells it so (an instance that misses a revocation would keep serving the connection). So
 * whenever the subscription is made again after a lost connection, the resync handlers run: the live transports
 * re-check their open connections against the database, which is the authority (sessions, memberships).
 * Publishing never fails the publisher: Redis being down is logged, and this instance has acted already.
 */
export class RedisBus implements EventBus {
  /** Ours: a message carrying it is one this instance published and handled already. */
  readonly instanceId = randomUUID();
  private readonly local: InProcessBus;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly resyncHandlers = new Set<ResyncHandler>();
  private rechecks = 0;
  /** Events from other instances are handled one after another, in the order they arrived. */
  private delivering: Promise<void> = Promise.resolve();
  private started = false;
  private closing = false;
  private recheckTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pinging = false;
  /** A resubscribe after a reconnect is under way: it re-checks and restores, the probe need not. */
  private restoring = false;
  /** Runs out when the link stayed down too long; set while the link is down and this instance not yet cut off. */
  private isolateTimer: NodeJS.Timeout | null = null;
  private linkUp = false;
  private isConnected = true;
  private readonly statusHandlers = new Set<StatusHandler>();

  constructor(private readonly options: RedisBusOptions) {
    this.local = new InProcessBus(options.onError);
    // Both connect on start(); they reconnect by themselves (ioredis retries with a growing delay).
    const connection = { lazyConnect: true, autoResubscribe: false } as const;
    this.publisher = new Redis(options.url, { ...connection, enableOfflineQueue: false });
    this.subscriber = new Redis(options.url, connection);
    for (const [role, redis] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      redis.on('error', (error: Error) =>
        options.log.warn({ role, error: error.message }, 'events: Redis connection error'),
      );
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === options.channel) this.receive(message);
    });
    // A closed link is noticed at once; a silent one by the PING probe (start()).
    this.subscriber.on('close', () => this.linkDown());
    this.subscriber.on('end', () => this.linkDown());
    // After a lost connection: subscribe again, then re-check what a missed event could have said.
    this.subscriber.on('ready', () => {
      if (!this.started || this.closing) return;
      this.resubscribe().catch((error: unknown) =>
        options.log.error({ error: String(error) }, 'events: resubscribing to Redis failed'),
      );
    });
  }

  /** Connects and subscribes; rejects when Redis cannot be reached (the server does not start without it). */
  async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.options.channel);
    this.started = true;
    this.linkUp = true;
    const pingEvery = this.options.pingEveryMs ?? PING_EVERY_MS;
    this.pingTimer = setInterval(() => void this.probe(pingEvery), pingEvery);
    this.pingTimer.unref();
    const every = this.options.recheckEveryMs ?? RECHECK_EVERY_MS;
    if (every > 0) {
      this.recheckTimer = setInterval(() => void this.recheck('a periodic re-check'), every);
      this.recheckTimer.unref();
    }
  }

  async publish(event: DomainEvent): Promise<void> {
    const envelope: Envelope = { origin: this.instanceId, event };
    // Not awaited: the other instances act when it arrives, this one acts now whether Redis is up or not.
    this.publisher
      .publish(this.options.channel, JSON.stringify(envelope))
      .catch((error: unknown) =>
        this.options.log.error(
          { event: event.type, error: String(error) },
          'events: not sent to the other instances (Redis unreachable); they re-check when their link returns',
        ),
      );
    await this.local.publish(event);
  }

  subscribe<T extends DomainEventType>(type: T, subscriber: Subscriber<T>): () => void {
    return this.local.subscribe(type, subscriber);
  }

  onResync(handler: ResyncHandler): () => void {
    this.resyncHandlers.add(handler);
    return () => {
      this.resyncHandlers.delete(handler);
    };
  }

  /** Events as the local bus counts them (those from other instances pass through it), and every re-check. */
  get accessChanges(): number {
    return this.local.accessChanges + this.rechecks;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  onStatus(handler: StatusHandler): () => void {
    this.statusHandlers.add(handler);
    return () => {
      this.statusHandlers.delete(handler);
    };
  }

  /** Resolves once the events received so far have been handled (tests, and close). */
  async settled(): Promise<void> {
    await this.delivering;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.isolateTimer) clearTimeout(this.isolateTimer);
    this.subscriber.disconnect();
    if (this.publisher.status === 'ready') await this.publisher.quit().catch(() => undefined);
    else this.publisher.disconnect();
    await this.delivering;
  }

  private receive(message: string): void {
    let envelope: unknown;
    try {
      envelope = JSON.parse(message);
    } catch {
      envelope = null;
    }
    if (!isEnvelope(envelope)) {
      this.options.log.warn({}, 'events: ignored a message on the event channel that is not an event');
      return;
    }
    if (envelope.origin === this.instanceId) return;
    const event = envelope.event;
    this.delivering = this.delivering.then(() => this.local.publish(event));
  }

  private async resubscribe(): Promise<void> {
    this.restoring = true;
    try {
      await this.subscriber.subscribe(this.options.channel);
      // Subscribed again: from now on nothing is missed. What was missed in between, the database tells.
      await this.recheck('a re-check after reconnecting');
      this.linkRestored();
    } finally {
      this.restoring = false;
    }
  }

  /** The subscriber link is (or looks) down: unless it returns in time, this instance is cut off. */
  private linkDown(): void {
    if (!this.started || this.closing) return;
    this.linkUp = false;
    if (!this.isConnected || this.isolateTimer) return;
    this.isolateTimer = setTimeout(() => {
      this.isolateTimer = null;
      if (this.linkUp || this.closing) return;
      this.isConnected = false;
      this.options.log.warn({}, 'events: cut off from Redis; live connections close until it is back');
      this.emitStatus('isolated');
    }, this.options.isolateAfterMs ?? ISOLATE_AFTER_MS);
    this.isolateTimer.unref();
  }

  /** Subscribed and re-checked: events reach this instance again. */
  private linkRestored(): void {
    if (this.closing) return;
    this.linkUp = true;
    if (this.isolateTimer) {
      clearTimeout(this.isolateTimer);
      this.isolateTimer = null;
    }
    if (this.isConnected) return;
    this.isConnected = true;
    this.options.log.warn({}, 'events: link to Redis restored and re-checked');
    this.emitStatus('restored');
  }

  /** A link can die without being closed (a dropped network): a PING without an answer in time counts as down. */
  private async probe(deadlineMs: number): Promise<void> {
    if (this.pinging || this.closing) return;
    this.pinging = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = await Promise.race([
        this.subscriber.ping().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      if (!answered) this.linkDown();
      else if (!this.linkUp && !this.restoring && this.subscriber.status === 'ready') {
        // A silent link that answers again without a reconnect: messages may have passed it by meanwhile.
        await this.recheck('a re-check after a silent link returned');
        this.linkRestored();
      }
    } finally {
      clearTimeout(timer);
      this.pinging = false;
    }
  }

  private emitStatus(status: BusStatus): void {
    for (const handler of [...this.statusHandlers]) {
      try {
        handler(status);
      } catch (error) {
        this.options.log.error({ error: String(error), status }, 'events: a status handler failed');
      }
    }
  }

  private async recheck(what: string): Promise<void> {
    // Whatever was missed may have taken access away: handshakes in progress decide anew.
    this.rechecks++;
    for (const handler of [...this.resyncHandlers]) {
      try {
        await handler();
      } catch (error) {
        this.options.log.error({ error: String(error) }, `events: ${what} failed`);
      }
    }
  }
}
