// Drives the BUILT language server (dist/server.js) over stdio, as any editor would:
// diagnostics on open and edit, hovers, code actions, the workspace check, and survival.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../src/core/analyze';
import type { LanguageId } from '../../src/core/types';
import { TestClient } from './lsp-client';

const PY_NO_TIMEOUT = 'import requests\n\n\ndef load(url):\n    r = requests.get(url)\n    r.raise_for_status()\n    return r.json()\n';
const JS_TIGHT_LOOP = 'export async function load(u) {\n\twhile (true) {\n\t\ttry {\n\t\t\treturn await fetch(u);\n\t\t} catch {}\n\t}\n}\n';
const JS_STATUS = "export async function load(u) {\n\tconst res = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\tif (res.status === 401) throw new Error('login');\n\tconst limit = 401;\n\treturn [res, limit];\n}\n";
const JS_CONSTANT = "import { StatusCodes } from 'http-status-codes';\nexport async function load(u) {\n\tconst res = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\tif (res.status === StatusCodes.UNAUTHORIZED) throw new Error('login');\n\treturn res.json();\n}\n";
const PY_CONSTANT = 'from http import HTTPStatus\n\nimport requests\n\n\ndef load(url):\n    r = requests.get(url, timeout=5)\n    if r.status_code == HTTPStatus.FORBIDDEN:\n        return None\n    r.raise_for_status()\n    return r.json()\n';
const LOG = [
	'2024-05-01T10:00:00Z INFO 10.0.0.1 "GET /api/users HTTP/1.1" 503 1234',
	'2024-05-01T10:00:01Z WARN upstream status=429 retry later',
	'2024-05-01T10:00:02Z ERROR request failed: 401 Unauthorized',
	'2024-05-01T10:00:03Z INFO took 401 ms',
].join('\n');

/**
 * Some tests need a language adapter to produce findings or facts. While an adapter is
 * still a placeholder the core itself finds nothing; such tests are skipped with a
 * message saying so, and pass unchanged once the adapter lands.
 */
async function adapterProduces(text: string, language: LanguageId, what: 'findings' | 'statusCodeRefs'): Promise<boolean> {
	const result = await analyzeText(text, language);
	return what === 'findings' ? result.findings.length > 0 : result.facts.statusCodeRefs.length > 0;
}

function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
	const index = text.indexOf(needle);
	assert.ok(index >= 0, `${needle} not in text`);
	const before = text.slice(0, index + delta);
	const line = before.split('\n').length - 1;
	return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function hoverText(hover: Hover | null): string {
	if (!hover) return '';
	const contents = hover.contents as { value?: string } | string;
	return typeof contents === 'string' ? contents : (contents.value ?? '');
}

function applyLspEdits(text: string, edits: TextEdit[]): string {
	const offset = (p: { line: number; character: number }) => {
		const lines = text.split('\n');
		let index = 0;
		for (let i = 0; i < p.line; i++) index += lines[i].length + 1;
		return index + p.character;
	};
	const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
	let result = text;
	for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
	return result;
}

