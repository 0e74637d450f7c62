import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MeetingRecordView } from '../../../shared/api/records';
import type { DocAddress } from '../../../shared/live/compartments';
import type { ItemCompartment } from './fields';
import { MEASURE_KEYS, PLAN_GOAL_TEXT, PLAN_MEASURES_ARRAY } from '../../../shared/live/content';
import { compareWithRecord, lateEdits, trackLocalEdits, type EditedDocument } from './late-edits';

const MEASURE_A = '11111111-1111-4111-8111-111111111111';
const MEASURE_B = '22222222-2222-4222-8222-222222222222';
const MEASURE_C = '33333333-3333-4333-8333-333333333333';

/** The record's content of a document, read the way the freeze reads it (server/live/freeze.ts). */
function contentOf(doc: Y.Doc): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    if (name === PLAN_MEASURES_ARRAY) content[name] = doc.getArray(name).toJSON();
    else if (name.startsWith('item/')) content[name] = doc.getMap(name).toJSON();
    else content[name] = doc.getText(name).toJSON();
  }
  return content;
}

function addMeasure(doc: Y.Doc, id: string, description: string, status = 'planned'): void {
  const measure = new Y.Map<unknown>();
  measure.set(MEASURE_KEYS.id, id);
  measure.set(MEASURE_KEYS.description, new Y.Text(description));
  measure.set(MEASURE_KEYS.ownerPartyId, null);
  measure.set(MEASURE_KEYS.dueDate, null);
  measure.set(MEASURE_KEYS.status, status);
  doc.getArray(PLAN_MEASURES_ARRAY).push([measure]);
}

const measureMap = (doc: Y.Doc, index: number) =>
  doc.getArray(PLAN_MEASURES_ARRAY).get(index) as Y.Map<unknown>;

/** A server document and a client that synced with it, then went its own way (offline). */
function diverged(build: (server: Y.Doc) => void) {
  const server = new Y.Doc();
  build(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server), 'provider');
  return { server, client };
}

