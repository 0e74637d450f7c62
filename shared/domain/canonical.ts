/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` members left out. Two equal values
 * always serialise to the same text, so a hash over it identifies the content (frozen records), whatever the
 * order their fields were built or stored in (jsonb reorders keys). Written with an explicit stack: the content
 * comes from users, and nesting however deep must not overflow the call stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Work items, last first: a piece of text to write, or a value still to serialise.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const current = item.value;
    if (current === null || typeof current !== 'object') {
      out.push(scalar(current));
      continue;
    }
    const parts: ({ text: string } | { value: unknown })[] = [];
    if (Array.isArray(current)) {
      parts.push({ text: '[' });
      current.forEach((v, i) => {
        if (i > 0) parts.push({ text: ',' });
        parts.push({ value: v === undefined ? null : v });
      });
      parts.push({ text: ']' });
    } else {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push({ text: '{' });
      entries.forEach(([k, v], i) => {
        parts.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
        parts.push({ value: v });
      });
      parts.push({ text: '}' });
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
  }
  return out.join('');
}

function scalar(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a finite number');
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
    throw new Error(`cannot serialise a ${typeof value}`);
  return JSON.stringify(value);
}
