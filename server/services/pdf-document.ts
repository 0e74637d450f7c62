import PDFDocument from 'pdfkit';

/**
 * Building blocks of Casustafel's PDFs (the minutes, the overview for a subject's access request): standard
 * Helvetica only (WinAnsi; every string goes through `winAnsi`, so odd input is replaced, never a crash), generic
 * rendering of record content with Dutch labels, and a footer naming the reader, the time and a reference on every
 * page with the reader's name as a diagonal watermark — a reminder of the duty of confidentiality (art. 14).
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

export const KIND_LABELS: Record<string, string> = { weighing: 'Weegploeg', case: 'Casusoverleg' };

export const COMPARTMENT_LABELS: Record<string, string> = {
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

export function keyLabel(key: string): string {
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

export type Block =
  | { kind: 'label'; depth: number; text: string }
  | { kind: 'paragraph'; depth: number; text: string }
  | { kind: 'line'; depth: number; text: string };

const MAX_DEPTH = 8;
const MAX_ENTRIES = 500;

const isScalar = (value: unknown) => value === null || typeof value !== 'object' || value instanceof Date;

export function entriesOf(value: object): [string, unknown][] {
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

export const MARGIN = { top: 60, bottom: 80, left: 56, right: 56 };
const INDENT = 14;
export const GREY = '#555555';
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

export type Doc = PDFKit.PDFDocument;

export class Writer {
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
 * A PDF for one reader: `render` writes the pages; every page then gets the footer (reader, moment, `reference`)
 * and the watermark. `at` is the moment of the request and the document's creation date, so the same input gives
 * the same bytes. The metadata hold no personal data.
 */
export async function renderPdf(
  reader: PdfReader,
  at: Date,
  reference: string,
  render: (doc: Doc) => void,
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
  const footer = winAnsi(
    `Opgevraagd door ${reader.name} (${reader.organisation}, ${reader.capacity}) op ${amsterdamTime(at)} — ${reference}`,
  );
  const watermark = `VERTROUWELIJK — ${winAnsi(reader.name)}`.replace(/\s+/g, ' ');
  try {
    doc.addPage();
    render(doc);
    stampPages(doc, footer, watermark);
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
