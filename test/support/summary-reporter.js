'use strict';
// Mocha's spec output, plus the counts written to $PBD_SUMMARY_FILE so scripts/test.js can add
// up every suite into one closing "N passed, N failed" line.
const fs = require('fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.PBD_SUMMARY_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: runner.stats.passes, failed: runner.stats.failures, pending: runner.stats.pending }));
    });
  }
}
module.exports = SummaryReporter;
