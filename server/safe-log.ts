/**
 * What may be logged of an unexpected error. Database errors carry the query's parameters (names, addresses,
 * signal texts) in their message, stack and `params`, and PostgreSQL's `detail` repeats key values; none of that
 * may reach a log line. For them only the SQL text (with $1 placeholders) and the error code are kept.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  const e = error as {
    name?: string;
    message?: string;
    stack?: string;
    query?: unknown;
    params?: unknown;
    cause?: unknown;
    code?: unknown;
    severity?: unknown;
  };
  const database = (source: {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    routine?: unknown;
  }) => ({
    code: source.code,
    constraint: source.constraint,
    table: source.table,
    routine: source.routine,
  });
  if (typeof e?.query === 'string' && 'params' in (e ?? {})) {
    return { kind: 'database', query: e.query, ...database(e.cause ?? {}) };
  }
  if (typeof e?.code === 'string' && e.severity !== undefined) return { kind: 'database', ...database(e) };
  return { kind: 'application', name: e?.name, message: e?.message, stack: e?.stack };
}
