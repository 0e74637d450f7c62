import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { requesterIp } from '../requester';

/** A release hook: safe to call more than once. */
export type Release = () => void;

/**
 * Counts live connections (Yjs and socket.io alike, handshakes in progress included) per membership and per client
 * address, and refuses one over a cap (LIVE_LIMITS). The address is counted before any database work, so a storm from
 * one place costs a counter, not a handshake. In memory, per instance: a cap guards this process's resources.
 */
export class ConnectionCaps {
  private readonly counts = new Map<string, number>();

  constructor(readonly limits: { perUser: number; perAddress: number }) {}

  /** Takes a slot for this address, or null when it is full. */
  address(address: string | null): Release | null {
    return this.take(`a:${address ?? 'unknown'}`, this.limits.perAddress);
  }

  /** Takes a slot for this membership, or null when it is full. */
  user(membershipId: string): Release | null {
    return this.take(`u:${membershipId}`, this.limits.perUser);
  }

  /** Connections counted now for a key (tests). */
  held(kind: 'address' | 'user', id: string): number {
    return this.counts.get(`${kind === 'address' ? 'a' : 'u'}:${id}`) ?? 0;
  }

  private take(key: string, limit: number): Release | null {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return null;
    this.counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }
}

/** The client's address for the per-address cap: the same reading as REST and the audit log (server/requester.ts). */
export const clientAddress = (app: FastifyInstance, request: IncomingMessage): string | null =>
  requesterIp(app, request);
