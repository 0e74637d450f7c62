import { inflateSync } from 'node:zlib';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';

/**
 * Reading PDFs back in tests, in pure JS (unpdf: a serverless build of PDF.js, no canvas, no binaries): what a
 * reader would see on each page, the document's metadata, and the raw content streams.
 */

/** Fresh bytes every call: PDF.js may take over (detach) the buffer it is given. */
const bytes = (pdf: Uint8Array) => new Uint8Array(pdf);

/** The text of every page, in reading order; runs of spaces collapsed, line ends kept. */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(bytes(pdf), { mergePages: false });
  return text.map((page) => page.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n'));
}

/** The text of the whole document, pages separated by a blank line. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPages(pdf)).join('\n\n');
}

/** The document information dictionary (Title, Author, Creator, …). */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, unknown>> {
  const { info } = await getMeta(bytes(pdf));
  return info;
}

/**
 * Every stream of the file as latin1 text, inflated where it is Flate-compressed: to prove a value is in no form
 * anywhere in the bytes, not only absent from the text a viewer shows.
 */
export function pdfStreams(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf);
  const text = raw.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/>>\s*stream\r?\n/g)) {
    const from = match.index + match[0].length;
    const end = text.indexOf('endstream', from);
    if (end < 0) break;
    const body = raw.subarray(from, end);
    try {
      streams.push(inflateSync(body).toString('latin1'));
    } catch {
      streams.push(body.toString('latin1'));
    }
  }
  return streams;
}

/** What a screen reader gets of a tagged PDF: the document's language and title, and its structure in order. */
export interface PdfTags {
  marked: boolean;
  language: string | null;
  title: string | null;
  displayTitle: boolean;
  /** The structure roles of every page, depth first, in reading order ("Document", "H1", "P", …). */
  roles: string[][];
}

interface StructNode {
  role?: string;
  children?: StructNode[];
}

function rolesOf(node: StructNode | null, out: string[]): string[] {
  if (!node) return out;
  if (node.role && node.role !== 'Root') out.push(node.role);
  for (const child of node.children ?? []) rolesOf(child, out);
  return out;
}

export async function pdfTags(pdf: Uint8Array): Promise<PdfTags> {
  const document = await getDocumentProxy(bytes(pdf));
  const markInfo = await document.getMarkInfo();
  const { info } = await document.getMetadata();
  const meta = info as Record<string, unknown>;
  const roles: string[][] = [];
  for (let index = 1; index <= document.numPages; index++) {
    const page = await document.getPage(index);
    roles.push(rolesOf((await page.getStructTree()) as StructNode | null, []));
  }
  // PDF.js does not expose the catalog's /Lang and /ViewerPreferences: read them from the (uncompressed) objects.
  const raw = Buffer.from(pdf).toString('latin1');
  return {
    marked: markInfo?.Marked === true,
    language: /\/Lang \(([^)]*)\)/.exec(raw)?.[1] ?? null,
    title: typeof meta.Title === 'string' ? meta.Title : null,
    displayTitle: /\/DisplayDocTitle true/.test(raw),
    roles,
  };
}
