/**
 * Downloading the whole generated archive (45,000 zaken, test/server/archive.ts) from the fixture
 * server on 127.0.0.1 through the real HTTP client, parsers and library store: requests and bytes
 * by kind (the count before, listing pages, zaken, publications) and time, and what that means at the real services' polite rate. `npm run bench`, or
 * `node out/bench/archive.bench.js [--zaken N]`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../test/server/fixtureServer';
import { HttpClient } from '../src/core/sources/http';
import { LibraryStore } from '../src/core/library/store';
import { countArchive, downloadArchive } from '../src/core/sources/archive';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--zaken');
  const size = at > 0 ? Number(process.argv[at + 1]) : 45_000;
  const server = await startFixtureServer({ archive: size });
  const dir = mkdtempSync(join(tmpdir(), 'kv-archive-bench-'));
  let bytes = 0;
  /** Requests and bytes by kind: the count, the listing pages, the zaken, KOOP's records of their questions, the publications. */
  const kinds = new Map<string, { requests: number; bytes: number }>();
  const kindOf = (url: string): string => (/[?&](\$|%24)top=1(&|$)/.test(url) ? 'count' : /\/sru\?/.test(url) ? 'sru record' : /\/Zaak\?/.test(url) && !/Nummer%20eq/.test(url) ? 'listing' : /Nummer%20eq/.test(url) ? 'zaak' : 'publication');
  const http = new HttpClient({ userAgent: 'kamervragen-bench', timeoutMs: 30_000 });
  // Every answer's body, as received (decoded), counted.
  const get = http.get.bind(http);
  http.get = async (req) => {
    const res = await get(req);
    bytes += Buffer.byteLength(res.body);
    const k = kinds.get(kindOf(req.url)) ?? { requests: 0, bytes: 0 };
    k.requests++;
    k.bytes += Buffer.byteLength(res.body);
    kinds.set(kindOf(req.url), k);
    return res;
  };
  try {
    const store = await LibraryStore.open(dir);
    const ctx = { http, endpoints: server.endpoints, today: '2026-11-27' };
    const counted = await countArchive({}, ctx);
    const started = performance.now();
    const result = await downloadArchive(store, {}, ctx, {
      onProgress: (p) => { if (!p.zaak && p.counts.listed % 5000 === 0) process.stdout.write(`  ${p.counts.listed} listed\n`); },
    });
    const ms = performance.now() - started;
    const stored = readdirSync(join(dir, 'items')).filter((n) => n.endsWith('.json')).length;
    console.log(`archive download, ${size} zaken (counted first: ${counted}): ${result.complete ? 'complete' : 'INCOMPLETE'}, ${stored} stored, ${result.failures.length} failed`);
    console.log(`  requests: ${server.requests.length}; bytes received: ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / size)} a zaak)`);
    for (const [kind, k] of kinds) {
      console.log(`    ${kind}: ${k.requests} requests, ${(k.bytes / 1e6).toFixed(2)} MB; per 1,000 zaken ${Math.round((k.requests * 1000) / size)} requests, ${((k.bytes * 1000) / size / 1e6).toFixed(2)} MB`);
    }
    console.log(`  time: ${(ms / 1000).toFixed(1)} s on 127.0.0.1 (${(ms / size).toFixed(2)} ms a zaak)`);
    if (stored !== size || result.failures.length > 0) process.exitCode = 1;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
