import { awarenessField, type LiveAwarenessUser } from '../../../shared/live/content';

/**
 * Who else is editing which field, from a live document's awareness states. The server stamps `user` from the
 * session on every state it relays, so a state without a well-formed `user` did not come through it and is
 * ignored, and so is this browser's own state. Pure: unit-tested in awareness.test.ts.
 */

export type FieldEditor = LiveAwarenessUser;

function userOf(state: Record<string, unknown>): FieldEditor | null {
  const user = state.user;
  if (typeof user !== 'object' || user === null) return null;
  const { name, organisation, role } = user as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return null;
  if (typeof organisation !== 'string' || typeof role !== 'string') return null;
  return { name, organisation, role };
}

/** Per field key, the other people editing it (each person once, by name). */
export function editorsByField(
  states: ReadonlyMap<number, Record<string, unknown>>,
  selfClientId: number,
): Map<string, FieldEditor[]> {
  const byField = new Map<string, FieldEditor[]>();
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const field = awarenessField(state);
    const user = field === null ? null : userOf(state);
    if (field === null || user === null) continue;
    const editors = byField.get(field) ?? [];
    // The same person in two tabs is one editor.
    const same = (e: FieldEditor) =>
      e.name === user.name && e.organisation === user.organisation && e.role === user.role;
    if (!editors.some(same)) editors.push(user);
    byField.set(field, editors);
  }
  for (const editors of byField.values()) editors.sort((a, b) => a.name.localeCompare(b.name));
  return byField;
}

/** "Jan Jansen (Politie)", or the name alone when the organisation is unknown. */
export function editorLabel(editor: FieldEditor): string {
  return editor.organisation ? `${editor.name} (${editor.organisation})` : editor.name;
}

/** "A", "A en B", "A, B en C" (`and` is the translated conjunction). */
export function joinNames(names: readonly string[], and: string): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}
