import { describe, expect, it } from 'vitest';
import en from './en';
import nl from './nl';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

describe('messages', () => {
  it('English has exactly the Dutch keys', () => {
    expect(leaves(en).map(([key]) => key)).toEqual(leaves(nl).map(([key]) => key));
  });

  it('no message uses vue-i18n syntax characters by accident (@ links, | plurals, $)', () => {
    for (const [key, value] of [...leaves(nl), ...leaves(en)]) {
      expect(value, key).not.toMatch(/[@|$]/);
    }
  });

  it('both languages use the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = new Map(leaves(en));
    for (const [key, value] of leaves(nl)) {
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });
});
