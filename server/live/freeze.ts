import type { Database } from '../../db/client';
import { CloseCode } from '../../shared/index';
import { freezeMeeting as freeze } from '../services/freeze/index';
import type { DocRegistry } from './registry';
import type { YjsStore } from './store';

export { FreezeError, itemsLackingOutcome, lackingOutcomeMessage } from '../services/freeze/index';

/**
 * The freeze (server/services/freeze) wired to the live side: the fence closes the meeting's document connections
 * through the registry, `fenced` tells the control room, documents are read from the store. This adapter goes
 * when meeting control moves to the services and calls them itself.
 */
export function freezeMeeting(
  deps: { db: Database; store: YjsStore; registry: DocRegistry },
  meetingId: string,
  frozenBy: { membershipId: string },
  fenced: () => Promise<void>,
): Promise<{ recordId: string; hash: string }> {
  const { db, store, registry } = deps;
  return freeze(
    {
      db,
      closeConnections: (id, reason) => registry.closeMeeting(id, CloseCode.Fenced, reason),
      announce: fenced,
      drain: () => store.drain(),
      // The store's own load: an update that cannot be applied is set aside, so the freeze never fails on one.
      read: async (name) => (await store.loadDocument(name))?.doc ?? null,
    },
    meetingId,
    frozenBy,
  );
}
