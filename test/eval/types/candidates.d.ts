// Type declarations for the two untyped library candidates the intent model is compared with (test/eval/compare-candidates.ts).
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    train(x: Matrix, y: Matrix): void;
    predict(x: Matrix): number[];
  }
}

declare module 'wink-naive-bayes-text-classifier' {
  interface WinkNaiveBayes {
    definePrepTasks(tasks: Array<(input: string[]) => string[]>): number;
    defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    learn(input: string[], label: string): boolean;
    consolidate(): boolean;
    predict(input: string[]): string;
    computeOdds(input: string[]): Array<[string, number]>;
  }
  export default function winkNaiveBayes(): WinkNaiveBayes;
}
