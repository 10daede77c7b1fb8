/**
 * Runs the watch-list engine while VS Code runs: watched Kamervragen are fetched again every
 * `kamervragen.watch.intervalMinutes` (conditionally, silently), and a new answer, nader antwoord or
 * Mededeling brings one notification with an Open action. A round with many changes brings one
 * summary instead of a stream of messages.
 */
import * as vscode from 'vscode';
import { Watcher, type WatchEvent, type WatchRound } from '../core/watch';
import { fetchKamervraag } from '../core/sources/resolve';
import { describe, saveFetched, validatorsOf } from './fetching';
import type { Services } from './services';
import * as config from './config';

export interface Watching extends vscode.Disposable {
  /** One round now (the watch list's "check now", and tests). */
  checkNow(): Promise<WatchRound>;
  /** Why the last check of `key` failed (its stored copy was kept), if it did. */
  problem(key: string): string | undefined;
}

export function startWatching(services: Services): Watching {
  const disposables: vscode.Disposable[] = [];
  let active: Watcher | undefined;
  let started: Promise<Watcher> | undefined;

  // The library opens only once something is watched: an empty watch list costs nothing.
  const begin = (): Promise<Watcher> | undefined => {
    if (started || services.watchList.keys().length === 0) return started;
    started = services.library().then((opened) => {
      let library = opened;
      // The setting kamervragen.library.location moved the library: check (and save into) the new one.
      disposables.push(services.onDidMoveLibrary((moved) => { library = moved; }));
      const watcher = new Watcher({
        intervalMs: config.watchIntervalMinutes() * 60_000,
        // The watch list is the user's, for every window; a workspace library (shared in git) only
        // gets what someone put into it, never the other watched Kamervragen by a check.
        watched: () => services.watchList.keys().filter((key) => services.libraryLocation().form === 'private' || library.store.get(key) !== undefined),
        stored: async (key) => (await library.store.read(key))?.kamervraag,
        refresh: async (key, signal) => {
          const item = await library.store.read(key);
          const previous = item ? { kamervraag: item.kamervraag, validators: validatorsOf(item) } : undefined;
          try {
            // With a stored copy, a less complete result is refused (IncompleteCopyError): never a silent downgrade.
            const result = await fetchKamervraag(key, services.sources(signal), previous);
            for (const warning of result.warnings) services.log.warn(`Watch list, ${key}: ${warning}`);
            if (result.notModified && item) return item.kamervraag;
            return (await saveFetched(library, result, key)).kamervraag;
          } catch (err) {
            if (!signal.aborted) services.log.warn(`Watch list, ${key}: the check failed, the saved copy was kept. ${describe(err)}`);
            throw err;
          }
        },
      });
      active = watcher;
      disposables.push(watcher.onEvent(batch(notify)));
      watcher.start();
      return watcher;
    });
    return started;
  };
  void begin();
  disposables.push(
    services.watchList.onDidChange(() => {
      active?.prune();
      void begin();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kamervragen.watch.intervalMinutes')) active?.setInterval(config.watchIntervalMinutes() * 60_000);
    }),
  );
  return {
    checkNow: async () => {
      const watcher = await begin();
      return watcher ? watcher.checkNow() : { checked: 0, failed: 0, events: [], problems: [] };
    },
    problem: (key) => active?.problem(key),
    dispose: () => {
      active?.dispose();
      for (const d of disposables.splice(0)) d.dispose();
    },
  };
}

/** Collect the events of one round (they arrive together) and hand them on once. */
function batch(handle: (events: WatchEvent[]) => void): (e: WatchEvent) => void {
  let pending: WatchEvent[] = [];
  return (e) => {
    if (pending.length === 0) setTimeout(() => { const events = pending; pending = []; handle(events); }, 0);
    pending.push(e);
  };
}

export function eventMessage(e: WatchEvent): string {
  const what = `${e.key} — ${e.kamervraag.title}`;
  switch (e.kind) {
    case 'answered': return vscode.l10n.t('Answer received: {0}', what);
    case 'further-answer': return vscode.l10n.t('Further answer received: {0}', what);
    case 'notice': return vscode.l10n.t('Notice (Mededeling) received: {0}', what);
    case 'withdrawn': return vscode.l10n.t('Questions withdrawn: {0}', what);
  }
}

function notify(events: WatchEvent[]): void {
  const open = vscode.l10n.t('Open');
  if (events.length > 3) {
    const show = vscode.l10n.t('Show Watch List');
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} watched Kamervragen changed.', events.length), show).then((c) => {
      if (c === show) void vscode.commands.executeCommand('kamervragen.watchList.focus');
    });
    return;
  }
  for (const e of events) {
    void vscode.window.showInformationMessage(eventMessage(e), open).then((c) => {
      if (c === open) void vscode.commands.executeCommand('kamervragen.openPanel', e.key);
    });
  }
}
