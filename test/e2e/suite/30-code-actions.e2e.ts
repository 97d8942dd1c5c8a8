// Quick fixes through the real code action providers: the disable-comment action and
// the preferred fix for a tight retry loop, each applied as VS Code would apply it, and
// the diagnostic then gone. Each test works on its own copy of the fixture.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ready, closeAllEditors, codeOf, createFile, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

let copies = 0;
async function freshRetryFile(): Promise<vscode.TextEditor> {
	const text = fs.readFileSync(workspaceUri('e2e/retry.js').fsPath, 'utf8');
	return createFile(`e2e/retry-fix-${++copies}.js`, text);
}

async function actionsFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
	return waitFor(
		`code actions for ${codeOf(diagnostic)}`,
		async () => {
			const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, diagnostic.range)) ?? [];
			// Bare Commands (command is a string) are not code actions.
			const real = actions.filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
			return real.length > 0 ? real : undefined;
		},
		20_000,
	);
}

/** Applies a code action the way the editor does: its edit first, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
	if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
	if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function tightLoop(editor: vscode.TextEditor): Promise<vscode.Diagnostic> {
	const list = await waitForDiagnostics(editor.document.uri, 'a tight-retry-loop', (diagnostics) => diagnostics.some((d) => codeOf(d) === 'tight-retry-loop'));
	return list.find((d) => codeOf(d) === 'tight-retry-loop')!;
}

suite('code actions', () => {
	suiteSetup(ready);
	suiteTeardown(closeAllEditors);

	test('"Disable tight-retry-loop for this line" adds the comment and clears only that diagnostic', async () => {
		const editor = await freshRetryFile();
		const diagnostic = await tightLoop(editor);
		const actions = await actionsFor(editor.document.uri, diagnostic);
		const titles = actions.map((action) => action.title);
		const disable = actions.find((action) => action.title === 'Disable tight-retry-loop for this line');
		assert.ok(disable, `no disable action among ${JSON.stringify(titles)}`);
		assert.ok(disable.kind?.contains(vscode.CodeActionKind.QuickFix), 'it is a quick fix');
		const loopLine = diagnostic.range.start.line;
		const indent = /^\s*/.exec(editor.document.lineAt(loopLine).text)![0];
		await apply(disable);
		await waitFor('the disable comment', () => editor.document.getText().includes('http-guard-disable-next-line tight-retry-loop'), 10_000);
		assert.equal(editor.document.lineAt(loopLine).text, `${indent}// http-guard-disable-next-line tight-retry-loop`, 'the comment sits above the loop, indented like it');
		await waitForDiagnostics(editor.document.uri, 'tight-retry-loop to clear and the other findings to stay', (list) => !list.some((d) => codeOf(d) === 'tight-retry-loop') && list.some((d) => codeOf(d) === 'retry-on-auth-failure'));
	});

	test('the preferred fix for tight-retry-loop rewrites the loop and clears the diagnostic', async () => {
		const editor = await freshRetryFile();
		const before = editor.document.getText();
		const diagnostic = await tightLoop(editor);
		const actions = await actionsFor(editor.document.uri, diagnostic);
		// executeCodeActionProvider does not hand back CodeAction.diagnostics, so the fix is
		// known by its documented title: a wait with backoff.
		const preferred = actions.find((action) => action.isPreferred && /backoff/i.test(action.title));
		const listed = actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
		assert.ok(preferred, `no preferred fix for tight-retry-loop among ${JSON.stringify(listed)}`);
		assert.doesNotMatch(preferred.title, /^Disable /);
		await apply(preferred);
		await waitFor('the document to change', () => editor.document.getText() !== before, 10_000);
		assert.ok(!editor.document.getText().includes('http-guard-disable'), 'a fix, not a suppression');
		await waitForDiagnostics(editor.document.uri, 'tight-retry-loop to clear', (list) => !list.some((d) => codeOf(d) === 'tight-retry-loop'));
	});
});
