import * as path from 'path';
import * as os from 'os';
import * as vscode from 'vscode';
import type { AnalyzeOptions, FileResult } from '../engine';
import { EngineClient, type EngineStartSteps } from './engineClient';
import type { CacheReport, RuleInfo } from './engineWorker';
import { log } from './logging';
import { parseSettings, unknownSeverityRules, type ExtensionSettings } from './settings';

/** Languages the extension analyses (also its activation events). */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte', 'html'];
const LANGUAGE_EXT: Record<string, string> = { javascript: '.js', javascriptreact: '.jsx', typescript: '.ts', typescriptreact: '.tsx', vue: '.vue', svelte: '.svelte', html: '.html' };
const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|vue|svelte|html|htm)$/i;

/** What one analysis needs: validated settings, the rule folders and the engine options. */
export interface AnalysisContext {
  settings: ExtensionSettings;
  folders: string[];
  options: AnalyzeOptions;
}

/**
 * Owns the engine (in a worker thread, started on the first analysis), the rule metadata the UI
 * needs, and the validated settings. Nothing here blocks the extension host on parsing.
 */
export class Analyzer implements vscode.Disposable {
  private readonly client: EngineClient;
  private readonly ruleSets = new Map<string, Promise<Map<string, RuleInfo>>>();
  private readonly ruleInfo = new Map<string, RuleInfo>();
  private shownProblems = new Set<string>();
  firstAnalysisMs: number | undefined;

  /**
   * @param cacheDir where V8's code cache of the engine is kept
   * @param resultCacheDir where workspace scans keep results of unchanged files (none: no result cache)
   */
  constructor(
    bundleDir: string,
    cacheDir?: string,
    private readonly resultCacheDir?: string,
  ) {
    this.client = new EngineClient(bundleDir, cacheDir);
  }

  get loaded(): boolean {
    return this.client.started;
  }

  get engineLoadMs(): number | undefined {
    return this.client.startMs;
  }

  get engineCodeCache(): string | undefined {
    return this.client.codeCache;
  }

  get engineStartSteps(): EngineStartSteps | undefined {
    return this.client.startSteps;
  }

  dispose(): void {
    this.client.dispose();
  }

  /** Validated settings for a resource; problems are shown once each, never thrown. */
  settings(resource?: vscode.Uri): ExtensionSettings {
    const { settings, problems } = parseSettings(vscode.workspace.getConfiguration('privacyByDesign', resource));
    this.report(problems);
    return settings;
  }

  /** Shows each distinct configuration problem once (warning + log). */
  report(problems: string[]): void {
    for (const p of problems) {
      if (this.shownProblems.has(p)) continue;
      this.shownProblems.add(p);
      log().warn(p);
      void vscode.window.showWarningMessage(`Privacy by Design: ${p}`, 'Open Settings').then(
        (choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'privacyByDesign'),
        () => undefined,
      );
    }
  }

  /** Extra rule folders as absolute paths; workspace-defined folders only load in a trusted workspace. */
  ruleFolders(settings: ExtensionSettings, resource?: vscode.Uri): string[] {
    const trusted = vscode.workspace.isTrusted;
    const chosen = trusted ? settings.ruleFolders : settings.ruleFoldersFromUser;
    if (!trusted && settings.ruleFolders.length > chosen.length) {
      log().info('workspace is not trusted: rule folders from workspace settings are not loaded (rule files steer what is read and reported)');
    }
    const base = (resource && vscode.workspace.getWorkspaceFolder(resource)?.uri.fsPath) ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return chosen.map((f) => {
      const expanded = f.startsWith('~/') ? path.join(os.homedir(), f.slice(2)) : f;
      return path.isAbsolute(expanded) || !base ? expanded : path.join(base, expanded);
    });
  }

  /** Rule metadata for a set of folders (loaded once in the worker); rule file errors are reported once. */
  private rules(folders: string[]): Promise<Map<string, RuleInfo>> {
    const key = JSON.stringify(folders);
    let p = this.ruleSets.get(key);
    if (!p) {
      p = this.client.send('rules', [folders]).then((r) => {
        for (const rule of r.rules) this.ruleInfo.set(rule.id, rule);
        log().info(`rules loaded: ${r.rules.length} rules${folders.length ? ` (extra folders: ${folders.join(', ')})` : ''}`);
        this.report(r.errors.map((e) => `rule file ${e.file}${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}. The rule is not loaded.`));
        return new Map(r.rules.map((x) => [x.id, x]));
      });
      p.catch(() => this.ruleSets.delete(key));
      this.ruleSets.set(key, p);
    }
    return p;
  }

  /** Settings, rule folders and engine options for a resource. */
  async context(resource?: vscode.Uri): Promise<AnalysisContext> {
    const settings = this.settings(resource);
    const folders = this.ruleFolders(settings, resource);
    const ids = await this.rules(folders);
    this.report(unknownSeverityRules(settings, new Set(ids.keys())));
    const options: AnalyzeOptions = {
      severityOverrides: settings.severity,
      consentGuard: settings.consentGuardCall,
      consentGuards: settings.consentGuardNames,
      defaultRetentionDays: settings.retentionDays,
      coordinateDecimals: settings.coordinateDecimals,
    };
    return { settings, folders, options };
  }

