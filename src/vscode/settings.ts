/**
 * Reads and validates the `privacyByDesign.*` settings. Pure: it takes anything shaped like a
 * `WorkspaceConfiguration`, so it is unit-tested without an editor. An invalid value never throws:
 * it is replaced by the default and described in `problems`, which the extension shows once.
 */

export type SeverityOverride = 'error' | 'warning' | 'info' | 'hint' | 'off';

/**
 * Above this many characters a file is analysed when opened and saved, not after every change: its
 * analysis can take tens of milliseconds (it runs on the engine's worker thread either way).
 */
export const ON_TYPE_MAX_CHARS = 150 * 1024;

/** Whether an edit (not a save or an open) re-analyses a document of `chars` characters. */
export function analysesOnChange(settings: Pick<ExtensionSettings, 'run'>, chars: number): boolean {
  return settings.run === 'onType' && chars <= ON_TYPE_MAX_CHARS;
}

export interface ExtensionSettings {
  /** @default true */
  enable: boolean;
  /** When a file is analysed: as you type (debounced) or on save. @default "onType" */
  run: 'onType' | 'onSave';
  /** Debounce after the last keystroke, in milliseconds. @default 300 */
  debounceMs: number;
  /** Files larger than this (bytes of text) are not analysed. @default 1048576 */
  maxFileSize: number;
  severity: Record<string, SeverityOverride>;
  include: string[];
  exclude: string[];
  /** Leave out files that a .gitignore ignores. @default true */
  respectGitignore: boolean;
  /** Keep results of unchanged files between workspace scans (in the extension's storage). @default true */
  scanCache: boolean;
  /** Extra rule folders, as written in the settings (relative paths resolve against the workspace folder). */
  ruleFolders: string[];
  /** The folders set in user settings only: the ones that still load in an untrusted workspace. */
  ruleFoldersFromUser: string[];
  consentGuardNames: string[];
  consentGuardCall: string;
  retentionDays: number;
  coordinateDecimals: number;
}

/** The part of `vscode.WorkspaceConfiguration` the parser needs. */
export interface ConfigLike {
  get<T>(section: string): T | undefined;
  inspect?<T>(section: string): { globalValue?: T } | undefined;
}

export const DEFAULTS: ExtensionSettings = {
  enable: true,
  run: 'onType',
  debounceMs: 300,
  maxFileSize: 1024 * 1024,
  severity: {},
  include: [],
  exclude: [],
  respectGitignore: true,
  scanCache: true,
  ruleFolders: [],
  ruleFoldersFromUser: [],
  consentGuardNames: [],
  consentGuardCall: "hasConsent('biometric')",
  retentionDays: 30,
  coordinateDecimals: 2,
};

const SEVERITY_VALUES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

export interface ParsedSettings {
  settings: ExtensionSettings;
  problems: string[];
}

/** Validates raw setting values; every problem names the setting, the bad value and what is used instead. */
export function parseSettings(config: ConfigLike): ParsedSettings {
  const problems: string[] = [];
  const s: ExtensionSettings = { ...DEFAULTS, severity: {} };
  const bad = (key: string, value: unknown, expected: string, fallback: unknown) =>
    problems.push(`Setting privacyByDesign.${key} is ${describe(value)}, but it must be ${expected}; using ${describe(fallback)} instead.`);

  const bool = (key: string, fallback: boolean): boolean => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    bad(key, v, 'true or false', fallback);
    return fallback;
  };
  const int = (key: string, fallback: number, min: number, max: number, unit: string): number => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    bad(key, v, `a whole number of ${unit} from ${min} to ${max}`, fallback);
    return fallback;
  };
  const strings = (key: string, check?: (x: string) => boolean, what = 'strings'): string[] => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      bad(key, v, `a list of ${what}`, []);
      return [];
    }
    const out: string[] = [];
    for (const x of v) {
      if (typeof x === 'string' && x.trim() && (!check || check(x.trim()))) out.push(x.trim());
      else problems.push(`Setting privacyByDesign.${key} contains ${describe(x)}, which is not one of the expected ${what}; it is ignored.`);
    }
    return out;
  };

  s.enable = bool('enable', DEFAULTS.enable);
  const run = config.get<unknown>('validate.run');
  if (run === 'onType' || run === 'onSave') s.run = run;
  else if (run !== undefined && run !== null) bad('validate.run', run, '"onType" or "onSave"', DEFAULTS.run);
  s.debounceMs = int('validate.debounceMs', DEFAULTS.debounceMs, 0, 10000, 'milliseconds');
  s.maxFileSize = int('validate.maxFileSize', DEFAULTS.maxFileSize, 1, 64 * 1024 * 1024, 'bytes');

  const sev = config.get<unknown>('rules.severity');
  if (sev !== undefined && sev !== null) {
    if (typeof sev !== 'object' || Array.isArray(sev)) bad('rules.severity', sev, 'an object mapping rule ids to a severity', {});
    else {
      for (const [id, level] of Object.entries(sev as Record<string, unknown>)) {
        if (typeof level === 'string' && SEVERITY_VALUES.includes(level)) s.severity[id] = level as SeverityOverride;
        else problems.push(`Setting privacyByDesign.rules.severity gives rule '${id}' the severity ${describe(level)}; use one of ${SEVERITY_VALUES.join(', ')}. The rule keeps its default severity.`);
      }
    }
  }
  s.include = strings('scan.include', undefined, 'glob patterns');
  s.exclude = strings('scan.exclude', undefined, 'glob patterns');
  s.respectGitignore = bool('scan.respectGitignore', DEFAULTS.respectGitignore);
  s.scanCache = bool('scan.cache', DEFAULTS.scanCache);
  s.ruleFolders = strings('rules.folders', undefined, 'folder paths');
  const userFolders = config.inspect?.<unknown>('rules.folders')?.globalValue;
  s.ruleFoldersFromUser = Array.isArray(userFolders) ? userFolders.filter((x): x is string => typeof x === 'string' && !!x.trim()).map((x) => x.trim()) : [];
  s.consentGuardNames = strings('consent.guardNames', (x) => IDENTIFIER.test(x), 'function or flag names (identifiers such as hasConsent or user.consented)');
  const call = config.get<unknown>('consent.guardCall');
  if (typeof call === 'string' && call.trim() && !/[\n;{}]/.test(call)) s.consentGuardCall = call.trim();
  else if (call !== undefined && call !== null) bad('consent.guardCall', call, 'one expression on one line, such as hasConsent(\'biometric\')', DEFAULTS.consentGuardCall);
  s.retentionDays = int('fix.retentionDays', DEFAULTS.retentionDays, 1, 3650, 'days');
  s.coordinateDecimals = int('fix.coordinateDecimals', DEFAULTS.coordinateDecimals, 0, 6, 'decimals');
  return { settings: s, problems };
}

/** Unknown rule ids in the severity setting, once the rule set is known. */
export function unknownSeverityRules(settings: ExtensionSettings, ruleIds: ReadonlySet<string>): string[] {
  return Object.keys(settings.severity)
    .filter((id) => !ruleIds.has(id))
    .map((id) => `Setting privacyByDesign.rules.severity names the rule '${id}', which does not exist; it is ignored.`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'missing';
  try {
    const j = JSON.stringify(v);
    return j.length > 60 ? j.slice(0, 57) + '...' : j;
  } catch {
    return String(v);
  }
}
