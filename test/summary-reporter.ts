/**
 * Ends a run with one plain line, `N passed, N failed, N skipped`, that any CI log reader
 * understands, after a line per skipped test that says why it was skipped; vitest's own
 * summary stays above them.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed += 1;
        else if (result.state === 'failed') counts.failed += 1;
        else {
          counts.skipped += 1;
          skipped.push(`skipped: ${test.fullName} (${module.moduleId.replace(`${process.cwd()}/`, '')})${result.state === 'skipped' && result.note ? `: ${result.note}` : ''}`);
        }
      }
    }
    // Written on exit so that it stands after vitest's own summary.
    process.once('exit', () => process.stdout.write(`\n${skipped.map((line) => `${line}\n`).join('')}${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`));
  }
}
