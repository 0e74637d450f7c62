/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` members left out. Two equal values
 * always serialise to the same text, so a hash over it identifies the content (frozen records, issue 5), whatever
 * the order their fields were built or stored in (jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a finite number');
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
      throw new Error(`cannot serialise a ${typeof value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
