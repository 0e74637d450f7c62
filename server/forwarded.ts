import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/*
 * What a request says about its client and the host it asked for, read the way Fastify reads it with the same
 * `trustProxy` setting (fastify/lib/request.js, `ip` and `host`), for requests that never become a Fastify request:
 * the WebSocket upgrades of the Yjs endpoint and socket.io. TRUST_PROXY is a yes/no setting, so every proxy is
 * trusted when it is on, as Fastify does with `trustProxy: true`.
 */

const trustEveryProxy = () => true;

/** The last entry of a header a proxy chain may have set more than once ("a, b" → "b"). */
function lastEntry(value: string): string {
  const comma = value.lastIndexOf(',');
  return (comma === -1 ? value : value.slice(comma + 1)).trim();
}

/** The client's address: the socket's peer, or behind a trusted proxy the first address in X-Forwarded-For. */
export function clientIp(request: IncomingMessage, trustProxy: boolean): string | null {
  if (!trustProxy) return request.socket.remoteAddress ?? null;
  const addresses = proxyAddr.all(request, trustEveryProxy);
  return addresses[addresses.length - 1] ?? null;
}

/** The host the client asked for: the Host header, or behind a trusted proxy the last X-Forwarded-Host. */
export function requestedHost(request: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = request.headers['x-forwarded-host'];
  if (trustProxy && typeof forwarded === 'string' && forwarded) return lastEntry(forwarded);
  return request.headers.host;
}
