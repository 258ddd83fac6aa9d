// In-host tests: they run inside a real VS Code extension host (code-server 1.100.3, see
// scripts/real-vscode/) against the bundled extension (dist/extension.js) and a copy of
// test/vscode/fixtures/workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { SUMMARY_SECTIONS } from '../../../src/vscode/impactSummary';
import type { PrivacyByDesignApi } from '../../../src/vscode/extension';
import type { ScanReport } from '../../../src/vscode/scanWorkspace';

const EXT_ID = 'privacy-by-design.privacy-by-design';
const SOURCE = 'privacy-by-design';
const metrics: Record<string, number | string | undefined> = {};

function ws(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test runs with the fixture workspace open');
  return f.uri.fsPath;
}

function uriOf(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(ws(), rel));
}

async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A code-action request is cancelled when another provider registers meanwhile (built-in TypeScript starting up): retry. */
async function retryCanceled<T>(fn: () => Thenable<T>, tries = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || (e as Error).message !== 'Canceled') throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Our diagnostics on a file (optionally of one rule), in document order. */
function ours(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && (!ruleId || codeOf(d) === ruleId))
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** The list when it is not empty (for waitFor). */
function some<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  return vscode.window.showTextDocument(doc);
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return retryCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind));
}

async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function api(): PrivacyByDesignApi {
  const ext = vscode.extensions.getExtension<PrivacyByDesignApi>(EXT_ID);
  assert.ok(ext?.isActive, 'extension is active');
  return ext.exports;
}

