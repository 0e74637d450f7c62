import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { rowsOf } from '../../db/client';
import { yjsSetAside, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { DocKeyError, DocKeys, type StoredBytes } from '../live/doc-keys';
import { SEALED_TEXTS } from './file-texts';
import type { KeyOwner } from './file-keys';
import { appendAudit } from './audit';
import { checkKeyStore } from './key-store-check';
import { sealText } from './sealed-text';
import { sealSubjectText, type SubjectColumn } from './subject-texts';

/**
 * Seals what was stored in the clear before sealing existed (or by an older version): the personal texts of both
 * files, consent remarks, the subject's own texts and the Yjs state of item documents. Until then a destruction
 * (convenant art. 13) removes those rows from the database but not from the backups taken before. Idempotent and
 * safe beside a running server: each batch is its own transaction, its rows locked; a sealed value is recognised
 * by its prefix (or a Yjs row by its file), so a second run finds nothing to do.
 */

/** How far one step has come: `done` of `total` rows in the clear looked at, of which `sealed` were sealed. */
export interface SealProgress {
  step: string;
  total: number;
  done: number;
  sealed: number;
  /** Rows that cannot be sealed: their file was destroyed (their text is blanked), or their item is gone. */
  skipped: number;
}

const BATCH = 200;
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A table with free text in the clear, and how to find the key owner of each row. */
interface TextSource {
  /** The table as SQL names it. */
  table: string;
  fields: readonly string[];
  /** The column's name in the sealed value's additional data, as the code that writes it names it. */
  column: (field: string) => string;
  /** Joins from the table (`t`) to `o`: `file_id`, `file_kind`, `subject_id` and `destroyed` (the file's). */
  owner: string;
  key: 'file' | 'subject';
}

/** The owner of a row that belongs to a weighing or case file reached through `via`. */
const ofFile = (kind: 'weighing' | 'case', via: string) =>
  `join ${kind === 'weighing' ? 'weighing.weighing_files' : 'casefile.case_files'} f on f.id = ${via}
   cross join lateral (select f.id as file_id, '${kind}' as file_kind, f.subject_id,
     f.destroyed_at is not null as destroyed) o`;

/** The owner of a row that belongs to the subject `via`. */
const ofSubject = (via: string) =>
  `cross join lateral (select null::uuid as file_id, null as file_kind, ${via} as subject_id, false as destroyed) o`;

/** The file texts (file-texts.ts) name their columns `schema.table.field`. */
const fileSource = (
  texts: { table: string; fields: readonly string[] },
  kind: 'weighing' | 'case',
  via = 't.file_id',
): TextSource => ({
  ...texts,
  column: (field) => `${texts.table}.${field}`,
  owner: ofFile(kind, via),
  key: 'file',
});

const bySnakeName = (table: string) => (field: string) => `${table}.${snake(field)}`;

const SOURCES: TextSource[] = [
  fileSource(SEALED_TEXTS.weighingFile, 'weighing', 't.id'),
  fileSource(SEALED_TEXTS.weighingSignal, 'weighing'),
  fileSource(SEALED_TEXTS.weighingDecision, 'weighing'),
  fileSource(
    SEALED_TEXTS.weighingFinding,
    'weighing',
    '(select d.file_id from weighing.weighing_decisions d where d.id = t.decision_id)',
  ),
  fileSource(SEALED_TEXTS.caseFile, 'case', 't.id'),
  fileSource(SEALED_TEXTS.caseSignal, 'case'),
  fileSource(SEALED_TEXTS.relatedPerson, 'case'),
  fileSource(SEALED_TEXTS.caseDisclosure, 'case'),
  {
    // With the key of the file the item discusses, as services/consent.ts seals it.
    table: 'public.consent_votes',
    fields: ['remark'],
    column: bySnakeName('consent_votes'),
    key: 'file',
    owner: `join public.consent_rounds r on r.id = t.round_id
      join public.agenda_items i on i.id = r.agenda_item_id
      left join weighing.weighing_files w on w.id = i.weighing_file_id
      left join casefile.case_files c on c.id = i.case_file_id
      cross join lateral (select coalesce(w.id, c.id) as file_id,
        case when w.id is null then 'case' else 'weighing' end as file_kind, i.subject_id,
        coalesce(w.destroyed_at, c.destroyed_at) is not null as destroyed) o`,
  },
  {
    table: 'public.subject_requests',
    fields: ['details', 'reasoning'],
    column: bySnakeName('subject_requests'),
    key: 'subject',
    owner: ofSubject('t.subject_id'),
  },
  {
    table: 'public.notification_duties',
    fields: ['informedHow'],
    column: bySnakeName('notification_duties'),
    key: 'subject',
    owner: ofSubject('t.subject_id'),
  },
  {
    table: 'public.notification_events',
    fields: ['informedHow'],
    column: bySnakeName('notification_events'),
    key: 'subject',
    owner: `join public.notification_duties d on d.id = t.duty_id ${ofSubject('d.subject_id')}`,
  },
];

/** A value in the clear: not empty (a blanked value stays blank), and without a sealed prefix. */
const inClear = (source: TextSource) =>
  sql.join(
    source.fields.map((field) => {
      const column = sql.raw(`t.${snake(field)}`);
      return sql`(${column} <> '' and ${column} not like 'sealed:%')`;
    }),
    sql` or `,
  );

interface ClearRow {
  row: string;
  file_id: string | null;
  file_kind: 'weighing' | 'case' | null;
  subject_id: string;
  [field: string]: unknown;
}

async function sealTextSource(db: Database, source: TextSource, report: (p: SealProgress) => void) {
  const from = sql.raw(`${source.table} t ${source.owner}`);
  const where = inClear(source);
  const count = async (destroyed: boolean) => {
    const [row] = rowsOf<{ n: number | string }>(
      await db.execute(
        sql`select count(*) as n from ${from} where (${where}) and o.destroyed = ${destroyed}`,
      ),
    );
    return Number(row?.n ?? 0);
  };
  const progress: SealProgress = {
    step: source.table,
    total: await count(false),
    done: 0,
    sealed: 0,
    // Texts of a destroyed file were blanked with it; one left in the clear cannot be sealed any more.
    skipped: await count(true),
  };
  report(progress);
  const columns = sql.join(
    source.fields.map((field) => sql.raw(`t.${snake(field)} as "${field}"`)),
    sql`, `,
  );
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      // A subject's texts: its row first, as every writer and retention take it (subject-keys.ts), then the texts;
      // the other order could deadlock with a destruction under way.
      const scope = source.key === 'subject' ? await lockSubjectsInClear(tx, from, where) : sql`true`;
      // ctid names the row within this transaction, in which it stays locked.
      const rows = rowsOf<ClearRow>(
        await tx.execute(
          sql`select t.ctid::text as row, o.file_id, o.file_kind, o.subject_id, ${columns}
              from ${from} where (${where}) and not o.destroyed and ${scope}
              limit ${BATCH} for update of t`,
        ),
      );
      for (const row of rows) {
        const set: SQL[] = [];
        for (const field of source.fields) {
          const value = row[field];
          if (typeof value !== 'string' || value === '' || value.startsWith('sealed:')) continue;
          set.push(sql`${sql.raw(snake(field))} = ${await sealOne(tx, source, row, field, value)}`);
        }
        await tx.execute(
          sql`update ${sql.raw(source.table)} set ${sql.join(set, sql`, `)} where ctid = ${row.row}::tid`,
        );
      }
      return rows.length;
    });
    progress.done += sealed;
    progress.sealed += sealed;
    report(progress);
    if (sealed < BATCH) return progress;
  }
}

