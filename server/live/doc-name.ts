import { LIVE_LIMITS } from '../../shared/index';

/** How much of a refused name the audit row keeps. */
const AUDITED_CHARS = 200;

export type DocNameResult =
  | { ok: true; name: string }
  | {
      ok: false;
      reason: string;
      /** The name as it may be stored in the audit log: printable ASCII only, and short. */
      audited: string;
    };

/** Printable ASCII as is, everything else percent-encoded per UTF-8 byte: text PostgreSQL always takes. */
function escaped(raw: string): string {
  const text = [...Buffer.from(raw, 'utf8')]
    .map((byte) =>
      byte >= 0x21 && byte <= 0x7e
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return text.length > AUDITED_CHARS ? `${text.slice(0, AUDITED_CHARS)}…` : text;
}

/**
 * The document name from the (percent-encoded) remainder of the path. Every opening, allowed or refused, is
 * audited (convenant art. 15.2(e)); a name that cannot be decoded, holds control characters (PostgreSQL text
 * takes no NUL) or is absurdly long is refused with 4400 and audited in an escaped, shortened form instead of
 * failing before or inside the audit insert.
 */
export function docNameOf(raw: string): DocNameResult {
  if (raw.length > LIVE_LIMITS.docNameChars)
    return {
      ok: false,
      reason: `the document name is longer than ${LIVE_LIMITS.docNameChars} characters`,
      audited: escaped(raw),
    };
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: 'the document name is not valid percent-encoding', audited: escaped(raw) };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    return { ok: false, reason: 'the document name contains a control character', audited: escaped(name) };
  return { ok: true, name };
}