describe('late edits: what the frozen record did not take', () => {
  it('finds nothing when the document is what the record holds', () => {
    const { server, client } = diverged((doc) => {
      doc.getText('analysis').insert(0, 'Gedeelde analyse.');
      doc.getText('criterion/c1').insert(0, 'G1: aanwezig.');
    });
    expect(lateEdits(client, contentOf(server))).toEqual([]);
  });

  it('returns each text typed after the freeze, with the local text that was not taken', () => {
    const { server, client } = diverged((doc) => {
      doc.getText('analysis').insert(0, 'Gedeelde analyse.');
      doc.getText('conclusions').insert(0, 'Conclusie.');
    });
    const frozen = contentOf(server);
    client.getText('analysis').insert('Gedeelde analyse.'.length, ' Offline aangevuld.');
    client.getText('criterion/c2').insert(0, 'Nieuw criterium, offline.');
    expect(lateEdits(client, frozen)).toEqual([
      {
        kind: 'text',
        name: 'analysis',
        local: 'Gedeelde analyse. Offline aangevuld.',
        frozen: 'Gedeelde analyse.',
      },
      { kind: 'text', name: 'criterion/c2', local: 'Nieuw criterium, offline.', frozen: '' },
    ]);
  });

  it('reports a text emptied locally, and compares with an empty record when none was stored', () => {
    const { server, client } = diverged((doc) => doc.getText('notes').insert(0, 'Aantekening.'));
    const frozen = contentOf(server);
    client.getText('notes').delete(0, client.getText('notes').length);
    expect(lateEdits(client, frozen)).toEqual([
      { kind: 'text', name: 'notes', local: '', frozen: 'Aantekening.' },
    ]);
    expect(lateEdits(client, {})).toEqual([]);
    client.getText('notes').insert(0, 'Alleen hier.');
    expect(lateEdits(client, {})).toEqual([
      { kind: 'text', name: 'notes', local: 'Alleen hier.', frozen: '' },
    ]);
  });

  it('compares measures by id: added, removed and changed here', () => {
    const { server, client } = diverged((doc) => {
      doc.getText(PLAN_GOAL_TEXT).insert(0, 'Doel.');
      addMeasure(doc, MEASURE_A, 'Gesprek met de imam.');
      addMeasure(doc, MEASURE_B, 'Schoolbezoek.');
    });
    const frozen = contentOf(server);
    expect(lateEdits(client, frozen)).toEqual([]);
    (measureMap(client, 0).get(MEASURE_KEYS.description) as Y.Text).insert(0, 'Uiterlijk vrijdag: ');
    measureMap(client, 0).set(MEASURE_KEYS.status, 'in_progress');
    client.getArray(PLAN_MEASURES_ARRAY).delete(1, 1);
    addMeasure(client, MEASURE_C, 'Huisbezoek door de GGZ.');
    const edits = lateEdits(client, frozen);
    expect(edits).toEqual([
      {
        kind: 'measure',
        name: `measure/${MEASURE_A}`,
        measureId: MEASURE_A,
        change: 'changed',
        local: {
          id: MEASURE_A,
          description: 'Uiterlijk vrijdag: Gesprek met de imam.',
          ownerPartyId: null,
          dueDate: null,
          status: 'in_progress',
        },
        frozen: {
          id: MEASURE_A,
          description: 'Gesprek met de imam.',
          ownerPartyId: null,
          dueDate: null,
          status: 'planned',
        },
        differs: ['description', 'status'],
      },
      expect.objectContaining({ measureId: MEASURE_B, change: 'removed', local: null }),
      expect.objectContaining({
        measureId: MEASURE_C,
        change: 'added',
        frozen: null,
        local: expect.objectContaining({ description: 'Huisbezoek door de GGZ.' }),
      }),
    ]);
  });

  it('compares agenda entries as plain values', () => {
    const { server, client } = diverged((doc) => {
      const entry = doc.getMap('item/x');
      entry.set('order', 1);
      entry.set('status', 'discussing');
    });
    const frozen = contentOf(server);
    client.getMap('item/x').set('status', 'done');
    expect(lateEdits(client, frozen)).toEqual([
      {
        kind: 'entry',
        name: 'item/x',
        local: { order: 1, status: 'done' },
        frozen: { order: 1, status: 'discussing' },
      },
    ]);
  });

  it("with the fields this client touched, ignores what it merely did not receive of others' edits", () => {
    const { server, client } = diverged((doc) => {
      doc.getText('analysis').insert(0, 'Basis.');
      doc.getText('conclusions').insert(0, 'Basis.');
      addMeasure(doc, MEASURE_A, 'Eerste maatregel.');
      addMeasure(doc, MEASURE_B, 'Tweede maatregel.');
    });
    const tracking = trackLocalEdits(client, (origin) => origin === 'provider');
    // Others go on after this client went offline; the record holds their edits.
    server.getText('conclusions').insert(0, 'Van een ander: ');
    (measureMap(server, 1).get(MEASURE_KEYS.description) as Y.Text).insert(0, 'Van een ander: ');
    // This client changes the analysis and the first measure, offline.
    client.getText('analysis').insert(6, ' Offline.');
    (measureMap(client, 0).get(MEASURE_KEYS.description) as Y.Text).insert(0, 'Offline: ');
    // Remote updates it receives are not its own edits.
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), 'provider');
    server.getText('conclusions').insert(0, 'Later nog: ');
    const frozen = contentOf(server);

    expect([...tracking.touched].sort()).toEqual(['analysis', `measure/${MEASURE_A}`]);
    expect(lateEdits(client, frozen).map((e) => e.name)).toEqual([
      'analysis',
      'conclusions',
      `measure/${MEASURE_A}`,
    ]);
    expect(lateEdits(client, frozen, tracking.touched)).toEqual([
      { kind: 'text', name: 'analysis', local: 'Basis. Offline.', frozen: 'Basis.' },
      expect.objectContaining({
        measureId: MEASURE_A,
        change: 'changed',
        local: expect.objectContaining({ description: 'Offline: Eerste maatregel.' }),
      }),
    ]);
    tracking.stop();
    client.getText('conclusions').insert(0, 'Na stop: ');
    expect(tracking.touched.has('conclusions')).toBe(false);
  });

  it('tracks measures added and removed by their id', () => {
    const { client } = diverged((doc) => addMeasure(doc, MEASURE_A, 'Bestaand.'));
    const tracking = trackLocalEdits(client, (origin) => origin === 'provider');
    addMeasure(client, MEASURE_C, 'Nieuw.');
    expect([...tracking.touched]).toEqual([`measure/${MEASURE_C}`]);
    client.getArray(PLAN_MEASURES_ARRAY).delete(0, 1);
    expect([...tracking.touched].sort()).toEqual([`measure/${MEASURE_A}`, `measure/${MEASURE_C}`]);
    const edits = lateEdits(
      client,
      { measures: [{ id: MEASURE_A, description: 'Bestaand.' }] },
      tracking.touched,
    );
    expect(edits.map((e) => (e.kind === 'measure' ? e.change : e.kind))).toEqual(['removed', 'added']);
  });

  it('compares every edited document with the record as this reader sees it', () => {
    const { server, client } = diverged((doc) => doc.getText('analysis').insert(0, 'Vastgesteld.'));
    const tracking = trackLocalEdits(client, (origin) => origin === 'provider');
    client.getText('analysis').insert(0, 'Te laat: ');
    const document = (address: DocAddress): EditedDocument => ({
      address,
      doc: client,
      touched: tracking.touched,
      unsent: true,
      endedCode: 4409,
    });
    const item = (itemId: string, compartment: ItemCompartment = 'analysis'): DocAddress => ({
      meetingId: 'm',
      itemId,
      compartment,
    });
    // The record as GET /api/meetings/:id/record gives it to this reader (fields this check does not read left out).
    const record = {
      items: [
        {
          itemId: 'item-1',
          position: 1,
          admitted: true,
          compartments: [
            { compartment: 'analysis', access: 'read', content: contentOf(server), disclosed: false },
            { compartment: 'signals', access: 'masked', label: null, rule: 'art. 10.5' },
          ],
        },
        { itemId: 'item-2', position: 2, admitted: false, compartments: [] },
        { itemId: 'item-3', position: 3, admitted: true, destroyed: true, compartments: [] },
      ],
    } as unknown as Pick<MeetingRecordView, 'items'>;
    const report = compareWithRecord(
      record,
      [
        item('item-1'),
        // No document stored for the conclusions: everything typed there is late.
        item('item-1', 'conclusions'),
        item('item-1', 'signals'),
        item('item-2'),
        item('item-3'),
        { meetingId: 'm', itemId: null, compartment: 'agenda' } as const,
      ].map(document),
    );
    expect(report.groups).toEqual([
      {
        itemId: 'item-1',
        compartment: 'analysis',
        edits: [{ kind: 'text', name: 'analysis', local: 'Te laat: Vastgesteld.', frozen: 'Vastgesteld.' }],
      },
      {
        itemId: 'item-1',
        compartment: 'conclusions',
        edits: [{ kind: 'text', name: 'analysis', local: 'Te laat: Vastgesteld.', frozen: '' }],
      },
    ]);
    expect(report.unlisted).toEqual([
      { itemId: 'item-1', compartment: 'signals' },
      { itemId: 'item-2', compartment: 'analysis' },
      { itemId: 'item-3', compartment: 'analysis' },
      { itemId: null, compartment: 'agenda' },
    ]);
  });
});
