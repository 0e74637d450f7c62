import {
  FINDING_NAMES,
  effectLabel,
  formatInstantDate,
  nameOf,
  outcomeLabel,
  proposalLabel,
  voteLabel,
  type FileEffect,
  type Language,
  type MeetingRecordView,
  type RecordCompartmentView,
} from '../../shared/index';
import { contentBlocks, entriesOf, keyLabel, maskedLine } from './pdf-content';
import { FONT, GREY, renderPdf, winAnsi, type PdfReader, type Writer } from './pdf-document';
import { MINUTES_WORDING, type MinutesWording } from './minutes-pdf-wording';
import { PDF_WORDING } from './pdf-wording';

export type { PdfReader } from './pdf-document';

/**
 * The frozen minutes as a PDF, exactly as one reader may see them (convenant art. 10.4, 10.5): the
 * caller passes the reader's own masked view (`readMinutes`), so the PDF can hold nothing the screen would not.
 * Every page names the reader in a footer and a watermark, a reminder of the duty of confidentiality (art. 14)
 * that discourages passing copies on. In the reader's language, with names instead of internal ids, and tagged so a
 * screen reader can follow it.
 *
 * The content of a compartment is rendered generically (pdf-content.ts), and fields the view does not know yet are
 * rendered the same way, so a view that grows stays printable.
 */

type Item = MeetingRecordView['items'][number];

function renderCompartment(w: Writer, m: MinutesWording, compartment: RecordCompartmentView): void {
  const name = String(compartment.compartment);
  w.heading(w.words.compartments[name] ?? name, 3, { depth: 1 });
  if (compartment.access === 'masked') {
    w.text(maskedLine(name, compartment.label, compartment.rule, w.naming), {
      font: FONT.italic,
      color: GREY,
      depth: 2,
    });
    return;
  }
  if (compartment.access !== 'read') {
    w.text(m.notShown, { font: FONT.italic, color: GREY, depth: 2 });
    return;
  }
  if (compartment.disclosed) w.text(m.disclosed, { font: FONT.italic, size: 8.5, color: GREY, depth: 2 });
  const blocks = contentBlocks(compartment.content, w.naming);
  if (blocks.length === 0) w.text(w.words.empty, { font: FONT.italic, color: GREY, depth: 2 });
  else w.blocks(blocks, 2);
  // Art. 12: the text above is the corrected one; say so, and why (never the original).
  for (const r of compartment.rectifications ?? [])
    w.text(m.rectified(w.time(r.rectifiedAt), keyLabel(r.field, w.naming), r.reason), {
      font: FONT.italic,
      size: 8.5,
      color: GREY,
      depth: 2,
    });
}

/** A vote's remark after its vote: the text, or that it is masked for this reader and why (art. 10.4, 10.5). */
function remarkText(m: MinutesWording, vote: Item['rounds'][number]['votes'][number]): string {
  if (vote.remarkMasked) return ` — ${m.remarkMasked(vote.remarkMasked.rule)}`;
  return vote.remark ? ` — ${vote.remark}` : '';
}

