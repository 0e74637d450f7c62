import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('asks once for concurrent callers with the same key and scope, and afresh once settled', async () => {
    let calls = 0;
    const ask = singleFlight(
      (key: string) => key,
      async (_scope: object, key: string) => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return `${key}#${calls}`;
      },
    );
    const scope = {};
    const answers = await Promise.all([ask(scope, 'a'), ask(scope, 'a'), ask(scope, 'b'), ask({}, 'a')]);
    expect(calls).toBe(3);
    expect(answers[0]).toBe(answers[1]);
    // Nothing is kept: the next question is asked again.
    await ask(scope, 'a');
    expect(calls).toBe(4);
  });
});
