/**
 * The watch list's engine: Kamervragen a user watches are fetched again on an interval, while the
 * host runs. When a new answer, nader antwoord or Mededeling appears, listeners hear of it. A
 * Kamervraag whose check fails waits longer before the next try (doubling, up to a day), so an
 * outage does not turn into a stream of requests; what failed stays in its state (`problem`), so a
 * refresh that was refused (a less complete copy, see completeness.ts) is never a silent downgrade
 * nor a silent failure. Time and timers are injected: tests drive them.
 */
import type { DocumentRef, Kamervraag } from './model';

export type WatchEventKind = 'answered' | 'further-answer' | 'notice' | 'withdrawn';

export interface WatchEvent {
  kind: WatchEventKind;
  key: string;
  kamervraag: Kamervraag;
  /** The new document (for notices: the notice's document when the source lists one). */
  document: DocumentRef | null;
}

/** What changed between two copies of one Kamervraag, as watch events. */
export function changesBetween(key: string, before: Kamervraag, after: Kamervraag): WatchEvent[] {
  const known = new Set(before.documents.map((d) => d.id));
  const events: WatchEvent[] = [];
  for (const doc of after.documents) {
    if (known.has(doc.id)) continue;
    if (doc.kind === 'answer') events.push({ kind: 'answered', key, kamervraag: after, document: doc });
    else if (doc.kind === 'further-answer') events.push({ kind: 'further-answer', key, kamervraag: after, document: doc });
    else if (doc.kind === 'notice') events.push({ kind: after.status === 'withdrawn' ? 'withdrawn' : 'notice', key, kamervraag: after, document: doc });
  }
  // A Mededeling that only shows as a notice (no document of its own in this source).
  const knownNotices = new Set(before.notices.map((n) => `${n.kind}|${n.date ?? ''}`));
  const noticeDocs = events.some((e) => e.kind === 'notice' || e.kind === 'withdrawn');
  for (const n of after.notices) {
    if (knownNotices.has(`${n.kind}|${n.date ?? ''}`) || noticeDocs) continue;
    events.push({ kind: n.kind === 'withdrawn' ? 'withdrawn' : 'notice', key, kamervraag: after, document: null });
  }
  if (!before.answered && after.answered && !events.some((e) => e.kind === 'answered')) {
    events.push({ kind: 'answered', key, kamervraag: after, document: null });
  }
  return events;
}

export interface WatcherOptions {
  intervalMs: number;
  /** Keys of the watched Kamervragen, read at every round. */
  watched: () => readonly string[];
  /** The stored copy, if any. */
  stored: (key: string) => Promise<Kamervraag | undefined>;
  /** Fetch (conditionally) and store; resolves with the new copy. */
  refresh: (key: string, signal: AbortSignal) => Promise<Kamervraag>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { dispose(): void };
  /** Longest wait after repeated failures. */
  maxBackoffMs?: number;
}

/** What one round did: checks that succeeded, failed (with why), and the changes they found. */
export interface WatchRound {
  checked: number;
  failed: number;
  events: WatchEvent[];
  problems: Array<{ key: string; message: string }>;
}

export class Watcher {
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  private readonly failures = new Map<string, { count: number; notBefore: number; message: string }>();
  private timer: { dispose(): void } | undefined;
  private running: AbortController | undefined;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { dispose(): void };

  constructor(private options: WatcherOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => {
      const t = setTimeout(fn, ms);
      return { dispose: () => clearTimeout(t) };
    });
  }

  onEvent(listener: (e: WatchEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Check every `intervalMs` from now on (the first round after one interval). */
  start(): void {
    this.schedule();
  }

  setInterval(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
    if (this.timer) this.schedule();
  }

  /** One round now: every watched Kamervraag that is not backing off. Errors are counted, not thrown. */
  async checkNow(): Promise<WatchRound> {
    if (this.running) return { checked: 0, failed: 0, events: [], problems: [] };
    const controller = new AbortController();
    this.running = controller;
    const result: WatchRound = { checked: 0, failed: 0, events: [], problems: [] };
    try {
      for (const key of this.options.watched()) {
        if (controller.signal.aborted) break;
        const failure = this.failures.get(key);
        if (failure && failure.notBefore > this.now()) continue;
        const before = await this.options.stored(key);
        try {
          const after = await this.options.refresh(key, controller.signal);
          result.checked++;
          this.failures.delete(key);
          const events = before ? changesBetween(key, before, after) : [];
          for (const e of events) for (const l of this.listeners) l(e);
          result.events.push(...events);
        } catch (err) {
          if (controller.signal.aborted) break;
          result.failed++;
          const count = (failure?.count ?? 0) + 1;
          const wait = Math.min(this.options.intervalMs * 2 ** count, this.options.maxBackoffMs ?? 86_400_000);
          const message = err instanceof Error ? err.message : String(err);
          this.failures.set(key, { count, notBefore: this.now() + wait, message });
          result.problems.push({ key, message });
        }
      }
    } finally {
      this.running = undefined;
    }
    return result;
  }

  /** Why the last check of `key` failed (the stored copy stayed as it was); undefined after a success. */
  problem(key: string): string | undefined {
    return this.failures.get(key)?.message;
  }

  /** Forget the failures of Kamervragen no longer watched: watched again, they are checked afresh. */
  prune(): void {
    const watched = new Set(this.options.watched());
    for (const key of [...this.failures.keys()]) if (!watched.has(key)) this.failures.delete(key);
  }

  /** When `key` may be tried again after failures, or undefined when it is not backing off. */
  backingOffUntil(key: string): number | undefined {
    return this.failures.get(key)?.notBefore;
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = undefined;
    this.running?.abort();
    this.listeners.clear();
  }

  private schedule(): void {
    this.timer?.dispose();
    this.timer = this.setTimer(() => {
      void this.checkNow().finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.options.intervalMs);
  }
}
