import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { exclusively } from '../job-lock';
import { loggableError } from '../safe-log';
import { runRetention } from '../services/retention';

declare module 'fastify' {
  interface FastifyInstance {
    retention: {
      /**
       * Runs the retention job now (at most one run at a time, across all instances on the database); resolves
       * when it is done: true when this instance ran it, false when another instance was running it.
       */
      runNow(): Promise<boolean>;
    };
  }
}

/**
 * The retention job (art. 13): runs at start and every RETENTION_INTERVAL_MINUTES, one run at a time, also
 * across instances (server/job-lock.ts): an instance whose turn comes while another runs it skips that turn.
 * Each file is handled in its own transaction, so a run cut short by a restart is simply continued by the next
 * one. Logs counts only, never which subject.
 */
export default fp(
  async (app: FastifyInstance) => {
    const minutes = app.config.retentionIntervalMinutes;
    let running: Promise<boolean> | null = null;
    let timer: NodeJS.Timeout | null = null;

    function runNow(): Promise<boolean> {
      running ??= (async () => {
        try {
          const run = await exclusively(app.db, app.databaseDriver, 'retention', () =>
            runRetention(app.db, new Date()),
          );
          if (!run.ran) {
            app.log.info('retention job: another instance is running it');
            return false;
          }
          const outcomes = run.value;
          // No copy of destroyed content stays in memory (art. 13): the live transports drop theirs.
          const documents = outcomes.flatMap((o) => o.documents ?? []);
          if (documents.length > 0) await app.events.publish({ type: 'file.destroyed', documents });
          const count = (action: string, result: string) =>
            outcomes.filter((o) => o.action === action && o.result === result).length;
          if (outcomes.length > 0)
            app.log.info(
              {
                archived: count('archive', 'done'),
                destroyed: count('destroy', 'done'),
                postponed: outcomes.filter((o) => o.result === 'postponed').length,
              },
              'retention job: done',
            );
          return true;
        } catch (error) {
          app.log.error({ error: loggableError(error) }, 'retention job failed; the next run continues');
          return true;
        } finally {
          running = null;
        }
      })();
      return running;
    }

    app.decorate('retention', { runNow });
    if (minutes === 0) return;
    app.addHook('onReady', () => {
      void runNow();
      timer = setInterval(() => void runNow(), minutes * 60_000);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await running;
    });
  },
  { name: 'retention-job', dependencies: ['events'] },
);
