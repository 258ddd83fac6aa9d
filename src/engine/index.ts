/** The engine's public surface, shared by the CLI and the VS Code extension. Never imports `vscode`. */
export * from './types';
export { analyzeText, prepareRules, compareFindings, type AnalyzeOptions, type PreparedRules } from './analyze';
export { loadRuleSet, bundledRulesDir, validateRule, type Rule, type RuleSet, type Recommendation, type RuleSetError } from './rules';
export { applyEdits } from './fixes';
export { decodeBytes, LineIndex } from './text';
export { isSupportedFile, isParserLoaded, SOURCE_EXTENSIONS } from './parse';
export { scanPaths, analyzeFile, listFiles, looksMinified, DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_BYTES, type ScanOptions, type ScanSummary } from './scan';
export { globProblem } from './patterns';
export const ENGINE_VERSION = '0.1.0';
export { SEVERITIES as SEVERITY_LEVELS } from './types';
export { openResultCache, FileResultCache, ruleSetHash, isCacheDir, scanKey, prefilterStoreIn, type ResultCache, type CacheStats, type ScanRecord } from './cache';
export { prefilterFor, Prefilter, setPrefilterStore, type PrefilterStore } from './prefilter';
export { collectSummaries, refreshSummary, ParsedFiles } from './crossFile';
export type { FlowSummaries } from './summaries';
export { configFolders, loadPathAliases, projectAliases, unaliasSpecifier, type PathAliases } from './aliases';
