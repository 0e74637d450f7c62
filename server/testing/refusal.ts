/** Drizzle wraps driver errors; the database's own message is in `cause`. 'not refused' when there was none. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  return 'not refused';
}
