/**
 * The worker thread that brings a library's index file up to date (liveIndex.ts updateIndexFile),
 * so that reading thousands of item files and writing the file never runs on the extension host's
 * thread. Bundled on its own as dist/indexWorker.js; started by workerUpdater with the UpdateTask
 * as its workerData; posts WorkerMessages (progress at most every 100 ms, then done or error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { updateIndexFile, type UpdateTask, type WorkerMessage } from './liveIndex';

const port = parentPort;
if (!port) throw new Error('indexWorker.js runs as a worker thread only');
const post = (message: WorkerMessage): void => port.postMessage(message);
let last = 0;
updateIndexFile(workerData as UpdateTask, (done, total) => {
  const now = Date.now();
  if (done !== total && now - last < 100) return;
  last = now;
  post({ kind: 'progress', done, total });
}).then(
  (result) => post({ kind: 'done', result }),
  (err: unknown) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
);
