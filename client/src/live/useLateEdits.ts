import { computed, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { MeetingRecordView } from '../../../shared/api/records';
import { CloseCode } from '../../../shared/live/protocol';
import { ApiError, request } from '../api/http';
import { compareWithRecord, type EditedDocument, type LateEditsReport } from './late-edits';

/** What the live screen tells about edits the frozen record did not take. */
export type LateEditsNotice =
  | { state: 'checking' }
  /** Compared with the record: the edits not taken, and compartments changed here that the record does not show. */
  | ({ state: 'listed' } & LateEditsReport)
  /** The record cannot be read by this user (403, 404): say the edits were not taken, without listing them. */
  | { state: 'unlisted' }
  /** The record could not be fetched (network): the edits may not have been taken. */
  | { state: 'failed'; error: unknown };

/** One live document of the screen (useLiveDocument), as far as the late-edits check needs it. */
export interface LateEditsSource {
  status: { unsent: boolean; ended: { code: number } | null };
  frozenSeen: { value: boolean };
  retiringUnsent: { value: number };
  editedDocuments(): EditedDocument[];
}

/**
 * A document whose edits may not have been taken: edited here while not synced (offline), or refused with 4403
 * after the fence (the meeting being frozen makes every connection read-only; an edit that raced the freeze is
 * sent again on reconnection and refused).
 */
function suspect(document: EditedDocument): boolean {
  return document.unsent || document.endedCode === CloseCode.Forbidden;
}

/**
 * Once the meeting is frozen (the meeting state says closed, or a document was refused with 4409), compares the
 * documents this client edited with the frozen record and says which edits were not taken, with their text. The
 * record is fetched once, and only when a document may hold edits that were not taken (every read of the record
 * is audited, art. 15; a participant whose edits all went through does not read it here).
 */
export function useLateEdits(input: {
  meetingId: string;
  /** The meeting state is closed (seen live, or the join was refused because it is). */
  closed: MaybeRefOrGetter<boolean>;
  sources: readonly LateEditsSource[];
}) {
  const notice = shallowRef<LateEditsNotice | null>(null);
  let record: Promise<MeetingRecordView> | null = null;
  let run = 0;

  const frozen = computed(() => toValue(input.closed) || input.sources.some((s) => s.frozenSeen.value));
  /** Changes whenever a document's fate changes, so a connection that ends after the freeze is checked too. */
  const fates = computed(() =>
    input.sources
      .map(
        (s) =>
          `${s.status.ended?.code ?? ''}:${s.status.unsent}:${s.retiringUnsent.value}:${s.frozenSeen.value}`,
      )
      .join('|'),
  );

  async function check(): Promise<void> {
    const mine = ++run;
    const documents = input.sources.flatMap((s) => s.editedDocuments()).filter(suspect);
    if (documents.length === 0) return;
    if (notice.value === null || notice.value.state === 'failed') notice.value = { state: 'checking' };
    try {
      record ??= request<MeetingRecordView>(`/api/meetings/${encodeURIComponent(input.meetingId)}/record`);
      const report = compareWithRecord(await record, documents);
      if (mine !== run) return;
      notice.value =
        report.groups.length === 0 && report.unlisted.length === 0 ? null : { state: 'listed', ...report };
    } catch (error) {
      if (mine !== run) return;
      // Without the record, only edits made offline are known not to have been taken; a refusal after the fence
      // (4403) alone is no proof (a read-only reconnection can be refused without anything new in it).
      if (!documents.some((d) => d.unsent)) {
        notice.value = null;
        return;
      }
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
        notice.value = { state: 'unlisted' };
        return;
      }
      record = null;
      notice.value = { state: 'failed', error };
    }
  }

  watch(
    [frozen, fates],
    ([isFrozen]) => {
      if (isFrozen) void check();
    },
    { immediate: true },
  );

  return { notice, retry: check };
}
