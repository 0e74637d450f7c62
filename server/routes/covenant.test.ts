import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { referenceFrameworks } from '../../db/schema/index';
import { EXAMPLE_CRITERIA, MODEL_COVENANT_POLICY } from '../../shared/index';
import { seedDemo } from '../demo/seed';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/harness';

describe('the covenant and its reference framework', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('has the model convenant parties: three core parties, two case parties, annex-1 partners', async () => {
    const covenant = (await (await server.login('om')).get('/api/covenant')).body;
    const kinds = (kind: string) =>
      covenant.parties
        .filter((p: { kind: string }) => p.kind === kind)
        .map((p: { organisationType: string }) => p.organisationType);
    expect(kinds('core').sort()).toEqual(['municipality', 'police', 'prosecution']);
    expect(kinds('case').sort()).toEqual(['child_protection_board', 'probation']);
    expect(kinds('external').sort()).toEqual(['mental_health', 'youth_protection']);
    expect(covenant.parties.filter((p: { annex1: boolean }) => p.annex1)).toHaveLength(2);
    expect(covenant.retention).toEqual(MODEL_COVENANT_POLICY.retention);
    expect(covenant.referenceFramework).toMatchObject({ isExample: true });
    expect(covenant.referenceFramework.name).toMatch(/Voorbeeld/);
    expect(covenant.referenceFramework.criteria).toHaveLength(EXAMPLE_CRITERIA.length);
  });

  it('seeds the demo only once, whatever the number of starts', async () => {
    expect(await seedDemo(server.database.db, TEST_PASSWORD)).toBe(false);
  });

  it('lets the executor, and only the executor, replace the framework (art. 5)', async () => {
    const body = {
      name: 'Referentiekader Regio Voorbeeld 2027',
      criteria: [
        { code: 'R1', title: 'Ideologische uitingen', description: '…' },
        { code: 'R2', title: 'Geweldsbereidheid', description: '…' },
      ],
    };
    const police = await server.login('politie');
    const refused = await police.request('PUT', '/api/covenant/reference-framework', body);
    expect(refused.status).toBe(403);

    const executor = await server.login('uitvoerder');
    const duplicate = await executor.request('PUT', '/api/covenant/reference-framework', {
      ...body,
      criteria: [body.criteria[0], body.criteria[0]],
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('body.criteria');

    const replaced = await executor.request('PUT', '/api/covenant/reference-framework', body);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: body.name, isExample: false });
    expect(replaced.body.criteria.map((c: { code: string }) => c.code)).toEqual(['R1', 'R2']);
    expect((await police.get('/api/covenant')).body.referenceFramework.id).toBe(replaced.body.id);
  });

  it('keeps exactly one framework active when replacements race', async () => {
    const executor = await server.login('uitvoerder');
    const answers = await Promise.all(
      [1, 2, 3].map((n) =>
        executor.request('PUT', '/api/covenant/reference-framework', {
          name: `Kader ${n}`,
          criteria: [{ code: `K${n}`, title: 'Criterium', description: '' }],
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const active = await server.database.db
      .select()
      .from(referenceFrameworks)
      .where(eq(referenceFrameworks.active, true));
    expect(active).toHaveLength(1);
  });
});
