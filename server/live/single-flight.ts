/**
 * Shares one in-flight promise among concurrent callers with the same key in the same scope (the first argument: a
 * database, an app): during a connection storm thousands of handshakes of a few users ask the database the same
 * question at the same moment. Nothing is kept once the promise settles, so an answer is never older than the
 * question still being asked (a revoked session or membership is seen by the next handshake).
 */
export function singleFlight<S extends object, A extends unknown[], T>(
  keyOf: (...args: NoInfer<A>) => string,
  run: (scope: S, ...args: A) => Promise<T>,
): (scope: S, ...args: A) => Promise<T> {
  const scopes = new WeakMap<S, Map<string, Promise<T>>>();
  return (scope, ...args) => {
    let inFlight = scopes.get(scope);
    if (!inFlight) scopes.set(scope, (inFlight = new Map<string, Promise<T>>()));
    const key = keyOf(...args);
    const pending = inFlight.get(key);
    if (pending) return pending;
    const flights = inFlight;
    const promise = run(scope, ...args).finally(() => flights.delete(key));
    flights.set(key, promise);
    return promise;
  };
}