  /** Analyses editor text; the file name decides the parser. */
  async analyzeText(text: string, fileName: string, ctx: AnalysisContext): Promise<FileResult> {
    const t = performance.now();
    const result = await this.client.send('analyzeText', [text, fileName, ctx.folders, ctx.options]);
    this.timed(fileName, performance.now() - t);
    return result;
  }

  /**
   * After a save: recomputes the document's cross-file summary when a workspace scan made one (nothing to do
   * before the engine runs or without a scan). True when it changed, so the documents that import it are
   * analysed again.
   */
  async refreshSummary(text: string, fileName: string, ctx: AnalysisContext): Promise<boolean> {
    if (!this.loaded) return false;
    const r = await this.client.send('refreshSummary', [fileName, text, ctx.folders]);
    return r.changed;
  }

  /** Reads and analyses a file on disk in the worker (size cap, binary and minified checks included). */
  async analyzeFile(fsPath: string, ctx: AnalysisContext): Promise<FileResult> {
    const t = performance.now();
    const result = await this.client.send('analyzeFile', [fsPath, ctx.folders, { ...ctx.options, maxFileBytes: ctx.settings.maxFileSize }]);
    this.timed(fsPath, performance.now() - t);
    return result;
  }

  /** Starts a scan: the worker summarises the files for cross-file flows before they are analysed one by one. */
  async scanBegin(files: string[], ctx: AnalysisContext, root?: string): Promise<void> {
    const t = performance.now();
    const r = await this.client.send('scanBegin', [files, ctx.folders, ctx.settings.maxFileSize, root]);
    log().info(`cross-file summary pass over ${files.length} files (${r.summarised} kept parsed) took ${(performance.now() - t).toFixed(0)} ms`);
  }

  /** Opens the result cache for a folder's scan (closes it when the cache is off for that folder). */
  async cacheBegin(ctx: AnalysisContext): Promise<void> {
    const dir = ctx.settings.scanCache ? this.resultCacheDir : undefined;
    try {
      const r = await this.client.send('cacheBegin', [dir, ctx.folders, ctx.options]);
      if (dir) log().info(`result cache: ${r.entries} stored results (${dir})`);
    } catch (e) {
      log().warn(`result cache not opened: ${(e as Error).message}`);
    }
  }

  /** Ends a scan, finished or cancelled: the worker saves the result cache. Returns how it was used. */
  async scanEnd(): Promise<CacheReport> {
    const { cache } = await this.client.send('scanEnd', []);
    for (const p of cache.problems) log().warn(p);
    if (cache.hits + cache.misses) log().info(`result cache: ${cache.hits} file(s) answered from the cache, ${cache.misses} analysed`);
    return cache;
  }

  /** Why each workspace-relative path is left out of a scan (null: scanned). */
  async filterPaths(ctx: AnalysisContext, gitignores: Array<[string, string]>, paths: string[]): Promise<Array<string | null>> {
    const { reasons, problems } = await this.client.send('filterPaths', [ctx.settings.include, ctx.settings.exclude, gitignores, paths]);
    this.report(problems);
    return reasons;
  }

  private timed(file: string, ms: number): void {
    if (this.firstAnalysisMs === undefined) {
      this.firstAnalysisMs = ms;
      log().info(`first analysis (${path.basename(file)}) took ${ms.toFixed(0)} ms`);
      this.client.send('saveCodeCache', []).then(
        (r) => r.bytes && log().info(`saved the engine's code cache (${(r.bytes / 1024 / 1024).toFixed(1)} MB) for faster starts`),
        (e) => log().warn(`could not save the engine's code cache: ${(e as Error).message}`),
      );
    } else if (ms > 1000) log().warn(`analysing ${file} took ${ms.toFixed(0)} ms`);
  }

  /** Stops the engine worker; the next analysis starts a fresh one (reloading rules and the parser). */
  restart(): void {
    this.client.dispose();
    this.ruleSets.clear();
    this.firstAnalysisMs = undefined;
  }

  /** Drops cached rule sets (settings, trust or rule files changed). */
  invalidate(): void {
    this.ruleSets.clear();
    this.shownProblems.clear();
    if (this.client.started) void this.client.send('invalidate', []).catch(() => undefined);
  }

  /** A loaded rule's metadata (title, category, source file). */
  ruleById(id: string): RuleInfo | undefined {
    return this.ruleInfo.get(id);
  }
}

/** Whether a document is one the extension analyses. */
export function isRelevant(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && LANGUAGES.includes(doc.languageId);
}

/** The file name the engine sees: the path, with an extension from the language when the name has none it knows. */
export function engineFileName(doc: vscode.TextDocument): string {
  const name = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path || 'untitled';
  return SOURCE_EXT.test(name) ? name : name + (LANGUAGE_EXT[doc.languageId] ?? '.js');
}
