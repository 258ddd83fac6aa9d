import * as fs from 'fs';
import * as path from 'path';
import { bundledRulesDir, DEFAULT_MAX_FILE_BYTES, projectAliases, ENGINE_VERSION, isCacheDir, listFiles, loadRuleSet, openResultCache, prefilterStoreIn, scanKey, prepareRules, scanPaths, setPrefilterStore, SEVERITIES, type Finding, type FileError, type Severity, type SkippedFile } from '../engine';
import { globProblem } from '../engine/patterns';
import { defaultDocsBase, formatJson, formatSarif, formatText, severityAtLeast, type Report } from './reporters';

// For tools that load this module (the bench): whether this process loaded the TypeScript parser.
export { isParserLoaded } from '../engine/parse';

export const USAGE = `Usage: privacy-by-design scan [paths...] [options]

Scans JavaScript/TypeScript (and the scripts of .vue, .svelte, .html files) for biometric
capture, face matching, emotion inference, location tracking and unbounded retention.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --include GLOB             only scan files matching GLOB (repeatable; minimatch)
  --exclude GLOB             skip files matching GLOB (repeatable; added to the defaults)
  --rules DIR                load extra rule files from DIR (repeatable)
  --fail-on LEVEL            error|warning|info|none: exit 1 when an unsuppressed finding
                             is at or above LEVEL (default: warning)
  --severity RULE=LEVEL      override a rule's severity (error|warning|info|hint|off; repeatable)
  --max-file-size BYTES      skip larger files (default: 2097152)
  --include-minified         analyse files that look minified instead of skipping them
  --time-budget MS           per-file analysis time limit; a file past it is reported as skipped
                             (default: 15000; 0: no limit)
  --no-gitignore             do not honour .gitignore files
  --cache [DIR]              reuse the results of unchanged files, kept in DIR (default: .pbd-cache);
                             the next argument is taken as DIR only if it does not exist yet
                             or is a cache folder already (else use --cache=DIR)
  --docs-url BASE            base URL for rule documentation links in SARIF
  --quiet                    print nothing but the report (no progress, no summary on stderr)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no findings at or above --fail-on; 1 findings at or above it; 2 usage or configuration error.
`;

export class UsageError extends Error {}

interface CliOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  include: string[];
  exclude: string[];
  rules: string[];
  failOn: Severity | 'none';
  severity: Record<string, Severity | 'off'>;
  maxFileBytes?: number;
  timeBudgetMs?: number;
  includeMinified: boolean;
  gitignore: boolean;
  docsUrl?: string;
  quiet: boolean;
  cache?: string;
}

function checkGlob(g: string, flag: string): string {
  const problem = globProblem(g);
  if (problem) throw new UsageError(`invalid glob for ${flag}: '${g}' (${problem})`);
  return g;
}

