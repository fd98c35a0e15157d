// Prints one line `N passed, N failed` from jest's JSON results (all runs).
// A suite that failed to run counts as a failure too.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  let result;
  try {
    result = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    console.error(`no test results in ${file}`);
    failed += 1;
    continue;
  }
  passed += result.numPassedTests;
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
