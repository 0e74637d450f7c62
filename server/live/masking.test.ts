import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { covenants } from '../../db/schema/index';
import { CloseCode, MODEL_COVENANT_POLICY, docName, type MaskingPolicy } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, rawAttempt, until } from '../testing/live-clients';

/** The live endpoint applies the covenant's own masking policy, stored with the covenant (regions differ). */
describe('masking policy on the live endpoint', () => {
  let server: TestServer;
  let analysis: string;

  beforeAll(async () => {
    server = await startTestServer();
    const { meetingId, itemId } = await newWeighingItem(server, 'Masking-Subject');
    analysis = docName({ meetingId, itemId, compartment: 'analysis' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('follows the policy stored with the covenant, not a built-in one', async () => {
    const police = await server.login('politie');
    const open = connectDoc(server, police, analysis);
    await until(() => open.provider.synced, 'model policy: core parties write the analysis');
    open.provider.destroy();

    const masking: MaskingPolicy = {
      version: 1,
      rules: [
        ...MODEL_COVENANT_POLICY.masking!.rules.filter(
          (r) => !(r.meetingKind === 'weighing' && r.compartment === 'analysis' && r.participant === 'core'),
        ),
        {
          meetingKind: 'weighing',
          compartment: 'analysis',
          participant: 'police',
          access: 'masked',
          rule: 'regional rule 7',
        },
      ],
    };
    await server.database.db.update(covenants).set({ policy: { ...MODEL_COVENANT_POLICY, masking } });
    expect(await rawAttempt(server, analysis, { cookie: police.cookie! })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });
    // The municipality has no rule left for the analysis: hidden, so refused as well.
    const municipality = await server.login('gemeente');
    expect((await rawAttempt(server, analysis, { cookie: municipality.cookie! })).code).toBe(
      CloseCode.Forbidden,
    );
    await server.database.db.update(covenants).set({ policy: MODEL_COVENANT_POLICY });
  });
});
