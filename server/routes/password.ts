import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, ErrorResponse, PasswordChangeBody, PasswordChangeResponse } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { appendAudit } from '../services/audit';
import { changePassword } from '../services/password-change';
import { tokenHash } from '../services/sessions';
import { AppError } from '../errors';

const PURPOSE = 'wachtwoord wijzigen (convenant art. 15.2d: logische toegangscontrole)';

const passwordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Change the password of the logged-in account; its other sessions end',
        body: PasswordChangeBody,
        response: {
          200: PasswordChangeResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const token = request.sessionToken;
      if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      const audit = (result: 'allowed' | 'denied') =>
        appendAudit(app.db, [
          {
            actor: ctx.actor,
            origin: ctx.origin,
            action: 'update',
            objectType: 'session',
            objectId: `user:${ctx.actor.userId}`,
            result,
            rule: 'art. 15.2d',
            purpose: PURPOSE,
          },
        ]);
      let ended: string[];
      try {
        ended = await changePassword(app.db, {
          userId: ctx.actor.userId,
          sessionId: tokenHash(token),
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
          address: request.ip,
        });
      } catch (error) {
        if (error instanceof AppError) await audit('denied');
        throw error;
      }
      // Whoever else held the account is out now, live connections included.
      for (const sessionId of ended)
        await app.events.publish({ type: 'session.ended', sessionId, reason: 'password-changed' });
      await audit('allowed');
      return { endedSessions: ended.length };
    },
  );
};

export default passwordRoutes;
