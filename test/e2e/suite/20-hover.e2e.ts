// Hovers through the real hover providers: a status code in code and in a log file is
// explained by HTTP Guard, and `httpGuard.hover.enable: false` turns that off live.
import * as assert from 'node:assert/strict';
import { ready, closeAllEditors, hoverText, openFile, positionOf, setSetting, waitFor } from './helpers';

suite('hover', () => {
	suiteSetup(ready);
	suiteTeardown(async () => {
		await setSetting('hover.enable', undefined);
		await closeAllEditors();
	});

	test('a 401 in `res.status === 401` explains Unauthorized', async () => {
		const editor = await openFile('e2e/retry.js');
		const position = positionOf(editor.document, 'res.status === 401', 'res.status === '.length + 1);
		const text = await waitFor('a hover on 401', async () => {
			const hover = await hoverText(editor.document.uri, position);
			return /Unauthorized/.test(hover) ? hover : undefined;
		}, 20_000);
		assert.match(text, /401/);
	});

	test('a 403 in a .log file explains Forbidden', async () => {
		const editor = await openFile('e2e/access.log');
		assert.equal(editor.document.languageId, 'log');
		const position = positionOf(editor.document, '403 Forbidden', 1);
		const text = await waitFor('a hover on 403 in access.log', async () => {
			const hover = await hoverText(editor.document.uri, position);
			return /Forbidden/.test(hover) ? hover : undefined;
		}, 20_000);
		assert.match(text, /403/);
	});

	test('no HTTP Guard hover on a number that is not a status code', async () => {
		const editor = await openFile('e2e/retry.js');
		const position = positionOf(editor.document, 'timeout: 5000', 'timeout: '.length + 1);
		const text = await hoverText(editor.document.uri, position);
		assert.doesNotMatch(text, /HTTP|Unauthorized|status/i, `unexpected hover: ${text}`);
	});

	test('httpGuard.hover.enable: false removes the hover without a reload', async () => {
		const editor = await openFile('e2e/retry.js');
		const position = positionOf(editor.document, 'res.status === 401', 'res.status === '.length + 1);
		await waitFor('the 401 hover', async () => /Unauthorized/.test(await hoverText(editor.document.uri, position)), 20_000);
		await setSetting('hover.enable', false);
		await waitFor('the 401 hover to go away', async () => !/Unauthorized/.test(await hoverText(editor.document.uri, position)), 20_000);
		await setSetting('hover.enable', undefined);
		await waitFor('the 401 hover to come back', async () => /Unauthorized/.test(await hoverText(editor.document.uri, position)), 20_000);
	});
});