suite('Privacy by Design in a real VS Code', () => {
  suiteSetup(() => {
    console.log(`vscode ${vscode.version}, appHost ${vscode.env.appHost}, node ${process.version}, workspace ${ws()}`);
  });

  suiteTeardown(() => {
    const file = process.env.PBD_METRICS_FILE;
    console.log(`metrics: ${JSON.stringify(metrics)}`);
    if (file) fs.writeFileSync(file, JSON.stringify(metrics, null, 2));
  });

  test('activates without loading the engine or the parser', async () => {
    const ext = vscode.extensions.getExtension<PrivacyByDesignApi>(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed as the development extension`);
    const exports = await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(typeof exports.activationMs, 'number');
    metrics.activationMs = exports.activationMs;
    assert.strictEqual(exports.stats().engineLoaded, false, 'activate only wires things up; the engine loads on the first analysis');
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['privacyByDesign.scanWorkspace', 'privacyByDesign.scanFile', 'privacyByDesign.clear', 'privacyByDesign.generateImpactSummary', 'privacyByDesign.showDocumentation']) {
      assert.ok(commands.includes(c), `command ${c} is registered`);
    }
  });

  test('an opened file gets diagnostics whose code links to the bundled rule documentation', async () => {
    const t0 = Date.now();
    const editor = await open('src/tracker.js');
    const [d] = await waitFor('location-watch diagnostic', () => some(ours(editor.document.uri, 'location-watch')));
    metrics.firstDiagnosticsMs = Date.now() - t0;
    metrics.engineLoadMs = api().stats().engineLoadMs;
    metrics.firstAnalysisMs = api().stats().firstAnalysisMs;
    await waitFor('the engine start to be recorded', () => api().stats().engineCodeCache);
    metrics.firstStartSteps = JSON.stringify(api().stats().engineStartSteps);
    assert.strictEqual(api().stats().engineLoaded, true);
    assert.strictEqual(editor.document.getText(d.range), 'watchPosition');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [4, 35]);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /tracks the person's position continuously/);
    assert.ok(typeof d.code === 'object', 'code carries a target');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.strictEqual(target.scheme, 'command');
    assert.strictEqual(target.path, 'privacyByDesign.showDocumentation');
    const args = JSON.parse(decodeURIComponent(target.query)) as string[];
    assert.deepStrictEqual(args, ['location-watch']);

    // Following the link opens the rule's page (a read-only virtual document) with the recommendations it serves.
    const docUri = await vscode.commands.executeCommand<string>(target.path, ...args);
    assert.ok(docUri, 'the documentation command returns the page it opened');
    const tab = await waitFor('the documentation tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /location-watch\.md/.test(t.label)), 10000).catch(() => undefined);
    assert.ok(tab, 'the page opens in the Markdown preview');
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'as a rendered preview');
    const page = await vscode.workspace.openTextDocument(vscode.Uri.parse(docUri));
    const text = page.getText();
    assert.match(text, /Establish necessity and proportionality before deploying/);
    assert.match(text, /POL 40\/7772\/2024/);
    const bundled = path.join(vscode.extensions.getExtension(EXT_ID)!.extensionPath, 'rules', 'location-watch.md');
    if (fs.existsSync(bundled)) assert.match(text, /^## Why$/m, 'the bundled doc page is shown');
    else assert.match(text, /^# Continuous location tracking/m, 'without a page, the rule title is shown');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('after a restart the engine starts again from its code cache', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('privacyByDesign.clear');
    await vscode.commands.executeCommand('privacyByDesign.restartEngine');
    assert.strictEqual(api().stats().engineLoaded, false, 'the worker is stopped');
    const t0 = Date.now();
    const editor = await open('src/faces.mjs');
    await waitFor('face-identification diagnostic', () => some(ours(editor.document.uri, 'face-identification')));
    metrics.secondStartFirstDiagnosticsMs = Date.now() - t0;
    metrics.secondStartEngineLoadMs = api().stats().engineLoadMs;
    await waitFor('the engine start to be recorded', () => api().stats().engineCodeCache);
    metrics.secondStartCodeCache = api().stats().engineCodeCache;
    metrics.secondStartSteps = JSON.stringify(api().stats().engineStartSteps);
    assert.strictEqual(api().stats().engineCodeCache, 'accepted', 'the restarted worker compiled its bundle from the code cache the first one saved');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('hovering a finding explains why it matters and names the recommendations', async () => {
    const editor = await open('src/tracker.js');
    const [d] = await waitFor('diagnostic', () => some(ours(editor.document.uri, 'location-watch')));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, d.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /It calls `navigator\.geolocation\.watchPosition`/);
    assert.match(text, /Why it matters to the person/);
    assert.match(text, /where a person lives/);
    assert.match(text, /Establish necessity and proportionality before deploying/);
    assert.match(text, /Minimise personal data and keep it secure/);
    assert.match(text, /command:privacyByDesign\.showDocumentation/);
  });

  test('a quick fix rewrites the call and the diagnostic goes away', async () => {
    const editor = await open('src/tracker.js');
    const doc = editor.document;
    const [d] = await waitFor('diagnostic', () => some(ours(doc.uri, 'location-watch')));
    const actions = await codeActions(doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    const once = actions.find((a) => /getCurrentPosition/.test(a.title));
    assert.ok(once?.edit, `a getCurrentPosition quick fix is offered (got: ${titles.join(' | ')})`);
    assert.ok(titles.includes('Suppress location-watch on this line with a justification'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for location-watch'), titles.join(' | '));
    assert.ok(actions.filter((a) => a.isPreferred).every((a) => !/getCurrentPosition/.test(a.title)), 'a behaviour-changing suggestion is never preferred');
    assert.ok(await vscode.workspace.applyEdit(once.edit));
    assert.match(doc.lineAt(4).text, /^  navigator\.geolocation\.getCurrentPosition\(\(pos\) => \{$/);
    assert.doesNotMatch(doc.getText(), /clearWatch\(id\)/, 'the clearWatch of the one-shot watch goes too');
    await waitFor('only the other watch to remain after re-analysis', () => ours(doc.uri, 'location-watch').length === 1);
    assert.ok(ours(doc.uri, 'location-watch')[0].range.start.line > 4);
    await revertAndClose(editor);
  });

  test('suppress with justification inserts the comment as a snippet and silences the finding', async () => {
    const editor = await open('src/faces.mjs');
    const doc = editor.document;
    const [d] = await waitFor('face-identification diagnostic', () => some(ours(doc.uri, 'face-identification')));
    const actions = await codeActions(doc.uri, d.range);
    const docFix = actions.find((a) => a.title.startsWith('Verify against one claimed identity'));
    assert.ok(docFix && !docFix.edit && docFix.command?.command === 'privacyByDesign.showDocumentation', 'a documentation-only fix opens the docs instead of editing');
    const suppress = actions.find((a) => a.title === 'Suppress face-identification on this line with a justification');
    assert.ok(suppress?.edit, actions.map((a) => a.title).join(' | '));
    const line = d.range.start.line;
    const indent = /^\s*/.exec(doc.lineAt(line).text)![0];
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    assert.strictEqual(doc.lineAt(line).text, `${indent}// privacy-by-design-disable-next-line face-identification -- justification`);
    assert.match(doc.lineAt(line + 1).text, /new SearchFacesByImageCommand/);
    await waitFor('the suppressed finding to disappear', () => ours(doc.uri, 'face-identification').length === 0);
    assert.strictEqual(ours(doc.uri, 'suppression-invalid').length, 0, 'a justified suppression is valid');
    await revertAndClose(editor);
  });

  test('fix-all (source.fixAll.privacyByDesign) applies safe fixes only', async () => {
    const editor = await open('src/tracker.js');
    const doc = editor.document;
    await waitFor('diagnostic', () => ours(doc.uri, 'location-watch').length);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, whole, 'source.fixAll.privacyByDesign');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.privacyByDesign');
    assert.ok(fixAll?.edit, `a fix-all action is offered (got: ${actions.map((a) => `${a.kind?.value}:${a.title}`).join(' | ')})`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const after = doc.getText();
    assert.notStrictEqual(after, before);
    assert.match(after, /const watchId = navigator\.geolocation\.watchPosition\(/, 'the safe fix keeps the watch id');
    assert.match(after, /return \(\) => navigator\.geolocation\.clearWatch\(watchId\);/, 'the safe fix clears the watch on cleanup');
    assert.doesNotMatch(after, /getCurrentPosition/, 'the behaviour-changing suggestion is not applied');
    await revertAndClose(editor);
  });

  test('the workspace scan reports files that were never opened and honours .gitignore', async () => {
    const vue = uriOf('src/Tracker.vue');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === vue.toString()), 'Tracker.vue is not open');
    assert.strictEqual(ours(vue).length, 0, 'no diagnostics before the scan');
    const report = await vscode.commands.executeCommand<ScanReport>('privacyByDesign.scanWorkspace');
    assert.ok(report && !report.cancelled, 'the scan completes');
    assert.ok(report.filesScanned >= 7, `files scanned: ${report.filesScanned}`);
    const [d] = ours(vue, 'location-watch');
    assert.ok(d, 'Tracker.vue, never opened, has its finding in the Problems panel');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [8, 26]);
    assert.ok(!vscode.workspace.textDocuments.some((x) => x.uri.toString() === vue.toString()), 'the scan did not open the file');
    assert.ok(ours(uriOf('src/faces.mjs'), 'face-identification').length, 'faces.mjs is reported');
    assert.strictEqual(ours(uriOf('ignored/tracker.js')).length, 0, 'a file ignored by .gitignore is not reported');
    assert.ok(Object.keys(report.excluded).some((why) => why.includes('.gitignore')), `excluded: ${JSON.stringify(report.excluded)}`);
    assert.ok((report.byFamily.location ?? 0) >= 2 && (report.byFamily.biometric ?? 0) >= 1, JSON.stringify(report.byFamily));
    assert.ok(report.suppressed >= 1, 'the justified suppression in suppressed.js is counted');

    // Cross-file flow: the position comes from position.js and leaves through fetch in report.js.
    const [shared] = ours(uriOf('src/report.js'), 'sensitive-data-shared');
    assert.ok(shared, 'report.js sends the position obtained in position.js');
    const rel = shared.relatedInformation?.[0];
    assert.ok(rel, 'relatedInformation points at where the position comes from');
    assert.strictEqual(rel.location.uri.fsPath, uriOf('src/position.js').fsPath);
    assert.strictEqual(rel.location.range.start.line, 2);
    assert.match(rel.message, /position obtained here/);
  });

  test('a re-scan takes unchanged files from the result cache with the same diagnostics; a changed file is analysed again', async () => {
    const snapshot = () =>
      vscode.languages
        .getDiagnostics()
        .map(([uri, list]) => [
          vscode.workspace.asRelativePath(uri),
          list.filter((d) => d.source === SOURCE).map((d) => [codeOf(d), d.severity, d.message, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, (d.relatedInformation ?? []).map((r) => [r.location.uri.fsPath, r.location.range.start.line, r.message])]),
        ])
        .filter(([, list]) => list.length)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const scan = () => vscode.commands.executeCommand<ScanReport>('privacyByDesign.scanWorkspace');
    const first = await scan();
    const before = snapshot();
    const second = await scan();
    assert.ok(second.fromCache >= 1, `files from the cache: ${second.fromCache}`);
    assert.deepStrictEqual(snapshot(), before);
    assert.deepStrictEqual([second.filesScanned, second.findings, second.suppressed], [first.filesScanned, first.findings, first.suppressed]);

    // Tracker.vue is never opened by these tests: the scan reads it from disk.
    const vue = uriOf('src/Tracker.vue');
    const original = fs.readFileSync(vue.fsPath, 'utf8');
    assert.strictEqual(ours(vue, 'location-watch').length, 1);
    try {
      fs.writeFileSync(vue.fsPath, original.replace('</script>', 'navigator.geolocation.watchPosition(() => undefined);\n</script>'));
      const changed = await scan();
      assert.strictEqual(changed.fromCache, second.fromCache - 1, 'only the changed file is analysed again');
      assert.strictEqual(ours(vue, 'location-watch').length, 2);
    } finally {
      fs.writeFileSync(vue.fsPath, original);
    }
    const restored = await scan();
    assert.strictEqual(restored.fromCache, second.fromCache);
    assert.deepStrictEqual(snapshot(), before);
  });

  test('after a scan, editing a file keeps its cross-file findings', async () => {
    const editor = await open('src/report.js');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// edited\n'));
    const count = await vscode.commands.executeCommand<number>('privacyByDesign.scanFile', editor.document.uri);
    assert.ok((count ?? 0) >= 1);
    const [shared] = ours(editor.document.uri, 'sensitive-data-shared');
    assert.ok(shared, 'the flow from position.js is still reported');
    assert.strictEqual(shared.range.start.line, 6, 'on the edited text');
    await revertAndClose(editor);
  });

  test('after a scan, saving a file that stops passing a position on updates the open files that import it', async () => {
    const report = await open('src/report.js');
    await waitFor('the cross-file finding in report.js', () => some(ours(report.document.uri, 'sensitive-data-shared')));
    const position = await open('src/position.js');
    const original = position.document.getText();
    const all = () => new vscode.Range(position.document.positionAt(0), position.document.positionAt(position.document.getText().length));
    try {
      await position.edit((b) => b.replace(all(), 'export function currentPosition() {\n  return Promise.resolve({ coords: { latitude: 0, longitude: 0 } });\n}\n'));
      assert.ok(await position.document.save(), 'position.js saved');
      await waitFor('report.js to lose the flow', () => ours(report.document.uri, 'sensitive-data-shared').length === 0);
    } finally {
      await position.edit((b) => b.replace(all(), original));
      await position.document.save();
    }
    await waitFor('the flow to come back with the original text', () => some(ours(report.document.uri, 'sensitive-data-shared')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the findings view groups findings by recommendation, rule and file', async () => {
    await vscode.commands.executeCommand('privacyByDesign.findings.focus');
    const tree = api().findingsTree();
    const nec = tree.find((r) => r.id === 'necessity-proportionality');
    assert.ok(nec && nec.count >= 2, JSON.stringify(tree.map((r) => [r.id, r.count])));
    const watch = nec.rules.find((r) => r.id === 'location-watch');
    assert.ok(watch, 'location-watch is listed under necessity-proportionality');
    assert.deepStrictEqual(watch.files.map((f) => f.path).sort(), ['src/Tracker.vue', 'src/tracker.js']);
    assert.ok(tree.some((r) => r.id === 'no-remote-biometric-identification' && r.rules.some((x) => x.id === 'face-identification')));
    const total = tree.reduce((n, r) => n + r.rules.reduce((m, x) => m + x.count, 0), 0);
    assert.ok(total >= tree.length);
  });

  test('the impact summary has every section and the evidence of the scan', async () => {
    const uri = await vscode.commands.executeCommand<string>('privacyByDesign.generateImpactSummary');
    assert.ok(uri, 'the command returns the draft it opened');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, 'the draft is open in an editor');
    assert.strictEqual(doc.languageId, 'markdown');
    const text = doc.getText();
    let last = -1;
    for (const h of SUMMARY_SECTIONS) {
      const at = text.indexOf(`\n${h}\n`);
      assert.ok(at > last, `section '${h}' present and in order`);
      last = at;
    }
    const section = (n: number) => text.slice(text.indexOf(SUMMARY_SECTIONS[n]), n + 1 < SUMMARY_SECTIONS.length ? text.indexOf(SUMMARY_SECTIONS[n + 1]) : undefined);
    assert.match(section(1), /### Location data[\s\S]*`src\/Tracker\.vue:9`/);
    assert.match(section(1), /### Biometric data[\s\S]*`src\/faces\.mjs:6`/);
    assert.match(section(3), /@aws-sdk\/client-rekognition/);
    assert.match(section(3), /`src\/report\.js:6`: 'fetch' sends the/);
    assert.match(section(4), /`src\/suppressed\.js:4` \| `location-watch` \| kiosk demo map, the position never leaves the device/);
    for (const q of ['Necessity and proportionality', 'Consent and information', 'Data minimisation and security', 'Retention limits', 'Remedy']) assert.match(section(5), new RegExp(`### ${q}`));
    assert.match(section(6), /no-remote-biometric-identification/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a look-alike file (local functions named like location APIs) stays clean', async () => {
    const editor = await open('src/lookalike.js');
    const count = await vscode.commands.executeCommand<number>('privacyByDesign.scanFile', editor.document.uri);
    assert.strictEqual(count, 0);
    assert.deepStrictEqual(ours(editor.document.uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`), []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('settings: a severity override applies, and invalid values fall back without breaking analysis', async () => {
    const config = vscode.workspace.getConfiguration('privacyByDesign');
    const editor = await open('src/tracker.js');
    const uri = editor.document.uri;
    try {
      await config.update('rules.severity', { 'location-watch': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('severity error', () => ours(uri, 'location-watch')[0]?.severity === vscode.DiagnosticSeverity.Error);
      await config.update('rules.severity', { 'location-watch': 'loud' }, vscode.ConfigurationTarget.Workspace);
      await config.update('fix.retentionDays', 'forever', vscode.ConfigurationTarget.Workspace);
      await waitFor('default severity again', () => ours(uri, 'location-watch')[0]?.severity === vscode.DiagnosticSeverity.Warning);
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitFor('diagnostics cleared when disabled', () => ours(uri).length === 0);
    } finally {
      for (const key of ['rules.severity', 'fix.retentionDays', 'enable']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('diagnostics back when enabled', () => ours(uri, 'location-watch').length === 2);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a rule folder from the (trusted) workspace settings loads, with its own documentation page', async () => {
    const config = vscode.workspace.getConfiguration('privacyByDesign');
    const editor = await open('src/beacon.js');
    const uri = editor.document.uri;
    assert.strictEqual(await vscode.commands.executeCommand<number>('privacyByDesign.scanFile', uri), 0, 'no bundled rule reports a plain beacon');
    try {
      await config.update('rules.folders', ['team-rules'], vscode.ConfigurationTarget.Workspace);
      const [d] = await waitFor('the custom rule to report', () => some(ours(uri, 'team-no-beacon')));
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Information);
      assert.strictEqual(editor.document.getText(d.range), 'sendBeacon');
      const docUri = await vscode.commands.executeCommand<string>('privacyByDesign.showDocumentation', 'team-no-beacon');
      const page = (await vscode.workspace.openTextDocument(vscode.Uri.parse(docUri))).getText();
      assert.match(page, /^## Why$/m);
      assert.match(page, /Our telemetry client checks the person's choice/);
      assert.match(page, /Let people know about, give, withdraw and challenge data collection/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await config.update('rules.folders', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the custom rule to go with the setting', () => ours(uri, 'team-no-beacon').length === 0);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a file over 150 KiB is analysed when opened and saved, not after every change', async () => {
    const rel = 'src/large-generated.js';
    const file = uriOf(rel).fsPath;
    let body = 'navigator.geolocation.watchPosition(() => undefined);\n';
    for (let i = 0; body.length <= 160 * 1024; i++) body += `export const value${i} = ${i};\n`;
    fs.writeFileSync(file, body);
    try {
      const editor = await open(rel);
      const doc = editor.document;
      await waitFor('the finding of the opened file', () => ours(doc.uri, 'location-watch').length === 1);
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'navigator.geolocation.watchPosition(() => undefined);\n'));
      // Five debounce periods: an edit of a small file would have been analysed by now.
      await new Promise((r) => setTimeout(r, 1500));
      assert.strictEqual(ours(doc.uri, 'location-watch').length, 1, 'the edit alone does not re-analyse the large file');
      await doc.save();
      await waitFor('both findings after the save', () => ours(doc.uri, 'location-watch').length === 2);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('closing a file that no scan owns clears its diagnostics', async () => {
    await vscode.commands.executeCommand('privacyByDesign.clear');
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'navigator.geolocation.watchPosition(() => {});\n' });
    await vscode.window.showTextDocument(doc);
    await waitFor('diagnostic on the untitled file', () => some(ours(doc.uri, 'location-watch')));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('diagnostics cleared on close', () => ours(doc.uri).length === 0, 30000);
  });

  test('clear removes every finding', async () => {
    await vscode.commands.executeCommand('privacyByDesign.clear');
    await waitFor('no findings', () => vscode.languages.getDiagnostics().every(([, ds]) => ds.every((d) => d.source !== SOURCE)));
    assert.deepStrictEqual(api().findingsTree(), []);
  });
});
