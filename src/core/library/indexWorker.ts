/**
 * The worker thread that brings a library's index file up to date (liveIndex.ts updateIndexFile),
 * so that reading thousands of item files and writing the file never runs on the extension host's
 * thread. Bundled on its own as dist/indexWorker.js; started by workerUpdater with the UpdateTask
 * as its workerData; posts WorkerMessages (progress at most every 100 ms, then done or error).
 *
 * The same script, with `{ parts: true }` as its workerData, builds the parts of a rebuild
 * (updateIndexFile starts several side by side): each PartTask it is sent, answered with
 * PartMessages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildPart, updateIndexFile, type PartMessage, type PartTask, type UpdateTask, type WorkerMessage } from './liveIndex';

const port = parentPort;
if (!port) throw new Error('indexWorker.js runs as a worker thread only');
let last = 0;
const due = (): boolean => {
  const now = Date.now();
  if (now - last < 100) return false;
  last = now;
  return true;
};
const data = workerData as UpdateTask | { parts: true };
if ('parts' in data) {
  // A part worker: builds each PartTask it is sent, one after the other, until it is stopped.
  const post = (message: PartMessage): void => port.postMessage(message);
  port.on('message', (part: PartTask) => {
    buildPart(part, (done) => { if (due()) post({ kind: 'progress', done }); }).then(
      (read) => post({ kind: 'done', read }),
      (err: unknown) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  });
} else {
  const post = (message: WorkerMessage): void => port.postMessage(message);
  // The parts of a rebuild are built by this same script in workers of their own.
  updateIndexFile({ partWorker: __filename, ...data }, (done, total) => {
    if (done !== total && !due()) return;
    post({ kind: 'progress', done, total });
  }).then(
    (result) => post({ kind: 'done', result }),
    (err: unknown) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
}
