/**
 * Requests of which only the newest answer matters (the tab's context, a page's live data), when answers may
 * arrive out of order: the worker can answer a later request first while an earlier one still waits on a slow
 * read (at browser start, reading the managed policy takes seconds). An answer to an older call that comes after
 * a newer call was made is stale, and is dropped instead of overwriting the fresh one.
 */
export const STALE: unique symbol = Symbol('stale answer');

export class NewestOnly {
  private issued = 0;

  /** Runs `load`; resolves (or rejects) as it does, or with STALE when a newer run started before it settled. */
  async run<T>(load: () => Promise<T>): Promise<T | typeof STALE> {
    const ticket = ++this.issued;
    try {
      const value = await load();
      return ticket === this.issued ? value : STALE;
    } catch (error) {
      if (ticket !== this.issued) return STALE;
      throw error;
    }
  }
}
