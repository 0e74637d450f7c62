import {
  OUTCOME_LABELS_NL,
  VOTE_LABELS_NL,
  effectLabelNl,
  proposalLabelNl,
  type FileEffect,
  type MeetingRecordView,
  type RecordCompartmentView,
} from '../../shared/index';
import {
  COMPARTMENT_LABELS,
  FONT,
  GREY,
  KIND_LABELS,
  Writer,
  amsterdamTime,
  contentBlocks,
  entriesOf,
  keyLabel,
  maskedLine,
  renderPdf,
  winAnsi,
  type PdfReader,
} from './pdf-document';

export type { PdfReader } from './pdf-document';

/**
 * The frozen minutes as a PDF, exactly as one reader may see them (convenant art. 10.4, 10.5): the
 * caller passes the reader's own masked view (`readMinutes`), so the PDF can hold nothing the screen would not.
 * Every page names the reader in a footer and a watermark, a reminder of the duty of confidentiality (art. 14)
 * that discourages passing copies on.
 *
 * The content of a compartment is rendered generically (pdf-document.ts), and fields the view does not know yet are
 * rendered the same way, so a view that grows stays printable.
 */

const PARTY_NAME_DEPTH = 16;

/**
 * Replaces party ids under `ownerPartyId` by the party's name, anywhere in the content the PDF shows. Bounded in
 * depth: the content comes from users, and the PDF shows no more than a few levels (contentBlocks) anyway.
 */
function withPartyNames(value: unknown, names: ReadonlyMap<string, string>, depth = 0): unknown {
  if (depth > PARTY_NAME_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => withPartyNames(v, names, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === 'ownerPartyId' && typeof v === 'string'
        ? (names.get(v) ?? v)
        : withPartyNames(v, names, depth + 1),
    ]),
  );
}
function renderCompartment(w: Writer, compartment: RecordCompartmentView): void {
  const name = String(compartment.compartment);
  w.doc.moveDown(0.3);
  w.keep(40);
  w.text(COMPARTMENT_LABELS[name] ?? name, { font: FONT.bold, size: 11, depth: 1, gap: 2 });
  if (compartment.access === 'masked') {
    w.text(maskedLine(name, compartment.label, compartment.rule), {
      font: FONT.italic,
      color: GREY,
      depth: 2,
    });
    return;
  }
  if (compartment.access !== 'read') {
    w.text('Niet weer te geven.', { font: FONT.italic, color: GREY, depth: 2 });
    return;
  }
  if (compartment.disclosed)
    w.text('Met instemming van de partijen aan uw organisatie verstrekt (art. 10.5 convenant).', {
      font: FONT.italic,
      size: 8.5,
      color: GREY,
      depth: 2,
    });
  const blocks = contentBlocks(withPartyNames(compartment.content, w.partyNames));
  if (blocks.length === 0) w.text('(leeg)', { font: FONT.italic, color: GREY, depth: 2 });
  else w.blocks(blocks, 2);
  // Art. 12: the text above is the corrected one; say so, and why (never the original).
  for (const r of compartment.rectifications ?? [])
    w.text(
      `Gecorrigeerd op ${amsterdamTime(r.rectifiedAt)} (art. 12), veld ${keyLabel(r.field)}: ${r.reason}`,
      {
        font: FONT.italic,
        size: 8.5,
        color: GREY,
        depth: 2,
      },
    );
}

const FINDING_LABELS_NL: Record<string, string> = {
  present: 'aanwezig',
  absent: 'niet aanwezig',
  unknown: 'onbekend',
};

/** A vote's remark after its vote: the text, or that it is masked for this reader and why (art. 10.4, 10.5). */
function remarkText(vote: MeetingRecordView['items'][number]['rounds'][number]['votes'][number]): string {
  if (vote.remarkMasked) return ` — toelichting afgeschermd (${vote.remarkMasked.rule})`;
  return vote.remark ? ` — ${vote.remark}` : '';
}

/** The outcome of the item, every consent round with every vote (objections too), the decision and effects. */
function renderOutcome(w: Writer, item: MeetingRecordView['items'][number]): void {
  w.doc.moveDown(0.3);
  w.keep(40);
  w.text(`Uitkomst: ${item.outcome ? (OUTCOME_LABELS_NL[item.outcome] ?? item.outcome) : '—'}`, {
    font: FONT.bold,
    size: 11,
    depth: 1,
    gap: 2,
  });
  for (const round of item.rounds) {
    w.text(
      `Instemmingsronde ${round.round}${round.agreed ? ' (vastgesteld)' : ''}: ${proposalLabelNl(round.proposal)}`,
      { depth: 2, gap: 1 },
    );
    if (round.votes.length === 0) w.text('Geen stemmen.', { font: FONT.italic, color: GREY, depth: 3 });
    for (const vote of round.votes)
      w.text(
        `${vote.name} (${vote.organisation}): ${VOTE_LABELS_NL[vote.vote] ?? vote.vote}${remarkText(vote)}`,
        {
          depth: 3,
          gap: 1,
        },
      );
  }
  if (item.decision) {
    const d = item.decision;
    w.text('Besluit van de weegploeg', { font: FONT.bold, size: 8.5, color: GREY, depth: 2 });
    w.text(`${proposalLabelNl({ kind: 'weighing', outcome: d.outcome })}. Motivering: ${d.grounds}`, {
      depth: 2,
      gap: 1,
    });
    w.text(`Genomen door: ${d.decidedBy.map((p) => p.name).join(', ')}`, { depth: 2, gap: 1 });
    for (const f of d.findings)
      w.text(
        `${f.code} ${f.title}: ${FINDING_LABELS_NL[f.finding] ?? f.finding}${f.grounds ? ` — ${f.grounds}` : ''}`,
        { depth: 3, gap: 1 },
      );
  }
  for (const effect of Array.isArray(item.effects) ? item.effects : [])
    w.text(`Gevolg: ${effectLabelNl(effect as FileEffect)}`, { depth: 2, gap: 1 });
}