/** Locks (shared) the subjects of the next batch of texts in the clear, in id order; the batch is limited to them. */
async function lockSubjectsInClear(tx: Executor, from: SQL, where: SQL): Promise<SQL> {
  const ids = rowsOf<{ id: string }>(
    await tx.execute(
      sql`select s.id from public.subjects s where s.id in (select o.subject_id from ${from} where ${where})
          order by s.id limit ${BATCH} for share of s`,
    ),
  ).map((row) => row.id);
  if (ids.length === 0) return sql`false`;
  return sql`o.subject_id in (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

function sealOne(tx: Executor, source: TextSource, row: ClearRow, field: string, value: string) {
  if (source.key === 'subject')
    return sealSubjectText(tx, row.subject_id, source.column(field) as SubjectColumn, value);
  const owner: KeyOwner = { fileId: row.file_id!, fileKind: row.file_kind!, subjectId: row.subject_id };
  return sealText(tx, owner, source.column(field), value);
}

/** The Yjs tables: rows of an item document stored without a file are sealed with the item's file key. */
async function sealYjs(db: Database, report: (p: SealProgress) => void): Promise<SealProgress[]> {
  const keys = new DocKeys(db);
  const done: SealProgress[] = [];
  const steps = [
    { step: 'live.yjs_updates', table: yjsUpdates, bytes: 'update' as const },
    { step: 'live.yjs_set_aside', table: yjsSetAside, bytes: 'update' as const },
  ];
  for (const { step, table, bytes } of steps) {
    const [count] = await db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(isNull(table.fileId));
    const progress: SealProgress = { step, total: Number(count?.n ?? 0), done: 0, sealed: 0, skipped: 0 };
    report(progress);
    let after = 0;
    for (;;) {
      const rows = await db
        .select({ id: table.id, docName: table.docName, bytes: table[bytes] })
        .from(table)
        .where(and(isNull(table.fileId), gt(table.id, after)))
        .orderBy(asc(table.id))
        .limit(BATCH);
      for (const row of rows) {
        const sealed = await sealBytes(keys, row.docName, row.bytes);
        if (typeof sealed === 'object')
          await db
            .update(table)
            .set({ [bytes]: sealed.bytes, fileId: sealed.fileId })
            .where(and(eq(table.id, row.id), isNull(table.fileId)));
        tally(progress, sealed);
      }
      report(progress);
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]!.id;
    }
    done.push(progress);
  }
  const snapshots = await db
    .select({ docName: yjsSnapshots.docName, state: yjsSnapshots.state, uptoId: yjsSnapshots.uptoId })
    .from(yjsSnapshots)
    .where(isNull(yjsSnapshots.fileId));
  const progress: SealProgress = {
    step: 'live.yjs_snapshots',
    total: snapshots.length,
    done: 0,
    sealed: 0,
    skipped: 0,
  };
  for (const snapshot of snapshots) {
    const sealed = await sealBytes(keys, snapshot.docName, snapshot.state);
    // Only the snapshot read: a compaction meanwhile wrote a sealed one.
    if (typeof sealed === 'object')
      await db
        .update(yjsSnapshots)
        .set({ state: sealed.bytes, fileId: sealed.fileId })
        .where(
          and(
            eq(yjsSnapshots.docName, snapshot.docName),
            eq(yjsSnapshots.uptoId, snapshot.uptoId),
            isNull(yjsSnapshots.fileId),
          ),
        );
    tally(progress, sealed);
    report(progress);
  }
  done.push(progress);
  return done;
}

/**
 * The bytes sealed with the item's file key; `agenda` for the agenda document (tied to no file, stored as it is),
 * `unsealable` when the item is gone or its file destroyed (retention removes those rows).
 */
async function sealBytes(
  keys: DocKeys,
  docName: string,
  plain: Uint8Array,
): Promise<StoredBytes | 'agenda' | 'unsealable'> {
  try {
    const sealed = await keys.seal(docName, plain);
    return sealed.fileId ? sealed : 'agenda';
  } catch (error) {
    if (error instanceof DocKeyError) return 'unsealable';
    throw error;
  }
}

/** Counts a row's outcome. */
function tally(progress: SealProgress, outcome: StoredBytes | 'agenda' | 'unsealable') {
  progress.done += 1;
  if (outcome === 'unsealable') progress.skipped += 1;
  else if (outcome !== 'agenda') progress.sealed += 1;
}

/**
 * The key store holds none of the database's secrets. Sealing on would make new secrets in it, which the right
 * store cannot reproduce: everything sealed now would be lost with this store. Refused, unless the deployment had
 * no key store before (its keys then have no secret yet), which the operator says explicitly.
 */
export class ForeignKeyStoreError extends Error {
  override readonly name = 'ForeignKeyStoreError';
  constructor(keys: number) {
    super(
      `the key store holds none of the secrets of this database's ${keys} keys: check KEYSTORE_DATABASE_URL or ` +
        'KEYSTORE_DIR; if this deployment had no key store before, run again with --new-key-store',
    );
  }
}

