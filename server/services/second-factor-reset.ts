import type { Database } from '../../db/client';
import type { RequestContext } from '../context';
import { resetSecondFactor } from './second-factor';
import { endSessionsOfHolder } from './user-sessions-end';

/**
 * The administrator resets a user's second factor (a lost phone): the factor and its recovery codes go, every
 * session of the user ends, and the next login enrols anew. Audited.
 */
export const resetUserSecondFactor = (
  db: Database,
  ctx: RequestContext,
  membershipId: string,
  now = new Date(),
): Promise<string[]> =>
  endSessionsOfHolder(
    db,
    ctx,
    membershipId,
    {
      action: 'update',
      rule: 'art. 15.2c: second factor reset',
      purpose: 'tweede factor herstellen (convenant art. 15.2c, 15.2d)',
      also: resetSecondFactor,
    },
    now,
  );