export function parseArgs(argv: string[], cwd = process.cwd()): CliOptions | 'help' | 'version' {
  const o: CliOptions = { paths: [], format: 'text', include: [], exclude: [], rules: [], failOn: 'warning', severity: {}, includeMinified: false, gitignore: true, quiet: false };
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help') return 'help';
  if (args[0] === '-v' || args[0] === '--version') return 'version';
  if (args[0] !== 'scan') throw new UsageError(args[0] === undefined ? 'missing command: use `privacy-by-design scan [paths...]`' : `unknown command '${args[0]}': use 'scan'`);
  args.shift();
  const value = (flag: string, inline: string | undefined): string => {
    const v = inline ?? args.shift();
    if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (args.length) {
    const a = args.shift()!;
    if (!a.startsWith('-') || a === '-') {
      o.paths.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    const inline = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : undefined;
    switch (flag) {
      case '--format': {
        const v = value(flag, inline);
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`invalid --format '${v}': use text, json or sarif`);
        o.format = v;
        break;
      }
      case '--output':
      case '-o':
        o.output = value(flag, inline);
        break;
      case '--include':
        o.include.push(checkGlob(value(flag, inline), flag));
        break;
      case '--exclude':
        o.exclude.push(checkGlob(value(flag, inline), flag));
        break;
      case '--rules':
        o.rules.push(value(flag, inline));
        break;
      case '--fail-on': {
        const v = value(flag, inline);
        if (v !== 'none' && !SEVERITIES.includes(v as Severity)) throw new UsageError(`invalid --fail-on '${v}': use error, warning, info, hint or none`);
        o.failOn = v as Severity | 'none';
        break;
      }
      case '--severity': {
        const v = value(flag, inline);
        const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(v);
        if (!m) throw new UsageError(`invalid --severity '${v}': use RULE-ID=error|warning|info|hint|off`);
        o.severity[m[1]] = m[2] as Severity | 'off';
        break;
      }
      case '--max-file-size': {
        const v = value(flag, inline);
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) throw new UsageError(`invalid --max-file-size '${v}': use a positive number of bytes`);
        o.maxFileBytes = n;
        break;
      }
      case '--time-budget': {
        const v = value(flag, inline);
        const n = Number(v);
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`invalid --time-budget '${v}': use a number of milliseconds (0: no limit)`);
        o.timeBudgetMs = n;
        break;
      }
      case '--include-minified':
        o.includeMinified = true;
        break;
      case '--no-gitignore':
        o.gitignore = false;
        break;
      case '--cache': {
        const next = args[0];
        const isDir = next !== undefined && !next.startsWith('-') && (!fs.existsSync(path.resolve(cwd, next)) || isCacheDir(path.resolve(cwd, next)));
        o.cache = inline || (isDir ? args.shift()! : '.pbd-cache');
        break;
      }
      case '--docs-url':
        o.docsUrl = value(flag, inline);
        break;
      case '--quiet':
      case '-q':
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        return 'help';
      case '--version':
      case '-v':
        return 'version';
      default:
        throw new UsageError(`unknown option '${a}'`);
    }
  }
  if (!o.paths.length) o.paths.push('.');
  return o;
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  cwd: string;
  /**
   * The folder for the compiled prefilter of the rules (the launcher passes its compile-cache folder, asked
   * for on first use): building it takes about 0.1 s of every start, reading it a few ms. Unset: built in
   * this process only.
   */
  prefilterStore?: string | (() => string | undefined);
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export function runCli(argv: string[], io: CliIo): number {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv, io.cwd);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`privacy-by-design: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (opts === 'version') {
    io.stdout(ENGINE_VERSION + '\n');
    return 0;
  }
  for (const p of opts.paths) {
    if (!fs.existsSync(path.resolve(io.cwd, p))) {
      io.stderr(`privacy-by-design: path not found: '${p}'\n`);
      return 2;
    }
  }
  for (const d of opts.rules) {
    if (!fs.existsSync(path.resolve(io.cwd, d)) || !fs.statSync(path.resolve(io.cwd, d)).isDirectory()) {
      io.stderr(`privacy-by-design: --rules '${d}' is not a folder\n`);
      return 2;
    }
  }
  const started = Date.now();
  setPrefilterStore(io.prefilterStore ? prefilterStoreIn(io.prefilterStore, ENGINE_VERSION) : undefined);
  const ruleSet = loadRuleSet(opts.rules.map((d) => path.resolve(io.cwd, d)));
  let configError = false;
  for (const e of ruleSet.errors) {
    io.stderr(`privacy-by-design: rule error in ${path.relative(io.cwd, e.file) || e.file}${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}\n`);
    configError = true;
  }
  for (const id of Object.keys(opts.severity)) {
    if (!ruleSet.rules.some((r) => r.id === id)) {
      io.stderr(`privacy-by-design: --severity names an unknown rule '${id}'\n`);
      return 2;
    }
  }
  const cache = opts.cache ? openResultCache(path.resolve(io.cwd, opts.cache), { ruleSet }, { severityOverrides: opts.severity }, ENGINE_VERSION) : undefined;
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const progress = io.isTTY && !opts.quiet;
  let total = 0;
  // With --cache, a re-scan of an unchanged tree (same files, same contents) is answered from the cache without parsing.
  // The listing for the tree key is handed to the scan, so a cold run with --cache lists the tree once.
  const listedSkipped: SkippedFile[] = [];
  const listed = cache ? listFiles(opts.paths, io.cwd, { include: opts.include, exclude: opts.exclude, gitignore: opts.gitignore }, listedSkipped) : undefined;
  // The project's path aliases (tsconfig/jsconfig `paths`) are not scanned files but change what imports resolve to.
  const aliases = listed ? projectAliases(listed, opts.paths, io.cwd) : undefined;
  const treeKey = listed ? scanKey(listed, io.cwd, [opts.paths, opts.include, opts.exclude, opts.includeMinified, opts.gitignore, aliases?.entries ?? null], opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES) : undefined;
  const previous = treeKey ? cache?.getScan(treeKey) : undefined;
  if (previous) {
    findings.push(...previous.findings);
    errors.push(...previous.errors);
  }
  // The rules are compiled only when something is to be analysed.
  const summary = previous ?? scanPaths(
    opts.paths,
    prepareRules(ruleSet),
    {
      include: opts.include,
      exclude: opts.exclude,
      maxFileBytes: opts.maxFileBytes,
      timeBudgetMs: opts.timeBudgetMs,
      includeMinified: opts.includeMinified,
      gitignore: opts.gitignore,
      severityOverrides: opts.severity,
      keepResults: false,
      cache,
      listed: listed && { files: listed, skipped: listedSkipped },
      // Found once for the tree key; the scan uses the same.
      aliases,
      onStart: (n) => (total = n),
      onFile: (r, i) => {
        findings.push(...r.findings);
        errors.push(...r.errors);
        if (progress && (i % 25 === 0 || i + 1 === total)) io.stderr(`\rscanning ${i + 1}/${total} files`);
      },
    },
    io.cwd,
  );
  if (progress) io.stderr('\r\u001b[K');
  if (treeKey && !previous) cache?.setScan(treeKey, { findings, errors, skipped: summary.skipped, filesScanned: summary.filesScanned });
  if (cache && !cache.save() && !opts.quiet) io.stderr(`privacy-by-design: cannot write the cache in '${opts.cache}'\n`);
  const report: Report = {
    toolName: 'privacy-by-design',
    toolVersion: ENGINE_VERSION,
    findings,
    errors,
    skipped: summary.skipped,
    filesScanned: summary.filesScanned,
    durationMs: Date.now() - started,
    ruleSet,
    docsBase: opts.docsUrl ?? defaultDocsBase(bundledRulesDir()),
    cwd: io.cwd,
  };
  let out: string;
  if (opts.format === 'json') out = formatJson(report);
  else if (opts.format === 'sarif') out = formatSarif(report, lineReader(io.cwd));
  else out = formatText(report, io.isTTY && !opts.output && !process.env.NO_COLOR);
  if (opts.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, opts.output), out);
    } catch (e) {
      io.stderr(`privacy-by-design: cannot write --output '${opts.output}': ${(e as Error).message}\n`);
      return 2;
    }
    if (!opts.quiet) io.stderr(`privacy-by-design: wrote ${opts.format} report to ${opts.output} (${findings.filter((f) => !f.suppressed).length} findings)\n`);
  } else io.stdout(out);
  if (configError) return 2;
  if (opts.failOn === 'none') return 0;
  const threshold = opts.failOn;
  return findings.some((f) => !f.suppressed && severityAtLeast(f.severity, threshold)) ? 1 : 0;
}

function lineReader(cwd: string): (file: string, line: number) => string {
  const cache = new Map<string, string[]>();
  return (file, line) => {
    let lines = cache.get(file);
    if (!lines) {
      try {
        lines = fs.readFileSync(path.resolve(cwd, file), 'utf8').split(/\r\n|\r|\n/);
      } catch {
        lines = [];
      }
      cache.set(file, lines);
    }
    return lines[line - 1] ?? '';
  };
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stderr.isTTY,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
