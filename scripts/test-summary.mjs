// Prints one closing line over every runner of `npm test`: "Tests: N passed, N failed, N skipped".
// Reads the JSON reports vitest and Playwright wrote; a missing report (runner did not run) counts as a failure.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [name, file] of [
  ['vitest', 'test-results/vitest.json'],
  ['playwright', 'test-results/playwright.json'],
]) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.log(`${name}: no report at ${file} (it did not run to the end)`);
    failed += 1;
    continue;
  }
  if (name === 'vitest') {
    passed += report.numPassedTests ?? 0;
    // A suite counts only when it failed without a failing test (an import or hook error), so a failing test
    // is not counted again for its file and its describe block.
    const tests = report.numFailedTests ?? 0;
    failed += tests > 0 ? tests : (report.numFailedTestSuites ?? 0);
    if (report.success === false && failed === 0) failed = 1;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    const s = report.stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
    // A browser test that failed once and passed on its one CI retry is counted as passed but named here, so a
    // flaky test is seen (and fixed) instead of blocking a landing.
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === 'flaky') console.log(`flaky (failed once, passed on retry): ${spec.file}:${spec.line} ${spec.title}`);
      for (const s of suite.suites ?? []) walk(s);
    };
    for (const s of report.suites ?? []) walk(s);
    for (const e of report.errors ?? []) {
      failed += 1;
      console.log(`playwright error: ${e.message ?? e}`);
    }
  }
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
