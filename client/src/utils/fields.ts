/**
 * The server names the offending input as `body.reporter.name` (or JSON-pointer style `/body/reporter/name`,
 * or with brackets `findings[0].grounds`). Forms tag their inputs with the path inside the body
 * (`data-field="reporter.name"`), so both sides meet on one normal form.
 */
export function normaliseField(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body(\.|$)/, '')
    .replace(/\.+$/, '');
}

/** True when the server's field is this input or lies inside it (`subject` blames `subject.name` too). */
export function fieldMatches(serverField: string | null, inputPath: string): boolean {
  if (serverField === null || serverField === '') return false;
  return (
    serverField === inputPath ||
    serverField.startsWith(`${inputPath}.`) ||
    inputPath.startsWith(`${serverField}.`)
  );
}
