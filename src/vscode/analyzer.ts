import * as path from 'path';
import * as os from 'os';
import * as vscode from 'vscode';
import type * as EngineBundle from './engineBundle';
import type { AnalyzeOptions, FileResult, PreparedRules } from '../engine';
import { log } from './logging';
import { parseSettings, unknownSeverityRules, type ExtensionSettings } from './settings';

export type Engine = typeof EngineBundle;

/** Languages the extension analyses (also its activation events). */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte', 'html'];
const LANGUAGE_EXT: Record<string, string> = { javascript: '.js', javascriptreact: '.jsx', typescript: '.ts', typescriptreact: '.tsx', vue: '.vue', svelte: '.svelte', html: '.html' };
const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|vue|svelte|html|htm)$/i;

/** Owns the lazily loaded engine, the prepared rule sets (one per set of rule folders) and the validated settings. */
export class Analyzer {
  private engine: Engine | undefined;
  private prepared = new Map<string, PreparedRules>();
  private shownProblems = new Set<string>();
  engineLoadMs: number | undefined;
  firstAnalysisMs: number | undefined;

  constructor(readonly extensionPath: string) {}

  get loaded(): boolean {
    return this.engine !== undefined;
  }

  /** Loads the engine and its parser on first use; activation never pays for it. */
  load(): Engine {
    if (!this.engine) {
      const t = performance.now();
      this.engine = require('./engineBundle') as Engine;
      this.engineLoadMs = performance.now() - t;
      log().info(`engine loaded in ${this.engineLoadMs.toFixed(0)} ms`);
    }
    return this.engine;
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

  /** The rule set for these folders, compiled once and cached until settings or rule files change. */
  rules(folders: string[]): PreparedRules {
    const key = JSON.stringify(folders);
    let p = this.prepared.get(key);
    if (!p) {
      const engine = this.load();
      const ruleSet = engine.loadRuleSet(folders);
      p = engine.prepareRules(ruleSet);
      this.prepared.set(key, p);
      log().info(`rules loaded: ${ruleSet.rules.length} rules${folders.length ? ` (extra folders: ${folders.join(', ')})` : ''}`);
      this.report(ruleSet.errors.map((e) => `rule file ${e.file}${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}. The rule is not loaded.`));
    }
    return p;
  }

  /** Rule set and analysis options for a resource. */
  context(resource?: vscode.Uri): { settings: ExtensionSettings; prepared: PreparedRules; options: AnalyzeOptions } {
    const settings = this.settings(resource);
    const prepared = this.rules(this.ruleFolders(settings, resource));
    this.report(unknownSeverityRules(settings, new Set(prepared.byId.keys())));
    const options: AnalyzeOptions = {
      severityOverrides: settings.severity,
      consentGuard: settings.consentGuardCall,
      consentGuards: settings.consentGuardNames,
      defaultRetentionDays: settings.retentionDays,
      coordinateDecimals: settings.coordinateDecimals,
    };
    return { settings, prepared, options };
  }

  /** Analyses text; the file name decides the parser (a language-based extension is added for untitled files). */
  analyze(text: string, fileName: string, prepared: PreparedRules, options: AnalyzeOptions): FileResult {
    const engine = this.load();
    const t = performance.now();
    const result = engine.analyzeText(text, fileName, prepared, options);
    const ms = performance.now() - t;
    if (this.firstAnalysisMs === undefined) {
      this.firstAnalysisMs = ms;
      log().info(`first analysis (parser warm-up included) took ${ms.toFixed(0)} ms`);
    } else if (ms > 500) log().warn(`analysing ${fileName} took ${ms.toFixed(0)} ms`);
    return result;
  }

  /** Drops cached rule sets (settings, trust or rule files changed). */
  invalidate(): void {
    this.prepared.clear();
    this.shownProblems.clear();
  }

  /** All loaded rule sets' rules by id (for titles and docs). */
  ruleById(id: string): { title: string; source?: string; category: string } | undefined {
    for (const p of this.prepared.values()) {
      const r = p.byId.get(id);
      if (r) return r;
    }
    return undefined;
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
