// Smoke: the workbench runs our development extension, and opening a served file
// activates it and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID, openFile, closeAllEditors } from './helpers';

suite('smoke', () => {
	suiteTeardown(closeAllEditors);

	test('the development extension is loaded in the extension host', () => {
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} loaded extensions`);
		assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'this host is the web workbench');
	});

	test('opening a JavaScript file activates it', async () => {
		await openFile('e2e/retry.js');
		const extension = await activeExtension();
		assert.ok(extension.isActive);
	});

	test('its commands are registered', async () => {
		await activeExtension();
		const commands = new Set(await vscode.commands.getCommands(true));
		for (const id of ['httpGuard.explainError', 'httpGuard.checkWorkspace', 'httpGuard.showRuleDocs']) {
			assert.ok(commands.has(id), `command ${id} is not registered`);
		}
	});
});
