// Runs every built benchmark (out/bench/*.bench.js) in turn, each in a fresh `node --expose-gc`
// so that benchmarks can force garbage collection before measuring memory. `npm run bench`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ensureDebianPackages } from '../scripts/codeServer.mjs';

ensureDebianPackages(); // wdutch: the realistic corpus's word list (as root; else it says what to install)

const dir = 'out/bench';
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n━━ ${file} ━━`);
  const { status } = spawnSync(process.execPath, ['--expose-gc', `${dir}/${file}`], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
