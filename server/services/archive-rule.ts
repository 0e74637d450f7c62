import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { caseFiles, weighingFiles } from '../../db/schema/index';
import { canConsultArchive, type Actor } from '../../shared/index';

/**
 * Art. 13.2 on every read path: a file in the non-active archive "is slechts nog raadpleegbaar door de
 * kernpartijen". One check for every path that shows a file's content or its subject's name (the files
 * themselves, the minutes on screen and as PDF, the meeting's agenda): which of these files this reader may no
 * longer see. Restoring a file (art. 13.4) clears `archived_at`, and with it the answer.
 */
export interface FileRef {
  weighingFileId: string | null;
  caseFileId: string | null;
}

export type ArchiveCheck = (file: FileRef) => boolean;

const nothingHidden: ArchiveCheck = () => false;

/** A predicate: true for a file among `files` that is archived while this reader is no core party's member. */
export async function archivedOutOfReach(
  db: Executor,
  actor: Actor,
  files: readonly FileRef[],
): Promise<ArchiveCheck> {
  if (canConsultArchive(actor).allowed) return nothingHidden;
  return archivedAmong(actor, await archivedFileIds(db, files));
}

/** Which of these files are in the non-active archive, whoever asks. */
export async function archivedFileIds(db: Executor, files: readonly FileRef[]): Promise<Set<string>> {
  const weighing = [...new Set(files.flatMap((f) => (f.weighingFileId ? [f.weighingFileId] : [])))];
  const cases = [...new Set(files.flatMap((f) => (f.caseFileId ? [f.caseFileId] : [])))];
  const archived = new Set<string>();
  if (weighing.length > 0)
    for (const row of await db
      .select({ id: weighingFiles.id })
      .from(weighingFiles)
      .where(and(inArray(weighingFiles.id, weighing), isNotNull(weighingFiles.archivedAt))))
      archived.add(row.id);
  if (cases.length > 0)
    for (const row of await db
      .select({ id: caseFiles.id })
      .from(caseFiles)
      .where(and(inArray(caseFiles.id, cases), isNotNull(caseFiles.archivedAt))))
      archived.add(row.id);
  return archived;
}

/** The predicate of archivedOutOfReach, from the ids of the files found archived. */
export function archivedAmong(actor: Actor, archived: ReadonlySet<string>): ArchiveCheck {
  if (archived.size === 0 || canConsultArchive(actor).allowed) return nothingHidden;
  return (file) =>
    (file.weighingFileId !== null && archived.has(file.weighingFileId)) ||
    (file.caseFileId !== null && archived.has(file.caseFileId));
}