/** Fields of an item the renderer knows; any other is shown generically under "Aanvullende gegevens". */
const ITEM_FIELDS = new Set([
  'itemId',
  'position',
  'admitted',
  'destroyed',
  'archived',
  'subjectReference',
  'attendance',
  'compartments',
  'outcome',
  'rounds',
  'decision',
  'effects',
]);
const VIEW_FIELDS = new Set([
  'recordId',
  'meetingId',
  'kind',
  'title',
  'scheduledAt',
  'frozenAt',
  'hash',
  'verified',
  'parties',
  'items',
]);

function extraFields(w: Writer, value: object, known: ReadonlySet<string>, depth: number): void {
  const extra = entriesOf(value).filter(([key]) => !known.has(key));
  if (extra.length === 0) return;
  w.doc.moveDown(0.3);
  w.keep(40);
  w.text('Aanvullende gegevens', { font: FONT.bold, size: 11, depth, gap: 2 });
  w.blocks(contentBlocks(Object.fromEntries(extra)), depth + 1);
}

function renderItem(w: Writer, item: MeetingRecordView['items'][number]): void {
  const position = String(item.position);
  if (item.admitted !== true) {
    w.heading(`Agendapunt ${position}: niet toegankelijk voor u`, 13, 12);
    return;
  }
  if (item.destroyed === true) {
    w.heading(`Agendapunt ${position}: gegevens vernietigd na afloop van de bewaartermijn (art. 13)`, 13, 12);
    return;
  }
  if (item.archived === true) {
    w.heading(
      `Agendapunt ${position}: dossier in het niet-actieve archief, alleen voor de kernpartijen (art. 13.2)`,
      13,
      12,
    );
    return;
  }
  w.heading(`Agendapunt ${position}: ${item.subjectReference ?? '—'}`, 13, 12);
  const attendance = Array.isArray(item.attendance) ? item.attendance : [];
  w.text('Aanwezig', { font: FONT.bold, size: 8.5, color: GREY, depth: 1 });
  if (attendance.length === 0) w.text('—', { depth: 1 });
  for (const person of attendance)
    w.text(`${String(person?.name ?? '—')} (${String(person?.organisation ?? '—')})`, { depth: 1, gap: 1 });
  const compartments = Array.isArray(item.compartments) ? item.compartments : [];
  if (compartments.length === 0)
    w.text('Geen onderdelen die u mag inzien.', { font: FONT.italic, color: GREY, depth: 1 });
  for (const compartment of compartments) renderCompartment(w, compartment);
  if (Array.isArray(item.rounds)) renderOutcome(w, item);
  extraFields(w, item, ITEM_FIELDS, 1);
}

/**
 * Renders `view` (already masked for `reader`) as a PDF. `at` is the moment of the request: it is printed in the
 * footer and is the document's creation date, so the same view, reader and moment give the same bytes.
 */
export async function renderMinutesPdf(
  view: MeetingRecordView,
  reader: PdfReader,
  at: Date,
): Promise<Buffer> {
  const hash = winAnsi(String(view.hash));
  return renderPdf(reader, at, `record ${view.hash}`, (doc) => {
    const w = new Writer(
      doc,
      new Map((Array.isArray(view.parties) ? view.parties : []).map((p) => [p.partyId, p.name])),
    );
    w.text('Casustafel — vastgesteld verslag', { font: FONT.bold, size: 9, color: GREY });
    w.text(view.title || '(zonder titel)', { font: FONT.bold, size: 18, gap: 6 });
    w.text(`Soort overleg: ${KIND_LABELS[view.kind] ?? String(view.kind)}`, { gap: 1 });
    w.text(`Gepland: ${amsterdamTime(view.scheduledAt)} (Nederlandse tijd)`, { gap: 1 });
    w.text(`Vastgesteld: ${amsterdamTime(view.frozenAt)} (Nederlandse tijd)`, { gap: 6 });
    if (view.verified === true)
      w.text(`Record-hash ${hash} — integriteit gecontroleerd`, { size: 8.5, color: '#1f5f2a', gap: 6 });
    else
      w.text(
        `WAARSCHUWING: de integriteit van dit verslag is NIET bevestigd. Inhoud of gegevens wijken af van record-hash ${hash}; vertrouw niet op dit verslag en meld dit bij de uitvoerder.`,
        { font: FONT.bold, size: 10, color: '#b00020', gap: 6 },
      );
    w.text(
      'Vertrouwelijk. U bent verplicht tot geheimhouding van de persoonsgegevens in dit verslag (art. 14 convenant). ' +
        'Dit exemplaar is persoonlijk aan u verstrekt en toont alleen wat u mag inzien (art. 10.4, 10.5); geef het niet door.',
      { font: FONT.italic, size: 8.5, color: GREY, gap: 4 },
    );

    const items = Array.isArray(view.items) ? view.items : [];
    if (items.length === 0) w.heading('Geen agendapunten.', 12);
    for (const item of items) renderItem(w, item);
    extraFields(w, view, VIEW_FIELDS, 0);
  });
}
