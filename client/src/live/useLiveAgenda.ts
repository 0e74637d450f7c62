import { computed, toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import type * as Y from 'yjs';
import type { AgendaItemView } from '../../../shared/api/meetings';
import type { AgendaEntry, AgendaStatus } from '../../../shared/live/content';
import { moveAgendaItem, readLiveAgenda, setAgendaMinutes, setAgendaStatus } from './agenda';
import { useDocVersion } from './useDocVersion';

/** An agenda item with its live order, time and status. */
export interface AgendaRow {
  item: AgendaItemView;
  entry: AgendaEntry;
}

/**
 * The agenda as the agenda document orders it, recomputed on every change of the document, and the organisers'
 * changes to it (each one value in one transaction).
 */
export function useLiveAgenda(
  doc: Readonly<Ref<Y.Doc | null>>,
  items: MaybeRefOrGetter<readonly AgendaItemView[]>,
) {
  const version = useDocVersion(doc);
  const entries = computed(() => {
    void version.value;
    return readLiveAgenda(doc.value, toValue(items));
  });
  const rows = computed<AgendaRow[]>(() => {
    const byId = new Map(toValue(items).map((item) => [item.id, item]));
    return entries.value.flatMap((entry) => {
      const item = byId.get(entry.itemId);
      return item ? [{ item, entry }] : [];
    });
  });

  return {
    rows,
    move(itemId: string, direction: -1 | 1): void {
      if (doc.value) moveAgendaItem(doc.value, entries.value, itemId, direction);
    },
    setMinutes(itemId: string, minutes: number | null): void {
      if (doc.value) setAgendaMinutes(doc.value, itemId, minutes);
    },
    setStatus(itemId: string, status: AgendaStatus): void {
      if (doc.value) setAgendaStatus(doc.value, itemId, status);
    },
  };
}
