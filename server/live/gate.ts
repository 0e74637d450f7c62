/**
 * Lets at most `width` tasks run at once; the rest wait in order. The live handshakes go through one: on the
 * embedded database every query runs one after another, so a storm of handshakes started all at once would queue
 * thousands of queries ahead of the meeting that is already running (its writes wait behind them). Through the gate
 * only a few handshakes talk to the database at a time and a running meeting's write waits behind a few queries.
 */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly width: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running (tests: a handshake that never ends would hold its place for good). */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for their turn (tests, figures). */
  get queued(): number {
    return this.waiting.length;
  }
}
