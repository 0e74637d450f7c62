import { describe, expect, it } from 'vitest';
import type { RecordItemView } from '../../../shared/api/records';
import { orderRequests, reasonProblem, requestTarget } from './correction-requests';

const item = {
  itemId: '00000000-0000-4000-8000-000000000001',
  position: 2,
  admitted: true,
  destroyed: false,
  archived: false,
  subjectReference: null,
  attendance: [],
  compartments: [
    { compartment: 'analysis', access: 'read', content: { analysis: 'Woont in Almere' }, disclosed: false },
    { compartment: 'plan', access: 'masked', label: null, rule: 'art. 10.4' },
  ],
} as unknown as RecordItemView;

describe('correction requests', () => {
  it('asks for a reason, within the limit', () => {
    expect(reasonProblem('  ')).toBe('required');
    expect(reasonProblem('x'.repeat(2001))).toBe('tooLong');
    expect(reasonProblem('Het adres klopt niet')).toBeUndefined();
  });

  it('finds the field a request is about, as the reader sees it now', () => {
    const target = requestTarget(
      { itemId: item.itemId, compartment: 'analysis', field: 'analysis' },
      [item],
      new Map(),
    );
    expect(target.position).toBe(2);
    expect(target.field?.text).toBe('Woont in Almere');
  });

  it('gives no field to correct where the reader cannot see it', () => {
    const masked = requestTarget(
      { itemId: item.itemId, compartment: 'plan', field: 'goal' },
      [item],
      new Map(),
    );
    expect(masked.field).toBeNull();
    expect(masked.position).toBe(2);
  });

  it('puts the open requests first, then the answered ones newest first', () => {
    const ordered = orderRequests([
      { status: 'refused', answeredAt: '2026-12-01T10:00:00Z' },
      { status: 'requested', answeredAt: null },
      { status: 'rectified', answeredAt: '2026-12-02T10:00:00Z' },
    ] as const);
    expect(ordered.map((r) => r.status)).toEqual(['requested', 'rectified', 'refused']);
  });
});