/** Re-encrypting personal data is processing of it: logged per table, with how many values (art. 15.2e). */
async function logged(db: Database, step: SealProgress): Promise<SealProgress> {
  if (step.sealed === 0) return step;
  await appendAudit(db, [
    {
      actor: null,
      origin: { ip: null, userAgent: 'data:seal' },
      action: 'update',
      objectType: 'retention',
      fieldGroup: `sealed:${step.step}:${step.sealed}`,
      result: 'allowed',
      rule: 'art. 13',
      purpose:
        'bestaande gegevens versleutelen, zodat vernietiging ook de back-ups bereikt (convenant art. 13)',
    },
  ]);
  return step;
}

/** Seals everything stored in the clear, reporting progress per step; returns each step's figures. */
export async function sealExisting(
  db: Database,
  report: (progress: SealProgress) => void = () => undefined,
  options: { newKeyStore?: boolean } = {},
): Promise<SealProgress[]> {
  const check = await checkKeyStore(db);
  if (check.wrongStore && !options.newKeyStore) throw new ForeignKeyStoreError(check.keys);
  const steps: SealProgress[] = [];
  // Each table's sealing is logged as soon as it is done, so a run that fails later leaves its finished tables in
  // the log (their batches are committed); a rerun logs what it seals then.
  for (const source of SOURCES) steps.push(await logged(db, await sealTextSource(db, source, report)));
  for (const step of await sealYjs(db, report)) steps.push(await logged(db, step));
  return steps;
}
