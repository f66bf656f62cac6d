/** PostgreSQL error codes a transaction may simply be run again after. */
const RETRYABLE = new Set([
  '23505', // unique_violation: a racing writer inserted the row first; the retry finds it
  '40P01', // deadlock_detected: the other transaction went through
  '40001', // serialization_failure
]);

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Runs a transaction, again when it lost a race that a second attempt resolves (at most `attempts` in all). */
export async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = codeOf(error);
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}
