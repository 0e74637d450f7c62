import PDFDocument from 'pdfkit';
import { capacityIn, formatInstant, type Language } from '../../shared/index';
import { MAX_DEPTH, type Block, type Naming } from './pdf-content';
import { PDF_WORDING, type PdfWording } from './pdf-wording';

/**
 * Building blocks of Casustafel's PDFs (the minutes, the overview for a subject's access request): standard
 * Helvetica only (WinAnsi; every string goes through `winAnsi`, so odd input is replaced, never a crash), a tagged
 * structure a screen reader can follow (document language, title, headings, paragraphs in reading order; footer and
 * watermark marked as artifacts, outside the reading order), and a footer naming the reader, the time and a reference on every
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
// Layout

export const MARGIN = { top: 60, bottom: 80, left: 56, right: 56 };
const INDENT = 14;
export const GREY = '#555555';
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

export type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** The structure types the PDFs use: headings by level, paragraphs. */
export type Tag = 'H1' | 'H2' | 'H3' | 'P';

export class Writer {
  constructor(
    readonly doc: Doc,
    /** The document's structure root: every text joins it in order, so reading order is writing order. */
    private readonly root: Struct,
    readonly naming: Naming,
  ) {}

  get words(): PdfWording {
    return this.naming.words;
  }

  get language(): Language {
    return this.naming.language;
  }

  /** An instant in Dutch time, in the document's language (the format of every screen). */
  time(value: Date | string): string {
    return formatInstant(value, this.naming.language);
  }

  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  /** Starts a new page when fewer than `points` remain, so a heading is not left alone at a page's foot. */
  keep(points: number): void {
    if (this.doc.y + points > this.doc.page.height - MARGIN.bottom) this.doc.addPage();
  }

  text(
    value: string,
    options: { font?: string; size?: number; color?: string; depth?: number; gap?: number; tag?: Tag } = {},
  ): void {
    const depth = Math.min(options.depth ?? 0, MAX_DEPTH);
    this.doc
      .font(options.font ?? FONT.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(winAnsi(value), MARGIN.left + depth * INDENT, this.doc.y, {
        width: this.width - depth * INDENT,
        paragraphGap: options.gap ?? 2,
        structParent: this.root,
        structType: options.tag ?? 'P',
      });
  }

  /** A heading of the document's outline: level 1 the title, 2 an agenda item or section, 3 a part of it. */
  heading(value: string, level: 1 | 2 | 3, options: { size?: number; before?: number; depth?: number } = {}) {
    const size = options.size ?? ({ 1: 18, 2: 13, 3: 11 } as const)[level];
    this.doc.moveDown((options.before ?? (level === 3 ? 3.6 : 8)) / 12);
    this.keep(size * 3);
    this.text(value, {
      font: FONT.bold,
      size,
      gap: level === 3 ? 2 : 4,
      depth: options.depth,
      tag: `H${level}`,
    });
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

/**
 * The same text on every page: footer (who asked, when, which record) and the diagonal watermark, both marked as
 * artifacts (pagination), so a screen reader does not read them between the paragraphs.
 */
function stampPages(doc: Doc, footer: string, watermark: string, words: PdfWording): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font(FONT.regular)
      .fontSize(7.5)
      .fillColor(GREY)
      .text(footer, MARGIN.left, height - MARGIN.bottom + 24, {
        width: width - MARGIN.left - MARGIN.right,
        lineGap: 1,
      });
    doc.text(words.page(index - range.start + 1, range.count), MARGIN.left, height - 30, {
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
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

export interface PdfSetting {
  language: Language;
  /** The document's title as viewers show it (no personal data: properties are shown and indexed far from pages). */
  title: string;
  /** Printed in the footer: which record or request this copy is of. */
  reference: string;
  parties?: ReadonlyMap<string, string>;
  criteria?: ReadonlyMap<string, string>;
  items?: ReadonlyMap<string, number>;
}

/**
 * A PDF for one reader: `render` writes the pages; every page then gets the footer (reader, moment, reference)
 * and the watermark. `at` is the moment of the request and the document's creation date, so the same input gives
 * the same bytes. The metadata hold no personal data.
 */
export async function renderPdf(
  reader: PdfReader,
  at: Date,
  setting: PdfSetting,
  render: (w: Writer) => void,
): Promise<Buffer> {
  const words = PDF_WORDING[setting.language];
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: words.tag,
    displayTitle: true,
    info: { Title: winAnsi(setting.title), Creator: 'Casustafel', Producer: 'Casustafel', CreationDate: at },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const naming: Naming = {
    language: setting.language,
    words,
    parties: setting.parties ?? new Map(),
    criteria: setting.criteria ?? new Map(),
    items: setting.items ?? new Map(),
  };
  const footer = winAnsi(
    words.footer(
      `${reader.name} (${reader.organisation}, ${capacityIn(reader.capacity, setting.language)})`,
      formatInstant(at, setting.language),
      setting.reference,
    ),
  );
  const watermark = `${words.confidential} — ${winAnsi(reader.name)}`.replace(/\s+/g, ' ');
  try {
    doc.addPage();
    const root = doc.struct('Document');
    doc.addStructure(root);
    render(new Writer(doc, root, naming));
    stampPages(doc, footer, watermark, words);
    root.end();
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
