import { describe, expect, it } from 'vitest';
import { editingNotices, fieldTopic } from './announcements';

describe('field announcements', () => {
  it('names a field by what it is, never by its text', () => {
    expect(fieldTopic('criterion/abc')).toEqual({ kind: 'criterion', criterionId: 'abc' });
    expect(fieldTopic('analysis')).toEqual({ kind: 'analysis' });
    expect(fieldTopic('goal')).toEqual({ kind: 'goal' });
    expect(fieldTopic('measure/m1/description')).toEqual({ kind: 'measure' });
    expect(fieldTopic('identity')).toEqual({ kind: 'compartment' });
  });

  it('gives one notice per person and field, with a key that tells them apart', () => {
    const dirk = { name: 'Dirk Visser', organisation: 'Politie', role: 'member' };
    const carla = { name: 'Carla Bakker', organisation: 'Gemeente', role: 'member' };
    const notices = editingNotices([
      { compartment: 'analysis', editing: new Map([['criterion/g3', [dirk, carla]]]) },
      { compartment: 'notes', editing: new Map([['notes', [dirk]]]) },
    ]);
    expect(notices.map((n) => [n.name, n.compartment, n.fieldKey])).toEqual([
      ['Dirk Visser', 'analysis', 'criterion/g3'],
      ['Carla Bakker', 'analysis', 'criterion/g3'],
      ['Dirk Visser', 'notes', 'notes'],
    ]);
    expect(new Set(notices.map((n) => n.key)).size).toBe(3);
  });
});
