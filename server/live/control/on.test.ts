import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { failureAck } from './on';

/** What the acknowledgement of a failed control event says, and what is logged of it. */
describe('failureAck', () => {
  const logged: { level: string; message: string }[] = [];
  const app = {
    log: {
      warn: (_details: unknown, message: string) => logged.push({ level: 'warn', message }),
      error: (_details: unknown, message: string) => logged.push({ level: 'error', message }),
    },
  } as unknown as FastifyInstance;
  const driverError = (code: string, message: string) =>
    Object.assign(new Error('Failed query'), { cause: { code, severity: 'ERROR', message } });

  it('answers a transaction that lost a race as a conflict to try again, and logs it as a warning', () => {
    logged.length = 0;
    expect(failureAck(app, 'chair:admit', driverError('40P01', 'deadlock detected'))).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Another change was made at the same moment, so yours could not be completed; reload and try again',
      },
    });
    expect(logged).toEqual([
      { level: 'warn', message: 'live control: chair:admit lost a race with another transaction' },
    ]);
  });

  it('answers any other fault with a message that tells nothing, and logs it as an error', () => {
    logged.length = 0;
    expect(failureAck(app, 'chair:admit', driverError('23505', 'duplicate key'))).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'the request failed; it has been logged' },
    });
    expect(logged.map((line) => line.level)).toEqual(['error']);
  });
});
