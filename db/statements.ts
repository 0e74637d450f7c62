/**
 * Statements that PostgreSQL parses and plans once per connection, under a name, and from then on only executes.
 * For the few queries that every request and every live handshake runs, planning costs more than running: the
 * session-and-actor join plans in about 0.8 ms and runs in 0.2.
 *
 * On the embedded PGlite the statements stay unnamed. Every connection of its pool is one and the same session
 * there, so a name that one connection prepared would already be taken when the next one prepared it.
 */

/** The databases whose connections each keep their own prepared statements (PostgreSQL through pg). */
const naming = new WeakSet<object>();

/** Marks a database as one whose statements may be named (see the top of this file). */
export function nameStatementsOn(db: object): void {
  naming.add(db);
}

/** Whether statements may be named on this database (see the top of this file). */
export const statementsNamedOn = (db: object): boolean => naming.has(db);

const built = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement built once per database by `build` (its values as placeholders, so its text never changes) and
 * prepared under `name` where names are kept. Use it with the database itself, never inside a transaction: the
 * statement is bound to the database's pool.
 */
export function preparedStatement<D extends object, P>(
  name: string,
  build: (db: D) => { prepare(name: string): P },
): (db: D) => P {
  return (db) => {
    let statements = built.get(db);
    if (!statements) built.set(db, (statements = new Map<string, unknown>()));
    let statement = statements.get(name) as P | undefined;
    if (statement === undefined) {
      // An empty name is an unnamed statement to pg: parsed and planned at every execution.
      statement = build(db).prepare(statementsNamedOn(db) ? name : '');
      statements.set(name, statement);
    }
    return statement;
  };
}
