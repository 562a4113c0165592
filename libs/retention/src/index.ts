/** @regulars/retention — pure calculations, no I/O (the CLI in src/cli is the one exception). */
export * from './types';
export * from './dates';
export * from './summary';
export * from './bgnbd';
export * from './gammagamma';
export * from './paretonbd';
export * from './clv';
export * from './model';
export * from './heuristics';
export * from './outlook';
export * from './segments';
export * from './cohorts';
export * from './trends';
export * from './histories';
export { minimize, logParameterStandardErrors } from './optimize';
export type { MinimizeOptions, MinimizeResult, ValueAndGradient } from './optimize';
export * from './nps';
