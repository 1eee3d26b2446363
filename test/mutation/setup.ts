// Setup for the Stryker runs only: a property that fails reports its first counterexample at once (shrinking it cannot kill a mutant twice).
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
