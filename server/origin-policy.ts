import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { requestedHost } from './forwarded';

/**
 * Which origins and hosts this server answers for; one policy for REST, the Yjs endpoint and socket.io.
 *
 * - Origin (cross-site request forgery, cross-site WebSocket hijacking): a browser page elsewhere must not ride on
 *   the user's cookie. Compared as scheme + host + port, so https://host is not http://host.
 * - Host (DNS rebinding): a page of evil.example whose name was pointed at this server is same-origin to the
 *   browser, so its Origin matches its Host; only a Host this server does not answer for gives it away.
 */
export interface OriginPolicy {
  /** Normalised origins (URL.origin: lower case, default port left out). */
  readonly origins: ReadonlySet<string>;
  /** Host header values of those origins: `host` as URL gives it, and with the default port written out. */
  readonly hosts: ReadonlySet<string>;
}

export type PolicySettings = Pick<Config, 'publicOrigin' | 'allowedOrigins' | 'host'>;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Without PUBLIC_ORIGIN: what a browser on this machine types, on the port actually bound (PORT=0 picks one). */
export function localOrigins(host: string, port: number): string[] {
  const names = ['localhost', '127.0.0.1'];
  if (!WILDCARD_HOSTS.has(host)) names.push(host.includes(':') ? `[${host}]` : host);
  return names.map((name) => new URL(`http://${name}:${port}`).origin);
}

export function buildOriginPolicy(settings: PolicySettings, port: number): OriginPolicy {
  const own = settings.publicOrigin ? [settings.publicOrigin] : localOrigins(settings.host, port);
  const origins = new Set([...own, ...settings.allowedOrigins].map((origin) => new URL(origin).origin));
  const hosts = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    hosts.add(url.host);
    hosts.add(`${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`);
  }
  return { origins, hosts };
}

/** A Host header as `hostname[:port]`, lower case and punycode as URL normalises it; null when it is no host. */
export function normaliseHost(raw: string): string | null {
  if (raw === '' || /[/?#@\\\s]/.test(raw)) return null;
  try {
    const url = new URL(`http://${raw}`);
    // URL drops an explicit :80 for http; a Host header's port is kept as written (as a number).
    const port = /^(?:\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(raw)?.[1];
    return port === undefined ? url.hostname : `${url.hostname}:${Number(port)}`;
  } catch {
    return null;
  }
}

export function hostAllowed(policy: OriginPolicy, host: string | undefined): boolean {
  const normalised = host === undefined ? null : normaliseHost(host);
  return normalised !== null && policy.hosts.has(normalised);
}

/** An absent Origin is allowed (not a browser); a present one must be one of the policy's origins. */
export function originAllowed(policy: OriginPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && policy.origins.has(url.origin);
  } catch {
    return false;
  }
}

export interface Refusal {
  kind: 'host' | 'origin';
  /** English, for logs and close reasons; names no header value. */
  reason: string;
}

/**
 * The one check of a request against the policy, for REST and both live transports: the host it asked for
 * (X-Forwarded-Host behind a trusted proxy, see server/forwarded.ts), then its Origin when `checkOrigin`.
 */
export function requestRefusal(
  policy: OriginPolicy,
  request: IncomingMessage,
  options: { trustProxy: boolean; checkOrigin: boolean },
): Refusal | null {
  if (!hostAllowed(policy, requestedHost(request, options.trustProxy)))
    return { kind: 'host', reason: 'host refused' };
  if (options.checkOrigin && !originAllowed(policy, request.headers.origin))
    return { kind: 'origin', reason: 'origin refused' };
  return null;
}

const policies = new WeakMap<object, { port: number; policy: OriginPolicy }>();

/**
 * The app's policy. The local default origins need the bound port, known only after listen (PORT=0 in tests and
 * browser tests), so the policy is made on first use and again if the port differs.
 */
export function originPolicyOf(app: FastifyInstance): OriginPolicy {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.port;
  const cached = policies.get(app.server);
  if (cached?.port === port) return cached.policy;
  const policy = buildOriginPolicy(app.config, port);
  policies.set(app.server, { port, policy });
  return policy;
}
