// Settings and .http-guard.json take effect in open editors without a reload: a rule set
// to off or to another severity, the whole extension disabled, and the config file's
// rules and ignore globs honoured.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ready, closeAllEditors, codeOf, createFile, openFile, ours, setSetting, waitForDiagnostics, workspaceUri, describeDiagnostics } from './helpers';
import * as assert from 'node:assert/strict';

const fixture = () => fs.readFileSync(workspaceUri('e2e/retry.js').fsPath, 'utf8');
const has = (code: string) => (list: vscode.Diagnostic[]) => list.some((d) => codeOf(d) === code);
const lacks = (code: string) => (list: vscode.Diagnostic[]) => !list.some((d) => codeOf(d) === code);

suite('settings', () => {
	suiteSetup(ready);
	teardown(async () => {
		await setSetting('rules', undefined);
		await setSetting('enable', undefined);
	});
	suiteTeardown(closeAllEditors);

	test('httpGuard.rules: a rule set to off disappears, and comes back when unset', async () => {
		const editor = await createFile('e2e/settings-off.js', fixture());
		const uri = editor.document.uri;
		await waitForDiagnostics(uri, 'tight-retry-loop', has('tight-retry-loop'));
		await setSetting('rules', { 'tight-retry-loop': 'off' });
		await waitForDiagnostics(uri, 'tight-retry-loop gone, retry-on-auth-failure kept', (list) => lacks('tight-retry-loop')(list) && has('retry-on-auth-failure')(list));
		await setSetting('rules', undefined);
		await waitForDiagnostics(uri, 'tight-retry-loop back', has('tight-retry-loop'));
	});

	test('httpGuard.rules: a severity change applies live', async () => {
		const editor = await createFile('e2e/settings-severity.js', fixture());
		const uri = editor.document.uri;
		await waitForDiagnostics(uri, 'tight-retry-loop as an error', (list) => list.some((d) => codeOf(d) === 'tight-retry-loop' && d.severity === vscode.DiagnosticSeverity.Error));
		await setSetting('rules', { 'tight-retry-loop': 'hint' });
		await waitForDiagnostics(uri, 'tight-retry-loop as a hint', (list) => list.some((d) => codeOf(d) === 'tight-retry-loop' && d.severity === vscode.DiagnosticSeverity.Hint));
	});

	test('httpGuard.enable: false clears every diagnostic; true brings them back', async () => {
		const editor = await createFile('e2e/settings-enable.js', fixture());
		const uri = editor.document.uri;
		await waitForDiagnostics(uri, 'findings', (list) => list.length > 0);
		await setSetting('enable', false);
		await waitForDiagnostics(uri, 'no findings', (list) => list.length === 0);
		await setSetting('enable', undefined);
		await waitForDiagnostics(uri, 'findings again', (list) => list.length > 0);
	});
});

// The fixtures carry their own e2e/.http-guard.json ({}), the nearest config for them, so
// these tests neither depend on nor disturb a config that examples/ may have at its root.
suite('.http-guard.json', () => {
	const configUri = () => workspaceUri('e2e/.http-guard.json');
	const writeConfig = (config: unknown) => vscode.workspace.fs.writeFile(configUri(), Buffer.from(JSON.stringify(config, null, 2), 'utf8'));

	suiteSetup(ready);
	teardown(() => writeConfig({}));
	suiteTeardown(closeAllEditors);

	test('its rules apply to a file opened after it is written', async () => {
		await writeConfig({ rules: { 'retry-on-auth-failure': 'off', 'tight-retry-loop': 'warning' } });
		const editor = await createFile('e2e/config-new.js', fixture());
		await waitForDiagnostics(editor.document.uri, 'tight-retry-loop as a warning and no retry-on-auth-failure', (list) =>
			list.some((d) => codeOf(d) === 'tight-retry-loop' && d.severity === vscode.DiagnosticSeverity.Warning) && lacks('retry-on-auth-failure')(list),
		);
	});

	test('editing it updates the files already open', async () => {
		const editor = await createFile('e2e/config-open.js', fixture());
		const uri = editor.document.uri;
		await waitForDiagnostics(uri, 'retry-on-auth-failure', has('retry-on-auth-failure'));
		await writeConfig({ rules: { 'retry-on-auth-failure': 'off' } });
		await waitForDiagnostics(uri, 'retry-on-auth-failure gone', lacks('retry-on-auth-failure'));
		await writeConfig({});
		await waitForDiagnostics(uri, 'retry-on-auth-failure back', has('retry-on-auth-failure'));
	});

	test('the workspace setting overrides the file', async () => {
		await writeConfig({ rules: { 'tight-retry-loop': 'off' } });
		const editor = await createFile('e2e/config-override.js', fixture());
		const uri = editor.document.uri;
		await waitForDiagnostics(uri, 'findings without tight-retry-loop', (list) => list.length > 0 && lacks('tight-retry-loop')(list));
		await setSetting('rules', { 'tight-retry-loop': 'error' });
		try {
			await waitForDiagnostics(uri, 'tight-retry-loop from the setting', has('tight-retry-loop'));
		} finally {
			await setSetting('rules', undefined);
		}
	});

	test('its ignore globs skip matching files', async () => {
		const sentinel = await createFile('e2e/not-ignored-1.js', fixture());
		await waitForDiagnostics(sentinel.document.uri, 'retry-on-auth-failure', has('retry-on-auth-failure'));
		// The rule change shows when the server has read this config; the ignore glob then holds.
		// Globs are relative to the config file's folder (e2e/).
		await writeConfig({ ignore: ['ignored/**'], rules: { 'retry-on-auth-failure': 'off' } });
		await waitForDiagnostics(sentinel.document.uri, 'the config to be read', lacks('retry-on-auth-failure'));
		const ignored = await createFile('e2e/ignored/retry.js', fixture());
		// A file opened after the ignored one shows findings: by then the ignored one was seen.
		const later = await createFile('e2e/not-ignored-2.js', fixture());
		await waitForDiagnostics(later.document.uri, 'findings in the file that is not ignored', (list) => list.length > 0);
		assert.equal(ours(ignored.document.uri).length, 0, describeDiagnostics(ours(ignored.document.uri)));
		await openFile('e2e/retry.js');
	});
});
