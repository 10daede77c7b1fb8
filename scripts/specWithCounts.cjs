// Mocha's spec reporter, plus the final counts written as JSON to $KAMERVRAGEN_MOCHA_STATS
// so scripts/test.mjs can add them to its summary without parsing human-readable output.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SpecWithCounts extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.KAMERVRAGEN_MOCHA_STATS;
      const { passes, failures, pending } = runner.stats;
      if (file) writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, pending }));
    });
  }
}

module.exports = SpecWithCounts;
