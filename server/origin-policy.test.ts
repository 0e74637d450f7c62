import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { loadConfig } from './config';
import {
  buildOriginPolicy,
  hostAllowed,
  localOrigins,
  normaliseHost,
  originAllowed,
  requestRefusal,
} from './origin-policy';

const policyFor = (env: Record<string, string>, port = 3000) => buildOriginPolicy(loadConfig(env), port);

function request(headers: Record<string, string>): IncomingMessage {
  return { headers, socket: { remoteAddress: '10.0.0.1' } } as unknown as IncomingMessage;
}

describe('origin policy', () => {
  it('defaults to http://localhost and http://127.0.0.1 on the bound port (PORT=0 binds another)', () => {
    expect(localOrigins('0.0.0.0', 41234)).toEqual(['http://localhost:41234', 'http://127.0.0.1:41234']);
    const policy = policyFor({ PORT: '0' }, 41234);
    expect([...policy.origins]).toEqual(['http://localhost:41234', 'http://127.0.0.1:41234']);
    expect(hostAllowed(policy, 'localhost:41234')).toBe(true);
    expect(hostAllowed(policy, '127.0.0.1:41234')).toBe(true);
    expect(hostAllowed(policy, 'localhost:0')).toBe(false);
    expect(hostAllowed(policy, 'localhost')).toBe(false);
  });

  it('adds a specific listening address to the local defaults', () => {
    expect(localOrigins('192.168.1.5', 3000)).toContain('http://192.168.1.5:3000');
    expect(localOrigins('::1', 3000)).toContain('http://[::1]:3000');
    expect(hostAllowed(policyFor({ HOST: '::1' }), '[::1]:3000')).toBe(true);
  });

  it('compares origins as scheme + host + port: https is not http, case and default ports do not matter', () => {
    const local = policyFor({});
    expect(originAllowed(local, 'http://localhost:3000')).toBe(true);
    expect(originAllowed(local, 'http://LOCALHOST:3000')).toBe(true);
    expect(originAllowed(local, 'https://localhost:3000')).toBe(false);
    expect(originAllowed(local, 'http://localhost:3001')).toBe(false);
    expect(originAllowed(local, 'http://evil.example')).toBe(false);
    expect(originAllowed(local, 'null')).toBe(false);
    expect(originAllowed(local, 'ws://localhost:3000')).toBe(false);
    // No Origin: not a browser; the Host check still applies.
    expect(originAllowed(local, undefined)).toBe(true);

    const public_ = policyFor({ PUBLIC_ORIGIN: 'https://Casustafel.Example.nl:443' });
    expect([...public_.origins]).toEqual(['https://casustafel.example.nl']);
    expect(originAllowed(public_, 'https://casustafel.example.nl')).toBe(true);
    expect(originAllowed(public_, 'http://casustafel.example.nl')).toBe(false);
    expect(originAllowed(public_, 'http://localhost:3000')).toBe(false);
  });

  it('answers only for the hosts of the public origin and the allowed origins', () => {
    const policy = policyFor({
      PUBLIC_ORIGIN: 'https://casustafel.example.nl',
      ALLOWED_ORIGINS: 'http://localhost:5173, https://intern.example.nl:8443',
    });
    for (const host of [
      'casustafel.example.nl',
      'CASUSTAFEL.example.nl',
      'casustafel.example.nl:443',
      'localhost:5173',
      'intern.example.nl:8443',
    ])
      expect(hostAllowed(policy, host), host).toBe(true);
    for (const host of [
      'evil.example',
      'casustafel.example.nl:8443',
      'casustafel.example.nl.evil.example',
      'localhost:3000',
      'localhost',
      'intern.example.nl',
      'user@casustafel.example.nl',
      'casustafel.example.nl/x',
      '',
      undefined,
    ])
      expect(hostAllowed(policy, host), String(host)).toBe(false);
  });

  it('keeps an explicit default port in a Host header as written', () => {
    expect(normaliseHost('Example.NL:80')).toBe('example.nl:80');
    expect(normaliseHost('example.nl:0080')).toBe('example.nl:80');
    expect(normaliseHost('[::1]:3000')).toBe('[::1]:3000');
    expect(normaliseHost('example.nl:99999')).toBeNull();
    expect(hostAllowed(policyFor({ PUBLIC_ORIGIN: 'http://example.nl' }), 'example.nl:80')).toBe(true);
    expect(hostAllowed(policyFor({ PUBLIC_ORIGIN: 'https://example.nl' }), 'example.nl:80')).toBe(false);
  });

  it('checks the host first, the Origin only when asked, and X-Forwarded-Host only behind a trusted proxy', () => {
    const policy = policyFor({ PUBLIC_ORIGIN: 'https://casustafel.example.nl' });
    const rebound = request({ host: 'evil.example', origin: 'http://evil.example' });
    expect(requestRefusal(policy, rebound, { trustProxy: false, checkOrigin: true })?.kind).toBe('host');

    const foreign = request({ host: 'casustafel.example.nl', origin: 'https://evil.example' });
    expect(requestRefusal(policy, foreign, { trustProxy: false, checkOrigin: true })?.kind).toBe('origin');
    expect(requestRefusal(policy, foreign, { trustProxy: false, checkOrigin: false })).toBeNull();

    const proxied = request({
      host: '10.0.0.2:3000',
      'x-forwarded-host': 'evil.example, casustafel.example.nl',
      origin: 'https://casustafel.example.nl',
    });
    expect(requestRefusal(policy, proxied, { trustProxy: true, checkOrigin: true })).toBeNull();
    expect(requestRefusal(policy, proxied, { trustProxy: false, checkOrigin: true })?.kind).toBe('host');

    const spoofed = request({ host: 'evil.example', 'x-forwarded-host': 'casustafel.example.nl' });
    expect(requestRefusal(policy, spoofed, { trustProxy: false, checkOrigin: true })?.kind).toBe('host');
  });
});
