// Types for ml-logistic-regression 2.x (it ships none): the parts src/core/churn-model.ts uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  /** One binary classifier trained by batch gradient ascent from zero weights (no intercept:
   *  add a column of ones). */
  export type TwoClassClassifier = {
    weights: Matrix | null;
    train(features: Matrix, target: Matrix): void;
    /** P(target = 1) per row. */
    testScores(features: Matrix): number[];
  };

  export type LogisticRegressionModel = {
    name: 'LogisticRegression';
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    classifiers: { numSteps: number; learningRate: number; weights: number[][] | null }[];
  };

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: TwoClassClassifier[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    static load(model: LogisticRegressionModel): LogisticRegression;
    toJSON(): LogisticRegressionModel;
  }
}
