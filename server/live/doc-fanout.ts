import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What an instance does with what the others send about a document it holds. */
export interface DocFanoutHandler {
  /** Another instance committed this update with this seq. */
  update(docName: string, seq: number, update: Uint8Array): void;
  /** Presence of clients on another instance, already stamped there (awareness update), and whose it is. */
  awareness(docName: string, update: Uint8Array, membershipId: string): void;
  /** An instance that just opened the document asks for the presence of the clients here. */
  awarenessWanted(docName: string): void;
  /** The link to Redis came back (subscriptions renewed): what was published meanwhile was missed. */
  resync(): void;
}

export interface DocFanoutLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The kinds of message on a document channel. */
const Kind = { Update: 0, Awareness: 1, QueryAwareness: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * The live documents across instances: one Redis pub/sub channel per document (`<prefix>:doc:<name>`), subscribed
 * while this instance holds the document, carrying binary messages: committed updates with their seq, stamped
 * presence, and requests for presence. Every message names the instance that sent it; an instance ignores its own.
 *
 * Only a hint: the database holds every update with its seq, so a message lost (Redis down, a publish that failed)
 * costs latency, not content; the registry catches up from the store (see registry.ts). Presence is not stored:
 * it is renewed by the clients every few seconds, and asked for when an instance opens a document.
 */
export class RedisDocFanout {
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Set<string>();
  private handler: DocFanoutHandler | null = null;
  private started = false;
  private closing = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: DocFanoutLog,
  ) {
    const connection = { lazyConnect: true, autoResubscribe: false } as const;
    this.publisher = new Redis(url, { ...connection, enableOfflineQueue: false });
    this.subscriber = new Redis(url, connection);
    for (const [role, redis] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const)
      redis.on('error', (error: Error) =>
        log.warn({ role, error: error.message }, 'live: Redis connection error (documents)'),
      );
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
    this.subscriber.on('ready', () => {
      if (!this.started || this.closing) return;
      this.resubscribe().catch((error: unknown) =>
        log.error({ error: String(error) }, 'live: resubscribing to Redis failed (documents)'),
      );
    });
  }

  setHandler(handler: DocFanoutHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.started = true;
  }

  /** Follows a document; resolves once subscribed (what is published from then on arrives). */
  async subscribe(docName: string): Promise<void> {
    const channel = this.channelOf(docName);
    this.channels.add(channel);
    // Redis away: the document opens all the same; the subscription is made when the link returns (then resync).
    if (this.subscriber.status !== 'ready') return;
    await this.subscriber.subscribe(channel);
  }

  unsubscribe(docName: string): void {
    const channel = this.channelOf(docName);
    if (!this.channels.delete(channel)) return;
    this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  publishUpdate(docName: string, seq: number, update: Uint8Array): void {
    this.publish(docName, Kind.Update, (encoder) => {
      encoding.writeVarUint(encoder, seq);
      encoding.writeVarUint8Array(encoder, update);
    });
  }

  publishAwareness(docName: string, update: Uint8Array, membershipId: string): void {
    this.publish(docName, Kind.Awareness, (encoder) => {
      encoding.writeVarString(encoder, membershipId);
      encoding.writeVarUint8Array(encoder, update);
    });
  }

  queryAwareness(docName: string): void {
    this.publish(docName, Kind.QueryAwareness, () => undefined);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.subscriber.disconnect();
    if (this.publisher.status === 'ready') await this.publisher.quit().catch(() => undefined);
    else this.publisher.disconnect();
  }

  private channelOf(docName: string): string {
    return `${this.prefix}:doc:${docName}`;
  }

  private publish(docName: string, kind: Kind, body: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarString(encoder, this.instanceId);
    body(encoder);
    const bytes = encoding.toUint8Array(encoder);
    // Not awaited, never failing the write: it is committed; the others catch up from the database.
    this.publisher
      .publish(this.channelOf(docName), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      .catch((error: unknown) =>
        this.log.warn({ error: String(error) }, 'live: not sent to the other instances (they catch up)'),
      );
  }

  private receive(channel: string, message: Buffer): void {
    const head = `${this.prefix}:doc:`;
    if (!channel.startsWith(head) || !this.channels.has(channel) || !this.handler) return;
    const docName = channel.slice(head.length);
    try {
      const decoder = decoding.createDecoder(
        new Uint8Array(message.buffer, message.byteOffset, message.length),
      );
      const kind = decoding.readVarUint(decoder);
      if (decoding.readVarString(decoder) === this.instanceId) return;
      switch (kind) {
        case Kind.Update: {
          const seq = decoding.readVarUint(decoder);
          this.handler.update(docName, seq, decoding.readVarUint8Array(decoder));
          return;
        }
        case Kind.Awareness: {
          const membershipId = decoding.readVarString(decoder);
          this.handler.awareness(docName, decoding.readVarUint8Array(decoder), membershipId);
          return;
        }
        case Kind.QueryAwareness:
          this.handler.awarenessWanted(docName);
          return;
      }
    } catch (error) {
      this.log.warn({ error: String(error) }, 'live: ignored a malformed message on a document channel');
    }
  }

  private async resubscribe(): Promise<void> {
    if (this.channels.size > 0) await this.subscriber.subscribe(...this.channels);
    this.handler?.resync();
  }
}
