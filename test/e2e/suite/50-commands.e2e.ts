// Commands: Explain Error opens the panel for the selected text; Check Workspace reports
// files that were never opened.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ready, closeAllEditors, codeOf, openFile, positionOf, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

function webviewTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
}

suite('commands', () => {
	suiteSetup(ready);
	suiteTeardown(closeAllEditors);

	test('Explain Error on a selected "403 Forbidden" opens the HTTP Guard panel', async () => {
		await closeAllEditors();
		const editor = await openFile('e2e/access.log');
		const start = positionOf(editor.document, '403 Forbidden');
		editor.selection = new vscode.Selection(start, start.translate(0, '403 Forbidden'.length));
		await vscode.commands.executeCommand('httpGuard.explainError');
		const tab = await waitFor('a webview tab', () => webviewTabs()[0], 20_000, () => JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label))));
		const input = tab.input as vscode.TabInputWebview;
		assert.match(input.viewType, /httpGuard\.explain/, `viewType ${input.viewType}`);
		assert.match(tab.label, /403|Forbidden/, `panel title "${tab.label}"`);
	});

	test('Explain Error takes the text as an argument too', async () => {
		await closeAllEditors();
		await vscode.commands.executeCommand('httpGuard.explainError', '429 Too Many Requests');
		const tab = await waitFor('a webview tab', () => webviewTabs()[0], 20_000);
		assert.match(tab.label, /429|Too Many/, `panel title "${tab.label}"`);
	});

	test('Check Workspace reports a file that was never opened', async () => {
		const text = fs.readFileSync(workspaceUri('e2e/retry.js').fsPath, 'utf8');
		const uri = workspaceUri('e2e/never-opened.js');
		await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
		// Not awaited: the command ends with a summary message that waits for the user.
		void vscode.commands.executeCommand('httpGuard.checkWorkspace');
		await waitForDiagnostics(uri, 'tight-retry-loop from the workspace check', (list) => list.some((d) => codeOf(d) === 'tight-retry-loop'), 45_000);
	});
});
