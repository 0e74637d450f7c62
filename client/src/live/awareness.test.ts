import { describe, expect, it } from 'vitest';
import { editorLabel, editorsByField, joinNames } from './awareness';

const jan = { name: 'Jan Jansen', organisation: 'Politie', role: 'member' };
const carla = { name: 'Carla Bakker', organisation: 'Gemeente Voorbeeldstad', role: 'member' };

describe('editorsByField', () => {
  it('lists the others per field, not this browser', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { field: 'criterion/a', user: jan }],
      [2, { field: 'criterion/a', user: carla }],
      [3, { field: 'goal', user: { ...jan, name: 'Zelf' } }],
      [4, { field: null, user: carla }],
    ]);
    const editors = editorsByField(states, 3);
    expect(editors.get('criterion/a')).toEqual([carla, jan]);
    expect(editors.has('goal')).toBe(false);
    expect([...editors.keys()]).toEqual(['criterion/a']);
  });

  it('ignores states the server did not stamp, or with a field that is not a short string', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { field: 'notes' }],
      [2, { field: 'notes', user: 'Jan' }],
      [3, { field: 'notes', user: { name: '', organisation: 'X', role: 'member' } }],
      [4, { field: 'notes', user: { name: 'Jan', organisation: 7, role: 'member' } }],
      [5, { field: 'x'.repeat(500), user: jan }],
      [6, { field: 42, user: jan }],
    ]);
    expect(editorsByField(states, 0).size).toBe(0);
  });

  it('shows a person editing from two tabs once', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { field: 'notes', user: jan }],
      [2, { field: 'notes', user: { ...jan } }],
    ]);
    expect(editorsByField(states, 0).get('notes')).toEqual([jan]);
  });
});

describe('editor labels', () => {
  it('names the person with the organisation', () => {
    expect(editorLabel(jan)).toBe('Jan Jansen (Politie)');
    expect(editorLabel({ ...jan, organisation: '' })).toBe('Jan Jansen');
  });

  it('joins names as a sentence', () => {
    expect(joinNames([], 'en')).toBe('');
    expect(joinNames(['A'], 'en')).toBe('A');
    expect(joinNames(['A', 'B'], 'en')).toBe('A en B');
    expect(joinNames(['A', 'B', 'C'], 'and')).toBe('A, B and C');
  });
});
