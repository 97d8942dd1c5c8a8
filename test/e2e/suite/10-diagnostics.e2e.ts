// Diagnostics in the real editor: every served language activates the extension, and
// each workspace file shows exactly the findings the core computes for it (codes, ranges,
// severities), with source 'http-guard'. Expectations come from test/e2e/expect.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, closeAllEditors, ready, codeOf, describeDiagnostics, expectations, type ExpectedDiagnostic, openFile, ours, rangeText, waitForDiagnostics, workspaceUri } from './helpers';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	information: vscode.DiagnosticSeverity.Information,
	hint: vscode.DiagnosticSeverity.Hint,
};

function key(code: string, range: vscode.Range | ExpectedDiagnostic['range'], severity?: vscode.DiagnosticSeverity | string): string {
	const r = Array.isArray(range) ? `${range[0]}:${range[1]}-${range[2]}:${range[3]}` : rangeText(range);
	const s = typeof severity === 'string' ? SEVERITY[severity] : severity;
	return `${code}@${r}#${s}`;
}

function keys(diagnostics: readonly vscode.Diagnostic[]): string {
	return diagnostics
		.map((d) => key(codeOf(d), d.range, d.severity))
		.sort()
		.join(', ');
}

const expected = expectations();
const withFindings = Object.entries(expected.files).filter(([, file]) => file.diagnostics.length > 0);
const withoutFindings = Object.entries(expected.files).filter(([, file]) => file.diagnostics.length === 0);

suite('diagnostics', () => {
	suiteSetup(ready);
	suiteTeardown(closeAllEditors);

	test('the manifest activates on every served language and on logs', async () => {
		const extension = await activeExtension();
		const events: string[] = extension.packageJSON.activationEvents ?? [];
		for (const language of [...expected.servedLanguages, 'log']) {
			assert.ok(events.includes(`onLanguage:${language}`), `no onLanguage:${language} in activationEvents ${JSON.stringify(events)}`);
		}
	});

	test('the fixture has a tight-retry-loop error on the while header (documented behaviour)', async () => {
		const editor = await openFile('e2e/retry.js');
		const line = editor.document.getText().split('\n').findIndex((text) => text.includes('while (attempt++ < 5)'));
		const diagnostics = await waitForDiagnostics(editor.document.uri, 'a tight-retry-loop', (list) => list.some((d) => codeOf(d) === 'tight-retry-loop'));
		const loop = diagnostics.find((d) => codeOf(d) === 'tight-retry-loop')!;
		assert.equal(loop.range.start.line, line, `tight-retry-loop at ${rangeText(loop.range)}`);
		assert.equal(loop.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(loop.source, 'http-guard');
		assert.ok(loop.message.length > 10, 'the message says what is wrong');
	});

	test('the Python fixture has missing-request-timeout on requests.get (documented behaviour)', async () => {
		const editor = await openFile('e2e/timeout.py');
		assert.equal(editor.document.languageId, 'python');
		const line = editor.document.getText().split('\n').findIndex((text) => text.includes('requests.get(url)'));
		const diagnostics = await waitForDiagnostics(editor.document.uri, 'a missing-request-timeout', (list) => list.some((d) => codeOf(d) === 'missing-request-timeout'));
		const finding = diagnostics.find((d) => codeOf(d) === 'missing-request-timeout')!;
		assert.equal(finding.range.start.line, line, `missing-request-timeout at ${rangeText(finding.range)}`);
	});

	test('every served language has a workspace file with findings, so each is exercised below', () => {
		const exercised = new Set(withFindings.map(([, file]) => file.language));
		const missing = expected.servedLanguages.filter((language) => !exercised.has(language));
		assert.deepEqual(missing, [], `the core finds nothing in any workspace file of: ${missing.join(', ')}`);
	});

	for (const [file, { language, diagnostics }] of withFindings) {
		test(`${file} (${language}): ${diagnostics.map((d) => d.code).join(', ')}`, async () => {
			const editor = await openFile(file);
			assert.equal(editor.document.languageId, language, 'VS Code and HTTP Guard agree on the language');
			const want = diagnostics
				.map((d) => key(d.code, d.range, d.severity))
				.sort()
				.join(', ');
			await waitForDiagnostics(editor.document.uri, `exactly [${want}]`, (list) => keys(list) === want);
		});
	}

	test('files without findings show none', async function () {
		if (withoutFindings.length === 0) this.skip();
		// Files are analysed in the order they open; once a file with findings opened after
		// them shows its diagnostics, the clean ones have been analysed too.
		for (const [file] of withoutFindings) await openFile(file);
		const sentinel = await openFile('e2e/retry.js');
		await waitForDiagnostics(sentinel.document.uri, 'the sentinel diagnostics', (list) => list.length > 0);
		for (const [file] of withoutFindings) {
			const uri = workspaceUri(file);
			assert.equal(ours(uri).length, 0, `${file}: ${describeDiagnostics(ours(uri))}`);
		}
	});
});
