/**
 * `npm run fuzz`: hostile input against the real server (in process, over real sockets: `startTestServer`, PGlite in
 * memory or PostgreSQL when DATABASE_URL is set). Three decoders, FUZZ_CASES cases each (default 1,000,000):
 * - yjs: y-websocket frames: real Yjs updates, the same mutated, updates written field by field with bogus structure
 *   (references to unknown ids, missing parents, huge delete ranges, skip structs, every content type), sync step 1,
 *   awareness, unknown types, random bytes, text frames. Many frames share one connection; the server closes it on
 *   the first protocol violation and the fuzzer opens another.
 * - socketio: engine.io/socket.io packets over a raw WebSocket, mostly well-formed events (with ack ids) with random
 *   payloads, some malformed packets.
 * - rest: random routes from GET /api/openapi.json with random, nested JSON bodies and path parameters.
 * After every batch: the server still answers; no 5xx; every document touched loads from the store
 * (YjsStore.load, every update applied to a fresh Y.Doc); a connected bystander's round trip (write, until another
 * user has it) measured throughout, its maximum reported. FUZZ_SEED replays a run (the seed is printed);
 * FUZZ_DECODERS=yjs,socketio runs only those.
 * Exit status 1 on a crash, a 5xx or a document that does not load. Stalls over 50 ms are reported, not failed:
 * on a shared machine they also measure the neighbours.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CONTROL_PATH, YJS_PATH, controlHandshakeAuth, docName } from '../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../server/testing/harness';
import { jsonValue, random, socketIoPacket, yjsFrame, type Random } from './fuzz-generators';
import { Bystander } from './fuzz-bystander';

export interface FuzzReport {
  seed: number;
  cases: Record<Decoder, number>;
  connections: Record<Decoder, number>;
  closeCodes: Record<string, number>;
  serverErrors: number;
  serverErrorSamples: string[];
  unloadable: string[];
  crashed: boolean;
  bystander: { probes: number; maxMs: number; over50: number };
  seconds: number;
  failed: boolean;
}
type Decoder = 'yjs' | 'socketio' | 'rest';

const BATCH = 200;

function opened(url: string, cookie: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { cookie } });
    ws.on('error', () => undefined);
    ws.once('message', () => resolve(ws));
    ws.once('close', () => resolve(null));
  });
}

export async function fuzz(
  options: { cases?: number; seed?: number; log?: (line: string) => void } = {},
): Promise<FuzzReport> {
  const cases = options.cases ?? Number(process.env.FUZZ_CASES ?? 1_000_000);
  // FUZZ_DECODERS=yjs,socketio runs only those (the others report 0 cases).
  const only = (process.env.FUZZ_DECODERS ?? 'yjs,socketio,rest').split(',');
  const casesOf = (decoder: Decoder) => (options.cases !== undefined || only.includes(decoder) ? cases : 0);
  const seed = options.seed ?? Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const log = options.log ?? ((line: string) => console.log(line));
  log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays), ${cases} cases per decoder`);
  const r = random(seed);
  const logs: string[] = [];
  const server: TestServer = await startTestServer({}, logs);
  const started = performance.now();
  const report: FuzzReport = {
    seed,
    cases: { yjs: 0, socketio: 0, rest: 0 },
    connections: { yjs: 0, socketio: 0, rest: 0 },
    closeCodes: {},
    serverErrors: 0,
    serverErrorSamples: [],
    unloadable: [],
    crashed: false,
    bystander: { probes: 0, maxMs: 0, over50: 0 },
    seconds: 0,
    failed: false,
  };
  let crash: unknown = null;
  const onCrash = (error: unknown) => (crash ??= error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  let bystander: Bystander | null = null;
  try {
    const executor = await server.login('uitvoerder');
    const chair = await server.login('voorzitter');
    const police = await server.login('politie');
    const users: TestClient[] = [executor, chair, police];
    const meetingOf = async (title: string) => {
      const meeting = await executor.post<{ id: string }>('/api/meetings', {
        kind: 'weighing',
        title,
        scheduledAt: '2026-12-01T09:00:00Z',
      });
      return meeting.body.id;
    };
    const wsBase = server.url.replace('http', 'ws');
    const bystanderMeeting = await meetingOf('Bystander');
    bystander = new Bystander(
      `${wsBase}${YJS_PATH}/${docName({ meetingId: bystanderMeeting, itemId: null, compartment: 'agenda' })}`,
      executor.cookie!,
      chair.cookie!,
    );
    await bystander.ready();
    // Documents the fuzzer writes into: several meetings' agendas, so no one document grows without bound.
    const targets: string[] = [];
    for (let m = 0; m < 4; m++)
      targets.push(docName({ meetingId: await meetingOf(`Fuzz ${m}`), itemId: null, compartment: 'agenda' }));
    const ids = {
      meetingId: targets[0]!.split('/')[1] ?? '',
      itemId: '00000000-0000-0000-0000-000000000000',
    };
    const touched = new Set<string>();

    const progress = (decoder: Decoder) => {
      const seconds = (performance.now() - started) / 1000;
      log(
        `  ${decoder}: ${report.cases[decoder]} cases, ${report.connections[decoder]} connections, ` +
          `5xx ${report.serverErrors}, bystander max ${report.bystander.maxMs.toFixed(0)} ms (${seconds.toFixed(0)} s)`,
      );
    };
    const check = async () => {
      if (crash) throw crash instanceof Error ? crash : new Error(`uncaught ${typeof crash}`);
      const health = await fetch(`${server.url}/api/health`).catch(() => null);
      if (!health) throw new Error('the server stopped answering');
      for (const name of touched) {
        const { updates } = await server.app.live.store.load(name);
        const doc = new Y.Doc();
        try {
          for (const update of updates) Y.applyUpdate(doc, update);
        } catch (error) {
          if (!report.unloadable.includes(name)) {
            report.unloadable.push(name);
            log(`  stored document fails to load: ${name}: ${(error as Error).message}`);
          }
        } finally {
          doc.destroy();
        }
      }
      touched.clear();
      Object.assign(report.bystander, bystander!.figures());
    };
    const everyBatches = Math.max(1, Math.floor(cases / BATCH / 20));

    // ---- yjs ----
    let ws: WebSocket | null = null;
    let current = '';
    for (let batch = 0; report.cases.yjs < casesOf('yjs'); batch++) {
      const n = Math.min(BATCH, casesOf('yjs') - report.cases.yjs);
      for (let i = 0; i < n; i++) {
        if (!ws || ws.readyState !== WebSocket.OPEN) {
          current = r.pick(targets);
          const user = r.pick(users);
          ws = await opened(`${wsBase}${YJS_PATH}/${current}`, user.cookie!);
          report.connections.yjs += 1;
          if (!ws) continue;
          ws.once('close', (code) => (report.closeCodes[code] = (report.closeCodes[code] ?? 0) + 1));
        }
        const { frame } = yjsFrame(r);
        ws.send(frame, { binary: typeof frame !== 'string' });
        report.cases.yjs += 1;
        touched.add(current);
      }
      // Let the server take the batch in before the next.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (batch % everyBatches === 0) {
        await check();
        progress('yjs');
      }
    }
    ws?.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.app.live.store.drain();
    for (const name of targets) touched.add(name);
    await check();
    progress('yjs');

    // ---- socket.io ----
    let io: WebSocket | null = null;
    for (let batch = 0; report.cases.socketio < casesOf('socketio'); batch++) {
      const n = Math.min(BATCH, casesOf('socketio') - report.cases.socketio);
      for (let i = 0; i < n; i++) {
        if (!io || io.readyState !== WebSocket.OPEN) {
          io = await opened(`${wsBase}${CONTROL_PATH}/?EIO=4&transport=websocket`, r.pick(users).cookie!);
          report.connections.socketio += 1;
          if (!io) continue;
          // Connect to the main namespace, speaking this live protocol version.
          io.send(`40${JSON.stringify(controlHandshakeAuth())}`);
          io.on('message', (data: Buffer) => data.toString() === '2' && io?.send('3')); // answer pings
        }
        io.send(socketIoPacket(r, ids));
        report.cases.socketio += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (batch % everyBatches === 0) {
        await check();
        progress('socketio');
      }
    }
    io?.close();
    await check();
    progress('socketio');

    // ---- rest ----
    const spec = (await executor.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json'))
      .body;
    const routes = Object.entries(spec.paths)
      // Logging out would end the fuzzer's own sessions.
      .filter(([path]) => !path.startsWith('/api/session'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
      );
    const segment = (value: string) => {
      try {
        return encodeURIComponent(value);
      } catch {
        return '%ED%A0%80'; // a lone surrogate, as a client could still send it
      }
    };
    const fill = (path: string) =>
      path.replace(/\{[^}]+\}/g, () =>
        segment(
          r.pick([
            ids.meetingId,
            ids.itemId,
            'x',
            '%',
            '..',
            '00000000-0000-0000-0000-00000000000g',
            String(jsonValue(r, 0)),
          ]),
        ),
      );
    for (let batch = 0; report.cases.rest < casesOf('rest'); batch++) {
      const n = Math.min(BATCH / 4, casesOf('rest') - report.cases.rest);
      await Promise.all(
        Array.from({ length: n }, async () => {
          const route = r.pick(routes);
          const user = r.pick(users);
          const body = route.method === 'GET' ? undefined : r.bool(0.9) ? jsonValue(r, 4) : '{"a":';
          const response = await user.request(route.method, fill(route.path), body).catch(() => null);
          report.cases.rest += 1;
          report.connections.rest += 1;
          if (!response || response.status >= 500) {
            report.serverErrors += 1;
            if (report.serverErrorSamples.length < 5)
              report.serverErrorSamples.push(
                `${route.method} ${route.path} → ${response?.status ?? 'no answer'} ${JSON.stringify(body)?.slice(0, 200)}`,
              );
          }
        }),
      );
      if (batch % everyBatches === 0) {
        await check();
        progress('rest');
      }
    }
    await check();
    progress('rest');
  } catch (error) {
    report.crashed = true;
    log(`  crash: ${(error as Error).stack ?? String(error)}`);
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    if (bystander) Object.assign(report.bystander, bystander.figures());
    bystander?.close();
    await server.close().catch(() => undefined);
  }
  report.seconds = (performance.now() - started) / 1000;
  report.failed = report.crashed || report.serverErrors > 0 || report.unloadable.length > 0;
  const errors = logs.filter((line) => /"level":(50|60)/.test(line));
  log(
    `fuzz ${report.failed ? 'FAILED' : 'passed'}: seed ${seed}, ${report.seconds.toFixed(0)} s; cases ${JSON.stringify(report.cases)}; ` +
      `connections ${JSON.stringify(report.connections)}; close codes ${JSON.stringify(report.closeCodes)}`,
  );
  log(
    `  crash: ${report.crashed ? 'yes' : 'no'}; 5xx: ${report.serverErrors}${report.serverErrorSamples.map((s) => `\n    ${s}`).join('')}; ` +
      `documents that fail to load: ${report.unloadable.length}; server error log lines: ${errors.length}`,
  );
  log(
    `  bystander: ${report.bystander.probes} round trips, max ${report.bystander.maxMs.toFixed(1)} ms, ` +
      `${report.bystander.over50} over 50 ms`,
  );
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  fuzz().then(
    (report) => process.exit(report.failed ? 1 : 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );

export type { Random };
