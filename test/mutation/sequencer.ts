// Test file order for the Stryker runs: the quick unit files first and the property-based model test last, so a mutant a unit test kills never waits for it.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Lower runs first: unit tests, then anything else, then test/model/ (thousands of generated cases per test). */
function weight(file: TestSpecification): number {
  if (file.moduleId.includes('/test/unit/')) return 0;
  if (file.moduleId.includes('/test/model/')) return 2;
  return 1;
}

export class CheapestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => weight(a) - weight(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
