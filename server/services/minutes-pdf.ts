import PDFDocument from 'pdfkit';
import {
  OUTCOME_LABELS_NL,
  VOTE_LABELS_NL,
  effectLabelNl,
  proposalLabelNl,
  type FileEffect,
  type MeetingRecordView,
  type RecordCompartmentView,
} from '../../shared/index';

/**
 * The frozen minutes as a PDF, exactly as one reader may see them (issue 5; convenant art. 10.4, 10.5): the
 * caller passes the reader's own masked view (`readMinutes`), so the PDF can hold nothing the screen would not.
 * Every page names the reader in a footer and a watermark, a reminder of the duty of confidentiality (art. 14)
 * that discourages passing copies on.
 *
 * Only the standard Helvetica fonts (WinAnsi) are used: every string goes through `winAnsi` first, so odd input
 * (emoji, control characters, other scripts) is replaced, never a crash. The content of a compartment is rendered
 * generically, and fields the view does not know yet are rendered the same way, so a view that grows stays
 * printable.
 */

export interface PdfReader {
  name: string;
  organisation: string;
  capacity: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Text: WinAnsi only

/** The characters of WinAnsiEncoding outside Latin-1 (its 0x80–0x9F range). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const inWinAnsi = (char: string): boolean => {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
};

const REPLACEMENTS: Record<string, string> = {
  '\t': ' ',
  '\u2028': '\n',
  '\u2029': '\n',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '–',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
};

/**
 * `value` in characters the standard fonts can show: line breaks kept (as \n), other control and format characters
 * dropped, accented letters outside WinAnsi reduced to their base letter ("ő" → "o"), everything else "?".
 */
export function winAnsi(value: string): string {
  let out = '';
  for (const char of value.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (char === '\n' || inWinAnsi(char)) out += char;
    else if (char in REPLACEMENTS) out += REPLACEMENTS[char];
    else if (/[\p{Cc}\p{Cf}\p{M}]/u.test(char)) continue;
    else {
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every(inWinAnsi) ? base : '?';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Wording

const KIND_LABELS: Record<string, string> = { weighing: 'Weegploeg', case: 'Casusoverleg' };

const COMPARTMENT_LABELS: Record<string, string> = {
  agenda: 'Agenda',
  identity: 'Persoonsgegevens (NAW)',
  signals: 'Signalen',
  analysis: 'Analyse',
  plan: 'Plan van aanpak',
  network: 'Netwerk en achterblijvers',
  conclusions: 'Conclusies',
  notes: 'Aantekeningen voorzitter',
};

/** Labels of the content model's names (shared/live/content.ts); any other key is shown as it is. */
const KEY_LABELS: Record<string, string> = {
  analysis: 'Algehele analyse',
  conclusions: 'Conclusies van het overleg',
  notes: 'Aantekeningen van de voorzitter',
  identity: 'Persoonsgegevens van het subject',
  signals: 'Beschrijving van de signalen',
  network: 'Achterblijvers en sociaal netwerk',
  goal: 'Doel van de aanpak',
  measures: 'Maatregelen',
  description: 'Omschrijving',
  ownerPartyId: 'Uitvoerende partij',
  dueDate: 'Uiterlijk gereed op',
  status: 'Status',
  order: 'Volgorde',
  minutes: 'Tijd (minuten)',
  id: 'Kenmerk',
  // Outcome and consent of an item, as the record view carries them.
  outcome: 'Uitkomst',
  rounds: 'Instemmingsrondes',
  round: 'Ronde',
  proposal: 'Voorstel',
  agreed: 'Ingestemd',
  votes: 'Stemmen',
  vote: 'Stem',
  remark: 'Toelichting',
  advice: 'Advies',
  nextReviewDate: 'Volgende evaluatie',
  decision: 'Besluit',
  grounds: 'Gronden',
  effects: 'Gevolgen voor de bestanden',
  name: 'Naam',
  organisation: 'Organisatie',
  kind: 'Soort',
};

/** Dutch wording of known values, per key; any other value is shown as it is. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: {
    pending: 'Nog te bespreken',
    discussing: 'In bespreking',
    done: 'Afgerond',
    deferred: 'Uitgesteld',
    planned: 'Gepland',
    in_progress: 'In uitvoering',
    cancelled: 'Vervallen',
  },
  outcome: { agreed: 'Ingestemd', carried_over: 'Doorgeschoven' },
  vote: { agree: 'Instemming', object: 'Bezwaar' },
  advice: { continue: 'Aanpak voortzetten', close: 'Aanpak afsluiten' },
};

function keyLabel(key: string): string {
  if (Object.hasOwn(KEY_LABELS, key)) return KEY_LABELS[key]!;
  if (key.startsWith('criterion/')) return `Criterium ${key.slice('criterion/'.length)}`;
  if (key.startsWith('item/')) return `Agendapunt ${key.slice('item/'.length)}`;
  return key;
}

const AMSTERDAM = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** dd-mm-jjjj HH:mm in Dutch time; whatever is not a valid instant is shown as it came. */
export function amsterdamTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    AMSTERDAM.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function scalarText(key: string | null, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (value.trim() === '') return '(leeg)';
    const labels = key !== null && Object.hasOwn(VALUE_LABELS, key) ? VALUE_LABELS[key]! : null;
    if (labels && Object.hasOwn(labels, value)) return labels[value]!;
    const date = DATE_ONLY.exec(value);
    return date ? `${date[3]}-${date[2]}-${date[1]}` : value;
  }
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return amsterdamTime(value);
  return `(${typeof value})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Content → blocks (pure, never throws on odd shapes)

type Block =
  | { kind: 'label'; depth: number; text: string }
  | { kind: 'paragraph'; depth: number; text: string }
  | { kind: 'line'; depth: number; text: string };

const MAX_DEPTH = 8;
const MAX_ENTRIES = 500;

const isScalar = (value: unknown) => value === null || typeof value !== 'object' || value instanceof Date;

function entriesOf(value: object): [string, unknown][] {
  try {
    return Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [String(i), v])
      : Object.entries(value as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** One value under `key` as indented "key: value" lines (nested values one level deeper). */
function valueLines(
  key: string,
  value: unknown,
  depth: number,
  out: Block[],
  seen: WeakSet<object>,
  rawKey: string | null,
): void {
  // An array element is headed by its number ("Maatregel 1", "2."), a field by "key:".
  const head = rawKey === null ? key : `${key}:`;
  if (isScalar(value)) {
    out.push({ kind: 'line', depth, text: `${head} ${scalarText(rawKey, value)}` });
    return;
  }
  const object = value as object;
  if (depth >= MAX_DEPTH || seen.has(object)) {
    out.push({ kind: 'line', depth, text: `${head} …` });
    return;
  }
  seen.add(object);
  const entries = entriesOf(object);
  if (entries.length === 0) {
    out.push({ kind: 'line', depth, text: `${head} ${Array.isArray(object) ? '(geen)' : '(leeg)'}` });
    return;
  }
  out.push({ kind: 'line', depth, text: head });
  childLines(rawKey, object, entries, depth + 1, out, seen);
}

function childLines(
  parentKey: string | null,
  parent: object,
  entries: [string, unknown][],
  depth: number,
  out: Block[],
  seen: WeakSet<object>,
): void {
  const array = Array.isArray(parent);
  for (const [index, [key, child]] of entries.slice(0, MAX_ENTRIES).entries()) {
    if (array) {
      const name = parentKey === 'measures' ? `Maatregel ${index + 1}` : `${index + 1}.`;
      valueLines(name, child, depth, out, seen, null);
    } else valueLines(keyLabel(key), child, depth, out, seen, key);
  }
  if (entries.length > MAX_ENTRIES)
    out.push({ kind: 'line', depth, text: `… en nog ${entries.length - MAX_ENTRIES}` });
}

/**
 * A compartment's content: each top-level string as a paragraph under its key as a small heading, arrays and
 * objects (plan measures, agenda entries) as indented "key: value" lines.
 */
export function contentBlocks(content: unknown): Block[] {
  const out: Block[] = [];
  const seen = new WeakSet<object>();
  if (isScalar(content)) {
    if (content !== null && content !== undefined)
      out.push({ kind: 'paragraph', depth: 0, text: scalarText(null, content) });
    return out;
  }
  for (const [key, value] of entriesOf(content as object).slice(0, MAX_ENTRIES)) {
    out.push({ kind: 'label', depth: 0, text: keyLabel(key) });
    if (isScalar(value)) out.push({ kind: 'paragraph', depth: 0, text: scalarText(key, value) });
    else {
      const object = value as object;
      seen.add(object);
      const entries = entriesOf(object);
      if (entries.length === 0)
        out.push({ kind: 'paragraph', depth: 0, text: Array.isArray(object) ? '(geen)' : '(leeg)' });
      else childLines(key, object, entries, 1, out, seen);
    }
  }
  return out;
}

/** "Afgeschermd — <label> (<rule>)"; labels of the model policy already start with "Afgeschermd". */
export function maskedLine(compartment: string, label: string | null, rule: string): string {
  const what = label?.trim() || COMPARTMENT_LABELS[compartment] || compartment;
  const text = /^afgeschermd\b/i.test(what) ? what : `Afgeschermd — ${what}`;
  return `${text} (${rule})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

const MARGIN = { top: 60, bottom: 80, left: 56, right: 56 };
const INDENT = 14;
const GREY = '#555555';
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

type Doc = PDFKit.PDFDocument;

class Writer {
  constructor(
    readonly doc: Doc,
    /** Party names as at the freeze, shown instead of party ids (owners of measures). */
    readonly partyNames: ReadonlyMap<string, string> = new Map(),
  ) {}

  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  /** Starts a new page when fewer than `points` remain, so a heading is not left alone at a page's foot. */
  keep(points: number): void {
    if (this.doc.y + points > this.doc.page.height - MARGIN.bottom) this.doc.addPage();
  }

  text(
    value: string,
    options: { font?: string; size?: number; color?: string; depth?: number; gap?: number } = {},
  ): void {
    const depth = Math.min(options.depth ?? 0, MAX_DEPTH);
    this.doc
      .font(options.font ?? FONT.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(winAnsi(value), MARGIN.left + depth * INDENT, this.doc.y, {
        width: this.width - depth * INDENT,
        paragraphGap: options.gap ?? 2,
      });
  }

  heading(value: string, size: number, before = 8): void {
    this.doc.moveDown(before / 12);
    this.keep(size * 3);
    this.text(value, { font: FONT.bold, size, gap: 4 });
  }

  blocks(blocks: readonly Block[], depth: number): void {
    for (const block of blocks) {
      if (block.kind === 'label') {
        this.doc.moveDown(0.2);
        this.keep(30);
        this.text(block.text, { font: FONT.bold, size: 8.5, color: GREY, depth: depth + block.depth });
      } else
        this.text(block.text, { size: 10, depth: depth + block.depth, gap: block.kind === 'line' ? 1 : 4 });
    }
  }
}

/** Replaces party ids under `ownerPartyId` by the party's name, anywhere in the content. */
function withPartyNames(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withPartyNames(v, names));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === 'ownerPartyId' && typeof v === 'string' ? (names.get(v) ?? v) : withPartyNames(v, names),
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
        `${vote.name} (${vote.organisation}): ${VOTE_LABELS_NL[vote.vote] ?? vote.vote}${vote.remark ? ` — ${vote.remark}` : ''}`,
        { depth: 3, gap: 1 },
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

/** The same text on every page: footer (who asked, when, which record) and the diagonal watermark. */
function stampPages(doc: Doc, footer: string, watermark: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT.regular)
      .fontSize(7.5)
      .fillColor(GREY)
      .text(footer, MARGIN.left, height - MARGIN.bottom + 24, {
        width: width - MARGIN.left - MARGIN.right,
        lineGap: 1,
      });
    doc.text(`Pagina ${index - range.start + 1} van ${range.count}`, MARGIN.left, height - 30, {
      width: width - MARGIN.left - MARGIN.right,
      align: 'right',
    });

    // Light grey, diagonal from bottom left to top right, sized to fit the page's diagonal.
    const angle = (Math.atan2(height, width) * 180) / Math.PI;
    doc.font(FONT.bold).fontSize(1);
    const unit = doc.widthOfString(watermark) || 1;
    const size = Math.max(8, Math.min(54, (Math.hypot(width, height) * 0.6) / unit));
    doc.fontSize(size);
    const textWidth = doc.widthOfString(watermark);
    doc.save();
    doc.rotate(-angle, { origin: [width / 2, height / 2] });
    doc
      .fillColor('#9a9a9a')
      .fillOpacity(0.22)
      .text(watermark, width / 2 - textWidth / 2, height / 2 - size / 2, { lineBreak: false });
    doc.restore();
    doc.fillOpacity(1);
    doc.page.margins.bottom = bottom;
  }
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
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'nl-NL',
    // No personal data in the metadata: a file's properties are shown and indexed far from its pages.
    info: { Title: 'Casustafel-verslag', Creator: 'Casustafel', Producer: 'Casustafel', CreationDate: at },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const hash = winAnsi(String(view.hash));
  const name = winAnsi(reader.name);
  const footer = winAnsi(
    `Opgevraagd door ${reader.name} (${reader.organisation}, ${reader.capacity}) op ${amsterdamTime(at)} — record ${view.hash}`,
  );
  const watermark = `VERTROUWELIJK — ${name}`.replace(/\s+/g, ' ');

  try {
    doc.addPage();
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

    stampPages(doc, footer, watermark);
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
