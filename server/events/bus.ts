import { mayTakeAccessAway, type DomainEvent, type DomainEventType, type EventOf } from './events';

export type Subscriber<T extends DomainEventType> = (event: EventOf<T>) => Promise<void> | void;

/**
 * The one interface through which the domain tells the live transports what changed. `publish` resolves once
 * every subscriber has handled the event, so a change takes effect at once (a revocation closes connections
 * before the route answers). A failing subscriber is reported and does not keep the others from running, nor
 * does it fail the publisher: the change itself is already committed.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Returns the function that ends the subscription. */
  subscribe<T extends DomainEventType>(type: T, subscriber: Subscriber<T>): () => void;
  /**
   * Runs `handler` whenever events may have been missed: an instance that lost its link to the others and has it
   * back re-checks its open connections against the database (server/events/redis-bus.ts). Returns the function
   * that ends it. Within one process nothing is ever missed, and the handler never runs.
   */
  onResync(handler: ResyncHandler): () => void;
  /**
   * Whether this instance can rely on hearing what the others publish. An instance cut off from the others for
   * longer than a bounded time cannot tell whether a revocation passed it by, so the live transports close their
   * connections and refuse new ones until the link is back and re-checked (fail closed).
   */
  readonly connected: boolean;
  /** Runs `handler` on every change of `connected` ('isolated', then 'restored'). Returns the function that ends it. */
  onStatus(handler: StatusHandler): () => void;
  /**
   * How many events that may take access away (see mayTakeAccessAway) this instance has begun to act on, and how
   * many resyncs. A handshake decides on what it reads from the database and only then joins the connections that
   * the subscribers close: a revocation whose event is handled in between would pass it by. So it reads this count
   * before it decides and again as its connection joins, and decides anew when the two differ.
   */
  readonly accessChanges: number;
}

export type ResyncHandler = () => Promise<void> | void;
export type BusStatus = 'isolated' | 'restored';
export type StatusHandler = (status: BusStatus) => void;

/** The bus within one process. A multi-instance deployment puts one that also relays over Redis in its place. */
export class InProcessBus implements EventBus {
  private readonly subscribers = new Map<
    DomainEventType,
    Set<(event: DomainEvent) => Promise<void> | void>
  >();

  private changes = 0;

  constructor(private readonly onError: (error: unknown, event: DomainEvent) => void) {}

  get accessChanges(): number {
    return this.changes;
  }

  async publish(event: DomainEvent): Promise<void> {
    // Counted before any subscriber runs: a handshake that joins after this sees the count moved.
    if (mayTakeAccessAway(event)) this.changes++;
    // One after another, in the order of subscription: the effects of an event come in a known order.
    for (const subscriber of [...(this.subscribers.get(event.type) ?? [])]) {
      try {
        await subscriber(event);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }

  subscribe<T extends DomainEventType>(type: T, subscriber: Subscriber<T>): () => void {
    let set = this.subscribers.get(type);
    if (!set) this.subscribers.set(type, (set = new Set()));
    // Only events of its type reach it (publish looks them up by type).
    const entry = subscriber as unknown as (event: DomainEvent) => Promise<void> | void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  onResync(): () => void {
    return () => undefined;
  }

  /** Within one process there is no link to lose. */
  readonly connected = true;

  onStatus(): () => void {
    return () => undefined;
  }
}
