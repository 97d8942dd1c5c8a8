// The UI steps of the real-editor tests, as a person takes them in the workbench: open a
// file and see the squiggle, hover a 401, press Ctrl+. and apply a fix, run "HTTP Guard:
// Explain Error" from the command palette on a selected `403 Forbidden` and read the
// panel. Each step saves a screenshot in shotsDir and checks what the screen says.
'use strict';

const path = require('node:path');

const STEP_TIMEOUT_MS = 30_000;

/** Opens a workspace file through Quick Open, as a user would. */
async function quickOpen(page, relative) {
	await page.keyboard.press('Control+P');
	const input = page.locator('.quick-input-widget input').first();
	await input.waitFor({ state: 'visible' });
	await input.fill(relative);
	const name = path.basename(relative);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
	await page.keyboard.press('Enter');
	await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
	const editor = page.locator('.editor-instance .monaco-editor').first();
	await editor.locator('.view-lines').waitFor({ state: 'visible' });
	return editor;
}

/** A token of the active editor whose text is exactly `text`. */
function token(editor, text) {
	const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
	return editor.locator('.view-lines .view-line span span', { hasText: exact }).first();
}

async function hoverWidgetText(page, pattern) {
	const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: pattern }).first();
	await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
	return (await hover.innerText()).trim();
}

async function dismiss(page) {
	await page.mouse.move(5, 400);
	await page.keyboard.press('Escape');
}

function expect(condition, message) {
	if (!condition) throw new Error(message);
}

/** Runs every step; returns [{ name, ok, error?, detail? }] and never throws for one step. */
async function runSteps(page, { shotsDir, log = () => undefined }) {
	const results = [];
	const shot = (name) => page.screenshot({ path: path.join(shotsDir, name) });
	const step = async (name, body) => {
		const begun = Date.now();
		try {
			const detail = await body();
			results.push({ name, ok: true, detail });
			log(`ui step "${name}" passed in ${Date.now() - begun} ms${detail ? `: ${detail}` : ''}`);
		} catch (error) {
			results.push({ name, ok: false, error: String(error?.stack ?? error) });
			await shot(`failed-${name.replace(/\W+/g, '-')}.png`).catch(() => undefined);
		}
	};

	let editor;
	await step('open a file from examples and see the squiggle', async () => {
		editor = await quickOpen(page, 'e2e/retry.js');
		const squiggle = editor.locator('.squiggly-error').first();
		await squiggle.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
		// Hover the squiggled `while` to show the diagnostic.
		await token(editor, 'while').hover();
		const text = await hoverWidgetText(page, /tight-retry-loop/);
		expect(/http-guard/.test(text), `the problem hover names no source: ${text}`);
		await shot('diagnostic.png');
		await dismiss(page);
		return text.split('\n')[0];
	});

	await step('hover a 401 and read the hover text', async () => {
		editor ??= await quickOpen(page, 'e2e/retry.js');
		await token(editor, '401').hover();
		const text = await hoverWidgetText(page, /Unauthorized/);
		expect(/401/.test(text), `the hover does not name 401: ${text}`);
		await shot('hover.png');
		await dismiss(page);
		return text.split('\n')[0];
	});

	await step('press Ctrl+. and apply a fix', async () => {
		editor ??= await quickOpen(page, 'e2e/retry.js');
		const before = await editor.locator('.view-lines').innerText();
		await token(editor, 'while').click();
		await page.keyboard.press('Control+Period');
		const widget = page.locator('.action-widget').first();
		await widget.waitFor({ state: 'visible' });
		const items = await widget.locator('.monaco-list-row').allInnerTexts();
		const fix = items.find((item) => /backoff/i.test(item)) ?? items.find((item) => /Disable tight-retry-loop for this line/.test(item));
		expect(fix, `no backoff fix or disable action in the menu: ${JSON.stringify(items)}`);
		await shot('quick-fix.png');
		await widget.locator('.monaco-list-row', { hasText: fix.trim() }).first().click();
		await editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
		const after = await editor.locator('.view-lines').innerText();
		expect(after !== before, 'the document did not change');
		await shot('quick-fix-applied.png');
		return `applied "${fix.trim()}"`;
	});

	await step('run "HTTP Guard: Explain Error" on a selected 403 Forbidden and read the panel', async () => {
		const log = await quickOpen(page, 'e2e/access.log');
		// Select the text with the find widget: Escape leaves the match selected.
		await log.locator('.view-lines').click();
		await page.keyboard.press('Control+F');
		const find = page.locator('.find-widget textarea, .find-widget input').first();
		await find.waitFor({ state: 'visible' });
		await find.fill('403 Forbidden');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Escape');
		await log.locator('.selected-text').first().waitFor({ state: 'attached' });
		await page.keyboard.press('F1');
		const input = page.locator('.quick-input-widget input').first();
		await input.waitFor({ state: 'visible' });
		await input.fill('>HTTP Guard: Explain Error');
		const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'HTTP Guard: Explain Error' }).first();
		await row.waitFor({ state: 'visible' });
		await page.keyboard.press('Enter');
		const frame = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
		const body = frame.locator('body');
		await body.filter({ hasText: /Forbidden/ }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
		const text = (await body.innerText()).trim();
		expect(/403/.test(text), `the panel does not name 403: ${text.slice(0, 300)}`);
		await shot('explain-error.png');
		return text.split('\n').find((line) => line.trim()) ?? '';
	});

	return results;
}

module.exports = { runSteps };