/** The outcome of the item, every consent round with every vote (objections too), the decision and effects. */
function renderOutcome(w: Writer, m: MinutesWording, item: Item): void {
  const language: Language = w.language;
  w.heading(`${m.outcome}: ${item.outcome ? outcomeLabel(item.outcome, language) : '—'}`, 3, { depth: 1 });
  for (const round of item.rounds) {
    w.text(`${m.round(round.round, round.agreed)}: ${proposalLabel(round.proposal, language)}`, {
      depth: 2,
      gap: 1,
    });
    if (round.votes.length === 0) w.text(m.noVotes, { font: FONT.italic, color: GREY, depth: 3 });
    for (const vote of round.votes)
      w.text(`${vote.name} (${vote.organisation}): ${voteLabel(vote.vote, language)}${remarkText(m, vote)}`, {
        depth: 3,
        gap: 1,
      });
  }
  if (item.decision) {
    const d = item.decision;
    w.text(m.decision, { font: FONT.bold, size: 8.5, color: GREY, depth: 2 });
    w.text(
      `${proposalLabel({ kind: 'weighing', outcome: d.outcome }, language)}. ${m.grounds}: ${d.grounds}`,
      {
        depth: 2,
        gap: 1,
      },
    );
    w.text(`${m.takenBy}: ${d.decidedBy.map((p) => p.name).join(', ')}`, { depth: 2, gap: 1 });
    for (const f of d.findings)
      w.text(
        `${f.code} ${f.title}: ${nameOf(FINDING_NAMES[language], f.finding)}${f.grounds ? ` — ${f.grounds}` : ''}`,
        { depth: 3, gap: 1 },
      );
  }
  for (const effect of Array.isArray(item.effects) ? item.effects : [])
    w.text(`${m.effect}: ${effectLabel(effect as FileEffect, language)}`, { depth: 2, gap: 1 });
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

function extraFields(w: Writer, m: MinutesWording, value: object, known: ReadonlySet<string>, depth: number) {
  const extra = entriesOf(value).filter(([key]) => !known.has(key));
  if (extra.length === 0) return;
  w.heading(m.further, 3, { depth });
  w.blocks(contentBlocks(Object.fromEntries(extra), w.naming), depth + 1);
}

function renderItem(w: Writer, m: MinutesWording, item: Item): void {
  const position = Number(item.position);
  if (item.admitted !== true) return w.heading(m.itemNotAdmitted(position), 2);
  if (item.destroyed === true) return w.heading(m.itemDestroyed(position), 2);
  if (item.archived === true) return w.heading(m.itemArchived(position), 2);
  w.heading(`${w.words.agendaItem} ${position}: ${item.subjectReference ?? '—'}`, 2);
  const attendance = Array.isArray(item.attendance) ? item.attendance : [];
  w.text(m.present, { font: FONT.bold, size: 8.5, color: GREY, depth: 1 });
  if (attendance.length === 0) w.text('—', { depth: 1 });
  for (const person of attendance)
    w.text(`${String(person?.name ?? '—')} (${String(person?.organisation ?? '—')})`, { depth: 1, gap: 1 });
  const compartments = Array.isArray(item.compartments) ? item.compartments : [];
  if (compartments.length === 0) w.text(m.noCompartments, { font: FONT.italic, color: GREY, depth: 1 });
  for (const compartment of compartments) renderCompartment(w, m, compartment);
  if (Array.isArray(item.rounds)) renderOutcome(w, m, item);
  extraFields(w, m, item, ITEM_FIELDS, 1);
}

export interface MinutesPdfOptions {
  language: Language;
  /** Criterion id → "G1 Ideologische uitingen", for the analysis per criterion. */
  criteria: ReadonlyMap<string, string>;
}

/**
 * Renders `view` (already masked for `reader`) as a PDF. `at` is the moment of the request: it is printed in the
 * footer and is the document's creation date, so the same view, reader and moment give the same bytes.
 */
export async function renderMinutesPdf(
  view: MeetingRecordView,
  reader: PdfReader,
  at: Date,
  options: MinutesPdfOptions = { language: 'nl', criteria: new Map() },
): Promise<Buffer> {
  const m = MINUTES_WORDING[options.language];
  const items = Array.isArray(view.items) ? view.items : [];
  return renderPdf(
    reader,
    at,
    {
      language: options.language,
      // The title bar shows the kind and the day, never the meeting's own title (it may name a subject).
      title: m.documentTitle(
        PDF_WORDING[options.language].kinds[view.kind] ?? String(view.kind),
        formatInstantDate(view.scheduledAt, options.language),
      ),
      reference: `record ${winAnsi(String(view.hash))}`,
      parties: new Map((Array.isArray(view.parties) ? view.parties : []).map((p) => [p.partyId, p.name])),
      criteria: options.criteria,
      items: new Map(items.map((item) => [item.itemId, Number(item.position)])),
    },
    (w) => {
      const hash = winAnsi(String(view.hash));
      w.text(m.header, { font: FONT.bold, size: 9, color: GREY });
      w.heading(view.title || m.untitled, 1, { before: 0 });
      w.text(`${m.kind}: ${w.words.kinds[view.kind] ?? String(view.kind)}`, { gap: 1 });
      w.text(`${m.scheduled}: ${w.time(view.scheduledAt)} (${m.dutchTime})`, { gap: 1 });
      w.text(`${m.frozen}: ${w.time(view.frozenAt)} (${m.dutchTime})`, { gap: 6 });
      if (view.verified === true) w.text(m.verified(hash), { size: 8.5, color: '#1f5f2a', gap: 6 });
      else w.text(m.notVerified(hash), { font: FONT.bold, size: 10, color: '#b00020', gap: 6 });
      w.text(m.confidentiality, { font: FONT.italic, size: 8.5, color: GREY, gap: 4 });
      if (items.length === 0) w.heading(m.noItems, 2, { size: 12 });
      for (const item of items) renderItem(w, m, item);
      extraFields(w, m, view, VIEW_FIELDS, 0);
    },
  );
}
