import { openTexts } from '../services/file-texts';
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Executor } from '../../db/client';
import {
  agendaItems,
  caseFiles,
  organisations,
  parties,
  relatedPersons,
  weighingFiles,
  weighingSignals,
} from '../../db/schema/index';
import { parseDocName } from '../../shared/index';
import { caseSignalsOf } from '../services/case-files';

/**
 * The client id every seed is written under. Seeds are deterministic: should two instances seed one document at
 * the same time, both produce the same Yjs items (same client, same clocks), which merge into one.
 */
const SEED_CLIENT_ID = 1;

interface Naw {
  name: string;
  dateOfBirth: string | null;
  address: string | null;
  residence: string | null;
}

const identityText = (naw: Naw) =>
  [
    `Naam: ${naw.name}`,
    `Geboortedatum: ${naw.dateOfBirth ?? '—'}`,
    `Adres: ${naw.address ?? '—'}`,
    `Woonplaats: ${naw.residence ?? '—'}`,
  ].join('\n');

const signalsText = (signals: { observedOn: string; party: string; description: string }[]) =>
  signals.map((s) => `${s.observedOn} — ingebracht door ${s.party}\n${s.description}`).join('\n\n');

async function fileText(db: Executor, itemId: string, compartment: string): Promise<string | null> {
  const [item] = await db
    .select({ weighingFileId: agendaItems.weighingFileId, caseFileId: agendaItems.caseFileId })
    .from(agendaItems)
    .where(eq(agendaItems.id, itemId))
    .limit(1);
  if (!item) return null;
  if (item.weighingFileId) {
    const fileId = item.weighingFileId;
    if (compartment === 'identity') {
      const [file] = await db.select().from(weighingFiles).where(eq(weighingFiles.id, fileId)).limit(1);
      return file ? identityText(await openTexts(db, 'weighingFile', fileId, file)) : null;
    }
    if (compartment === 'signals') {
      // Never the reporter (melder): this text is frozen into the minutes, which others read and the subject may
      // ask for (art. 12). The weegploeg's core parties read the reporter from the weighing file itself (art. 8.2c,
      // 8.4), beside the live item.
      const rows = await db
        .select({
          observedOn: weighingSignals.observedOn,
          party: organisations.name,
          description: weighingSignals.description,
        })
        .from(weighingSignals)
        .innerJoin(parties, eq(parties.id, weighingSignals.broughtByPartyId))
        .innerJoin(organisations, eq(organisations.id, parties.organisationId))
        .where(eq(weighingSignals.fileId, fileId))
        .orderBy(asc(weighingSignals.observedOn));
      return signalsText(await Promise.all(rows.map((row) => openTexts(db, 'weighingSignal', fileId, row))));
    }
    return null;
  }
  const fileId = item.caseFileId!;
  if (compartment === 'identity') {
    const [file] = await db.select().from(caseFiles).where(eq(caseFiles.id, fileId)).limit(1);
    return file ? identityText(await openTexts(db, 'caseFile', fileId, file)) : null;
  }
  if (compartment === 'signals')
    return signalsText((await caseSignalsOf(db, fileId)).map((s) => ({ ...s, party: s.broughtBy })));
  if (compartment === 'network') {
    const rows = await Promise.all(
      (await db.select().from(relatedPersons).where(eq(relatedPersons.fileId, fileId))).map((row) =>
        openTexts(db, 'relatedPerson', fileId, row),
      ),
    );
    return rows.map((p) => `${p.name} (${p.relation})${p.details ? `\n${p.details}` : ''}`).join('\n\n');
  }
  return null;
}

/**
 * The first content of a compartment document that is new: the subject's NAW, the signals and the network, as
 * the file on the agenda holds them (art. 8.2, 10.2), so the meeting works from the file. Null for compartments
 * that start empty.
 */
export async function seedDocument(db: Executor, name: string): Promise<Uint8Array | null> {
  const address = parseDocName(name);
  if (!address || address.itemId === null) return null;
  const text = await fileText(db, address.itemId, address.compartment);
  if (!text) return null;
  const doc = new Y.Doc({ gc: true });
  doc.clientID = SEED_CLIENT_ID;
  doc.getText(address.compartment).insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
