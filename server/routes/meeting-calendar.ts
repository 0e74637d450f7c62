import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, meetingInvitation, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { enforceParticipant, findMeeting } from '../services/meetings';

/**
 * A meeting as a calendar invitation (.ics) for its participants: title, time and a link only (no agenda, no
 * subject), since the file leaves the application.
 */
const meetingCalendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/meetings/:id/calendar.ics',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The meeting as a calendar invitation (title, time, link; participants)',
        params: IdParams,
        produces: ['text/calendar'],
        response: withErrors({ 200: Type.String() }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const meeting = await findMeeting(app.db, ctx.actor.covenantId, request.params.id);
      await enforceParticipant(app.db, ctx, meeting.id);
      // The address users type (PUBLIC_ORIGIN), or the one this request came in on (its host was checked).
      const origin = app.config.publicOrigin ?? `${request.protocol}://${request.host}`;
      const ics = meetingInvitation(
        {
          id: meeting.id,
          title: meeting.title,
          scheduledAt: meeting.scheduledAt.toISOString(),
          cancelled: meeting.state === 'cancelled',
          url: `${origin}/overleggen/${meeting.id}`,
        },
        new Date(),
      );
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="overleg-${meeting.id}.ics"`)
        .header('cache-control', 'no-store')
        .send(ics);
    },
  );
};

export default meetingCalendarRoutes;
