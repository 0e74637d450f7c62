/**
 * Columns holding a value from a closed list (a status, kind, state, role, outcome, vote, action, result, object
 * type) are `text` typed with `.$type<>()` to their list in shared/domain, not database enums (`pgEnum`): the same
 * migrations run on PGlite and PostgreSQL; values are checked where they enter (the TypeBox schemas of the API, and
 * check constraints where a rule depends on them); and adding a value to a list needs no ALTER TYPE migration.
 * `$type` changes only the TypeScript types, never the SQL, so it needs no migration either.
 */
export * from './covenants';
export * from './identity';
export * from './subjects';
export * from './weighing-file';
export * from './case-file';
export * from './meetings';
export * from './audit';
export * from './live';
export * from './records';
export * from './notifications';
export * from './subject-requests';
export * from './oversight';
export * from './party-notices';
export * from './second-factor';
export * from './retention';
export * from './oidc';
export * from './minutes-reading';