describe('language server over stdio', function () {
	this.timeout(30000);
	let client: TestClient;
	let dir: string;
	const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-lsp-'));
		client = await TestClient.start({ rootPath: dir, initializationOptions: { clientCommands: true } });
	});

	after(async () => {
		await client?.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('declares its capabilities', () => {
		const { capabilities, serverInfo } = client.initializeResult!;
		assert.equal(serverInfo?.name, 'http-guard');
		assert.equal(capabilities.hoverProvider, true);
		assert.equal(capabilities.textDocumentSync.change, 2);
		assert.deepEqual(capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.httpGuard']);
	});

	describe('hover in logs and plain text', () => {
		it('explains a status line, a status= key and a reason phrase', async () => {
			const log = uri('app.log');
			client.open(log, 'log', LOG);
			const onStatusLine = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: log }, position: positionOf(LOG, '503', 1) });
			assert.match(hoverText(onStatusLine), /503/);
			assert.match(hoverText(onStatusLine), /Service Unavailable/i);
			assert.match(hoverText(onStatusLine), /command:httpGuard\.explainError/);
			assert.deepEqual(onStatusLine!.range, { start: positionOf(LOG, '503'), end: positionOf(LOG, '503', 3) });
			const onKey = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: log }, position: positionOf(LOG, '429') });
			assert.match(hoverText(onKey), /Too Many Requests/i);
			const onPhrase = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: log }, position: positionOf(LOG, '401 Unauthorized', 2) });
			assert.match(hoverText(onPhrase), /Unauthorized/);
		});

		it('gives no hover on a number that is not a status', async () => {
			const log = uri('app.log');
			const tookAt = LOG.indexOf('took 401') + 'took '.length;
			const line = LOG.slice(0, tookAt).split('\n').length - 1;
			const character = tookAt - LOG.lastIndexOf('\n', tookAt - 1) - 1;
			const none = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: log }, position: { line, character: character + 1 } });
			assert.equal(none, null);
		});

		it('works in plain text too', async () => {
			const txt = uri('notes.txt');
			const text = 'The API answered HTTP/2 403 when the token lacked a scope.';
			client.open(txt, 'plaintext', text);
			const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: txt }, position: positionOf(text, '403') });
			assert.match(hoverText(hover), /Forbidden/);
		});
	});

	describe('hover in code', () => {
		it('explains 401 in `res.status === 401` and nothing on a bare 401', async function () {
			if (!(await adapterProduces(JS_STATUS, 'javascript', 'statusCodeRefs'))) this.skip(); // ADAPTER PENDING: the JS adapter emits no statusCodeRefs yet
			const js = uri('status.js');
			client.open(js, 'javascript', JS_STATUS);
			const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: js }, position: positionOf(JS_STATUS, '401)', 1) });
			assert.match(hoverText(hover), /Unauthorized/);
			const bare = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: js }, position: positionOf(JS_STATUS, '401;', 1) });
			assert.equal(bare, null);
		});

		it('explains a named constant (StatusCodes.UNAUTHORIZED)', async function () {
			if (!(await adapterProduces(JS_CONSTANT, 'javascript', 'statusCodeRefs'))) this.skip(); // ADAPTER PENDING
			const js = uri('constant.js');
			client.open(js, 'javascript', JS_CONSTANT);
			const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: js }, position: positionOf(JS_CONSTANT, 'UNAUTHORIZED', 3) });
			assert.match(hoverText(hover), /401/);
			assert.match(hoverText(hover), /Unauthorized/);
		});

		it('explains a named constant (HTTPStatus.FORBIDDEN)', async function () {
			if (!(await adapterProduces(PY_CONSTANT, 'python', 'statusCodeRefs'))) this.skip(); // ADAPTER PENDING: the Python adapter emits no statusCodeRefs yet
			const py = uri('constant.py');
			client.open(py, 'python', PY_CONSTANT);
			const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: py }, position: positionOf(PY_CONSTANT, 'FORBIDDEN', 2) });
			assert.match(hoverText(hover), /403/);
			assert.match(hoverText(hover), /Forbidden/);
		});
	});

	describe('diagnostics', () => {
		it('reports a Python request without timeout, with code, docs link and source', async function () {
			if (!(await adapterProduces(PY_NO_TIMEOUT, 'python', 'findings'))) this.skip(); // ADAPTER PENDING: the Python adapter emits no findings yet
			const py = uri('no_timeout.py');
			client.open(py, 'python', PY_NO_TIMEOUT);
			const diagnostics = await client.diagnosticsFor(py, 1);
			const timeout = diagnostics.find((d) => d.code === 'missing-request-timeout');
			assert.ok(timeout, JSON.stringify(diagnostics));
			assert.equal(timeout.source, 'http-guard');
			assert.match(timeout.codeDescription!.href, /missing-request-timeout/);
			assert.equal(timeout.range.start.line, 4);
		});

		it('reports a tight retry loop in JavaScript', async function () {
			if (!(await adapterProduces(JS_TIGHT_LOOP, 'javascript', 'findings'))) this.skip(); // ADAPTER PENDING: the JS adapter emits no findings yet
			const js = uri('loop.js');
			client.open(js, 'javascript', JS_TIGHT_LOOP);
			const diagnostics = await client.diagnosticsFor(js, 1);
			assert.ok(diagnostics.some((d) => d.code === 'tight-retry-loop'), JSON.stringify(diagnostics.map((d) => d.code)));
		});

		it('follows a full edit cycle: findings appear, a disable comment clears them, the last version wins', async function () {
			if (!(await adapterProduces(PY_NO_TIMEOUT, 'python', 'findings'))) this.skip(); // ADAPTER PENDING
			const py = uri('cycle.py');
			let text = 'import requests\n\n\ndef load(url):\n    return None\n';
			client.open(py, 'python', text);
			assert.deepEqual(await client.diagnosticsFor(py, 1), []);
			// Type the call in, character run by character run: intermediate versions are dropped.
			const line4 = { line: 4, character: 0 };
			let version = client.change(py, { start: line4, end: { line: 4, character: 15 } }, '    r = requests.');
			version = client.change(py, { start: { line: 4, character: 17 }, end: { line: 4, character: 17 } }, 'get(url)\n    r.raise_for_status()\n    return r.json()');
			text = PY_NO_TIMEOUT;
			const diagnostics = await client.diagnosticsFor(py, version);
			const finding = diagnostics.find((d) => d.code === 'missing-request-timeout');
			assert.ok(finding, JSON.stringify(diagnostics));
			// The quick fix "Disable ... for this line", applied as an edit, makes it go away.
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: py },
				range: finding.range,
				context: { diagnostics: [finding], only: ['quickfix'] },
			});
			const disable = actions.find((a) => a.title === 'Disable missing-request-timeout for this line');
			assert.ok(disable, actions.map((a) => a.title).join(', '));
			const edits = disable.edit!.changes![py];
			const fixed = applyLspEdits(text, edits);
			assert.match(fixed, /\n {4}# http-guard-disable-next-line missing-request-timeout\n {4}r = requests\.get\(url\)/);
			version = client.change(py, edits[0].range, edits[0].newText);
			const after = await client.diagnosticsFor(py, version);
			assert.ok(!after.some((d) => d.code === 'missing-request-timeout'), JSON.stringify(after));
			client.close(py);
			assert.deepEqual(await waitForEmpty(client, py), []);
		});
		it('follows a JavaScript edit cycle: type a retry loop, disable it by quick fix, rapid edits publish only the last version', async function () {
			if (!(await adapterProduces(JS_TIGHT_LOOP, 'javascript', 'findings'))) this.skip(); // ADAPTER PENDING
			const js = uri('cycle.js');
			const start = 'export async function load(u) {\n\treturn null;\n}\n';
			client.open(js, 'javascript', start);
			assert.ok(!(await client.diagnosticsFor(js, 1)).some((d) => d.code === 'tight-retry-loop'));
			// Replace the body in two quick edits; the first version's result must not be the last word.
			let version = client.change(js, { start: { line: 1, character: 1 }, end: { line: 1, character: 13 } }, 'while (true) {');
			version = client.change(js, { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, '\n\t\ttry {\n\t\t\treturn await fetch(u);\n\t\t} catch {}\n\t}');
			const text = JS_TIGHT_LOOP;
			const diagnostics = await client.diagnosticsFor(js, version);
			const loop = diagnostics.find((d) => d.code === 'tight-retry-loop');
			assert.ok(loop, JSON.stringify(diagnostics));
			assert.equal(loop.source, 'http-guard');
			assert.match(loop.codeDescription!.href, /tight-retry-loop/);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: js },
				range: loop.range,
				context: { diagnostics: [loop], only: ['quickfix'] },
			});
			const disable = actions.find((a) => a.title === 'Disable tight-retry-loop for this line');
			assert.ok(disable, actions.map((a) => a.title).join(', '));
			const edits = disable.edit!.changes![js];
			assert.ok(applyLspEdits(text, edits).includes('\t// http-guard-disable-next-line tight-retry-loop\n\twhile (true) {'));
			version = client.change(js, edits[0].range, edits[0].newText);
			const after = await client.diagnosticsFor(js, version);
			assert.ok(!after.some((d) => d.code === 'tight-retry-loop'), JSON.stringify(after));
			// A burst of edits: only the final version is analysed and published.
			for (let i = 0; i < 5; i++) version = client.change(js, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `// edit ${i}\n`);
			await client.diagnosticsFor(js, version);
			assert.equal(client.diagnostics.get(js)!.version, version);
			client.close(js);
			assert.deepEqual(await waitForEmpty(client, js), []);
		});
	});

	describe('code actions', () => {
		// A diagnostic as the server would publish it: the actions depend on its data, not on the adapter.
		function diagnosticAt(line: number, ruleId: string, version: number): Diagnostic {
			return {
				range: { start: { line, character: 8 }, end: { line, character: 20 } },
				message: 'x',
				source: 'http-guard',
				code: ruleId,
				data: { ruleId, version },
			};
		}

		it('offers disable-for-line (matching indentation), disable-for-file and docs, in that order', async () => {
			const py = uri('actions.py');
			client.open(py, 'python', PY_NO_TIMEOUT);
			const diagnostic = diagnosticAt(4, 'missing-request-timeout', 1);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: py },
				range: diagnostic.range,
				context: { diagnostics: [diagnostic] },
			});
			const titles = actions.map((a) => a.title);
			const lineAt = titles.indexOf('Disable missing-request-timeout for this line');
			const fileAt = titles.indexOf('Disable missing-request-timeout for this file');
			const docsAt = titles.indexOf('Show documentation for missing-request-timeout');
			assert.ok(lineAt >= 0 && fileAt > lineAt && docsAt > fileAt, titles.join(' | '));
			const lineEdit = applyLspEdits(PY_NO_TIMEOUT, actions[lineAt].edit!.changes![py]);
			assert.ok(lineEdit.includes('    # http-guard-disable-next-line missing-request-timeout\n    r = requests.get(url)'), lineEdit);
			const fileEdit = applyLspEdits(PY_NO_TIMEOUT, actions[fileAt].edit!.changes![py]);
			assert.ok(fileEdit.startsWith('# http-guard-disable-file missing-request-timeout\nimport requests'), fileEdit);
			assert.equal(actions[docsAt].command!.command, 'httpGuard.showRuleDocs');
			assert.deepEqual(actions[docsAt].command!.arguments, ['missing-request-timeout']);
		});

		it('uses // in JavaScript and reuses an existing disable comment', async () => {
			const js = uri('reuse.js');
			const text = 'async function f(u) {\n\t// http-guard-disable-next-line unbounded-retry -- we retry forever on purpose\n\twhile (true) await fetch(u);\n}\n';
			client.open(js, 'javascript', text);
			const diagnostic = diagnosticAt(2, 'tight-retry-loop', 1);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: js },
				range: diagnostic.range,
				context: { diagnostics: [diagnostic], only: ['quickfix'] },
			});
			const disable = actions.find((a) => a.title === 'Disable tight-retry-loop for this line')!;
			const result = applyLspEdits(text, disable.edit!.changes![js]);
			assert.ok(result.includes('\t// http-guard-disable-next-line unbounded-retry, tight-retry-loop -- we retry forever on purpose\n\twhile'), result);
		});

		it('ignores diagnostics of other tools and offers no fix-all when nothing is fixable', async () => {
			const py = uri('actions.py');
			const foreign: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'pylint', code: 'E1' };
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: py },
				range: foreign.range,
				context: { diagnostics: [foreign] },
			});
			assert.deepEqual(actions, []);
		});

		it('fix-all (JavaScript) applies only safe fixes, as one edit', async function () {
			if (!(await adapterProduces(JS_TIGHT_LOOP, 'javascript', 'findings'))) this.skip(); // ADAPTER PENDING
			const js = uri('fixall.js');
			client.open(js, 'javascript', JS_TIGHT_LOOP);
			await client.diagnosticsFor(js, 1);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: js },
				range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
				context: { diagnostics: [], only: ['source.fixAll'] },
			});
			const { findings } = await analyzeText(JS_TIGHT_LOOP, 'javascript', undefined, { withFixes: true });
			const anySafe = findings.some((f) => f.fixes.some((fix) => fix.safe));
			assert.equal(actions.length, anySafe ? 1 : 0);
			if (anySafe) {
				assert.equal(actions[0].kind, 'source.fixAll.httpGuard');
				const fixed = applyLspEdits(JS_TIGHT_LOOP, actions[0].edit!.changes![js]);
				assert.notEqual(fixed, JS_TIGHT_LOOP);
				const again = await analyzeText(fixed, 'javascript', undefined, { withFixes: true });
				assert.ok(!again.findings.some((f) => f.fixes.some((fix) => fix.safe && (f.fixes.find((x) => x.isPreferred) ?? f.fixes[0]) === fix)), 'safe fixes left after fix-all');
			}
			// Quick fixes for the loop come first, before the disable actions.
			const loop = (await client.diagnosticsFor(js, 1)).find((d) => d.code === 'tight-retry-loop')!;
			const quick = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: js }, range: loop.range, context: { diagnostics: [loop], only: ['quickfix'] } });
			const firstDisable = quick.findIndex((a) => a.title.startsWith('Disable '));
			assert.ok(firstDisable >= 0);
			const fixCount = findings.find((f) => f.ruleId === 'tight-retry-loop')!.fixes.length;
			assert.equal(firstDisable, fixCount, quick.map((a) => a.title).join(' | '));
		});

		it("offers the project's retry library first: p-retry from a package.json between the file and the workspace root", async () => {
			const loop = 'export async function load(u) {\n\tfor (let attempt = 0; attempt < 3; attempt++) {\n\t\ttry {\n\t\t\treturn await fetch(u, { signal: AbortSignal.timeout(5000) });\n\t\t} catch (err) {\n\t\t\tconsole.warn(err);\n\t\t}\n\t}\n}\n';
			fs.mkdirSync(path.join(dir, 'quotes', 'src'), { recursive: true });
			fs.writeFileSync(path.join(dir, 'quotes', 'package.json'), JSON.stringify({ dependencies: { 'p-retry': '^6.2.0' } }));
			const js = pathToFileURL(path.join(dir, 'quotes', 'src', 'load.js')).toString();
			client.open(js, 'javascript', loop);
			const diagnostic = (await client.diagnosticsFor(js, 1)).find((d) => d.code === 'tight-retry-loop');
			assert.ok(diagnostic);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: js }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
			assert.match(actions[0].title, /p-retry/);
			assert.equal(actions[0].isPreferred, true);
			assert.match(applyLspEdits(loop, actions[0].edit!.changes![js]), /^import pRetry, \{ AbortError \} from 'p-retry';\n/);
			assert.ok(actions.slice(1).some((action) => /backoff/.test(action.title) && !action.isPreferred));
		});

		it('fix-all applies only safe fixes', async function () {
			if (!(await adapterProduces(PY_NO_TIMEOUT, 'python', 'findings'))) this.skip(); // ADAPTER PENDING
			const py = uri('fixall.py');
			client.open(py, 'python', PY_NO_TIMEOUT);
			await client.diagnosticsFor(py, 1);
			const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
				textDocument: { uri: py },
				range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
				context: { diagnostics: [], only: ['source.fixAll'] },
			});
			for (const action of actions) assert.equal(action.kind, 'source.fixAll.httpGuard');
			const { findings } = await analyzeText(PY_NO_TIMEOUT, 'python', undefined, { withFixes: true });
			const anySafe = findings.some((f) => f.fixes.some((fix) => fix.safe));
			assert.equal(actions.length > 0, anySafe);
		});
	});

	describe('workspace and robustness', () => {
		it('checks the workspace on request', async () => {
			fs.writeFileSync(path.join(dir, 'on_disk.py'), PY_NO_TIMEOUT);
			fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
			fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), JS_TIGHT_LOOP);
			const result = await client.request<{ files: number; findings: number; cancelled: boolean }>('httpGuard/checkWorkspace', {});
			assert.equal(result.cancelled, false);
			assert.ok(result.files >= 1, JSON.stringify(result));
			assert.ok(!client.diagnostics.has(pathToFileURL(path.join(dir, 'node_modules', 'dep', 'index.js')).toString()));
			if (await adapterProduces(PY_NO_TIMEOUT, 'python', 'findings')) {
				const diagnostics = await client.diagnosticsFor(pathToFileURL(path.join(dir, 'on_disk.py')).toString());
				assert.ok(diagnostics.some((d) => d.code === 'missing-request-timeout'));
			}
		});

		it('explains text and lists rule docs', async () => {
			const explained = await client.request<{ markdown: string; title: string }>('httpGuard/explain', { text: '429' });
			assert.match(explained.markdown, /Too Many Requests/i);
			assert.match(explained.markdown, /Retry-After/);
			const docs = await client.request<{ rules: Array<{ id: string }>; markdown?: string }>('httpGuard/ruleDocs', { ruleId: 'tight-retry-loop' });
			assert.ok(docs.rules.length >= 11);
			assert.match(docs.markdown!, /tight-retry-loop/);
		});

		it('survives bad requests and unknown documents', async () => {
			const unknown = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///nowhere.js' }, position: { line: 0, character: 0 } });
			assert.equal(unknown, null);
			await client.request('textDocument/codeAction', { textDocument: { uri: uri('actions.py') }, range: null, context: null }).catch(() => undefined);
			await client.request('httpGuard/explain', null).catch(() => undefined);
			const log = uri('app.log');
			const still = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: log }, position: positionOf(LOG, '429') });
			assert.match(hoverText(still), /429/);
			assert.equal(client.exited, false);
		});
	});
});

async function waitForEmpty(client: TestClient, uri: string): Promise<Diagnostic[]> {
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline) {
		const published = client.diagnostics.get(uri);
		if (published && published.diagnostics.length === 0) return [];
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return client.diagnostics.get(uri)?.diagnostics ?? [];
}
