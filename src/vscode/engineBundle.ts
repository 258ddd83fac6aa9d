/**
 * Everything heavy the extension needs, loaded on the first analysis (dist/engine.js in the bundle):
 * the engine with its parser, plus the path filter the workspace scan uses.
 */
export * from '../engine';
export { createPathFilter, type PathFilter } from './pathFilter';
