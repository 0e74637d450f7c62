/** An element id from a prefix and a field key (`criterion/<uuid>` → `live-text-criterion-<uuid>`). */
export function domId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
