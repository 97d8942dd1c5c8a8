// Inlay hints over stdio, from the BUILT server: status names after status code literals,
// the schedule at the head of each retry, range filtering, the two settings, and the same
// schedule text the core computes for every retry construct in the fixtures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlayHint, MarkupContent, Position, Range } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../src/core/analyze';
import { retrySchedule } from '../../src/core/hints';
import { servedLanguages } from '../../src/core/languages/index';
import type { LanguageId } from '../../src/core/types';
import { TestClient } from './lsp-client';

const JS_STATUS = "export async function load(u) {\n\tconst res = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\tif (res.status === 401) throw new Error('login');\n\tconst x = 401;\n\treturn [res, x];\n}\n";
const TS_STATUS =
	"export async function load(u: string): Promise<Response> {\n\tconst res: Response = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\tif (res.status === 403) throw new Error('scope');\n\tconst port: number = 403;\n\treturn port ? res : res;\n}\n";
const JS_CONSTANT = "import { StatusCodes } from 'http-status-codes';\nexport async function load(u) {\n\tconst res = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\tif (res.status === StatusCodes.UNAUTHORIZED) throw new Error('login');\n\treturn res.json();\n}\n";
const JS_LOOP = 'export async function load(u) {\n\tfor (let attempt = 0; attempt < 5; attempt++) {\n\t\tconst res = await fetch(u);\n\t\tif (res.ok) return res;\n\t}\n}\n';
const TS_WHILE = 'export async function load(u: string): Promise<Response> {\n\twhile (true) {\n\t\ttry {\n\t\t\treturn await fetch(u);\n\t\t} catch {}\n\t}\n}\n';
const JS_AXIOS_RETRY = "import axios from 'axios';\nimport axiosRetry from 'axios-retry';\n\nconst client = axios.create({ timeout: 5000 });\naxiosRetry(client, { retries: 3 });\nexport default client;\n";
const JS_P_RETRY =
	"import pRetry from 'p-retry';\n\nexport const get = (u) =>\n\tpRetry(async () => {\n\t\tconst r = await fetch(u, { signal: AbortSignal.timeout(5000) });\n\t\tif (!r.ok) throw new Error(String(r.status));\n\t\treturn r;\n\t});\n";
const PY_FORCELIST =
	'import requests\nfrom requests.adapters import HTTPAdapter\nfrom urllib3.util.retry import Retry\n\nsession = requests.Session()\nsession.mount("https://", HTTPAdapter(max_retries=Retry(total=5, backoff_factor=0.5, status_forcelist=[429, 503])))\n';
const PY_TENACITY = 'import requests\nfrom tenacity import retry\n\n\n@retry\ndef load(url):\n    r = requests.get(url, timeout=5)\n    r.raise_for_status()\n    return r.json()\n';

const EXTENSIONS: Record<string, LanguageId> = {
	'.js': 'javascript',
	'.jsx': 'javascriptreact',
	'.ts': 'typescript',
	'.tsx': 'typescriptreact',
	'.py': 'python',
	'.go': 'go',
	'.java': 'java',
	'.cs': 'csharp',
};

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };

function positionAfter(text: string, needle: string): Position {
	const index = text.indexOf(needle);
	assert.ok(index >= 0, `${needle} not in text`);
	const before = text.slice(0, index + needle.length);
	const line = before.split('\n').length - 1;
	return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function tooltip(hint: InlayHint): string {
	return typeof hint.tooltip === 'string' ? hint.tooltip : ((hint.tooltip as MarkupContent | undefined)?.value ?? '');
}

const isSchedule = (hint: InlayHint) => typeof hint.label === 'string' && hint.label.startsWith('⟳');
const labels = (hints: InlayHint[]) => hints.map((hint) => hint.label as string);

function fixtureFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return fixtureFiles(full);
		return EXTENSIONS[path.extname(entry.name)] ? [full] : [];
	});
}

describe('inlay hints over stdio', function () {
	this.timeout(30000);
	let client: TestClient;
	let dir: string;
	let counter = 0;
	const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();

	/** Opens `text` as a new document and returns the inlay hints for `range`. */
	async function hintsFor(text: string, languageId: string, range: Range = WHOLE, name?: string): Promise<InlayHint[]> {
		const ext = Object.entries(EXTENSIONS).find(([, id]) => id === languageId)?.[0] ?? '.txt';
		const docUri = uri(name ?? `doc${++counter}${ext}`);
		client.open(docUri, languageId, text);
		const hints = await client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: docUri }, range });
		client.close(docUri);
		return hints ?? [];
	}

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-inlay-'));
		client = await TestClient.start({ rootPath: dir });
	});

	after(async () => {
		await client?.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('declares the inlay hint provider', () => {
		assert.deepEqual(client.initializeResult!.capabilities.inlayHintProvider, { resolveProvider: false });
	});

	describe('status names', () => {
		it('names 401 right after the literal in `res.status === 401`, and nothing on `const x = 401`', async () => {
			const hints = await hintsFor(JS_STATUS, 'javascript');
			const names = hints.filter((hint) => !isSchedule(hint));
			assert.deepEqual(labels(names), ['Unauthorized']);
			assert.deepEqual(names[0].position, positionAfter(JS_STATUS, 'res.status === 401'));
			assert.equal(names[0].paddingLeft, true);
			assert.match(tooltip(names[0]), /401 Unauthorized/);
		});

		it('works in TypeScript, and not on a typed plain number', async () => {
			const hints = await hintsFor(TS_STATUS, 'typescript');
			assert.deepEqual(labels(hints), ['Forbidden']);
			assert.deepEqual(hints[0].position, positionAfter(TS_STATUS, 'res.status === 403'));
		});

		it('gives a named constant no hint: its name already says it', async () => {
			const hints = await hintsFor(JS_CONSTANT, 'javascript');
			assert.deepEqual(labels(hints), []);
		});

		it('names each code of `status_forcelist=[429, 503]` (Python)', async () => {
			const hints = await hintsFor(PY_FORCELIST, 'python');
			const names = hints.filter((hint) => !isSchedule(hint));
			assert.deepEqual(labels(names), ['Too Many Requests', 'Service Unavailable']);
			assert.deepEqual(names[0].position, positionAfter(PY_FORCELIST, '[429'));
			assert.deepEqual(names[1].position, positionAfter(PY_FORCELIST, '429, 503'));
		});
	});

	describe('retry schedules', () => {
		it('reads a bounded loop with no wait at the head of the loop', async () => {
			const hints = await hintsFor(JS_LOOP, 'javascript');
			const schedules = hints.filter(isSchedule);
			assert.equal(schedules.length, 1);
			assert.equal(schedules[0].label, '⟳ 5 attempts · no delay · retries any non-2xx incl. 401/403');
			assert.ok((schedules[0].label as string).startsWith('⟳ 5 attempts · no delay'));
			assert.deepEqual(schedules[0].position, positionAfter(JS_LOOP, 'attempt++)'));
			assert.equal(schedules[0].paddingLeft, true);
			const text = tooltip(schedules[0]);
			assert.match(text, /\*\*5 attempts\*\*/);
			assert.match(text, /\*\*no delay\*\*/);
			assert.match(text, /\[`tight-retry-loop`\]\(https:\/\/[^)]+tight-retry-loop\.md\)/);
		});

		it('reads an endless TypeScript loop (fetch throws on network errors only, so 401/403 are not retried)', async () => {
			const hints = await hintsFor(TS_WHILE, 'typescript');
			assert.deepEqual(labels(hints.filter(isSchedule)), ['⟳ ∞ attempts · no delay · retries any error']);
			assert.deepEqual(hints.filter(isSchedule)[0].position, positionAfter(TS_WHILE, 'while (true)'));
		});

		it('fills in axios-retry defaults: 3 retries are 4 attempts, no delay, 401/403 not retried', async () => {
			const hints = await hintsFor(JS_AXIOS_RETRY, 'javascript');
			assert.deepEqual(labels(hints), ['⟳ 4 attempts · no delay · skips 401/403']);
			assert.deepEqual(hints[0].position, positionAfter(JS_AXIOS_RETRY, 'axiosRetry(client, { retries: 3 })'));
			assert.match(tooltip(hints[0]), /`axios-retry`, defaults filled in/);
		});

		it('fills in p-retry defaults: 10 retries from 1 s doubling, no jitter', async () => {
			const hints = await hintsFor(JS_P_RETRY, 'javascript');
			assert.deepEqual(labels(hints.filter(isSchedule)), ['⟳ 11 attempts · 1 s×2ⁿ · no jitter · retries any non-2xx incl. 401/403']);
		});

		it('reads a bare tenacity `@retry` as endless and immediate (Python)', async () => {
			const hints = await hintsFor(PY_TENACITY, 'python');
			const schedules = hints.filter(isSchedule);
			assert.equal(schedules.length, 1);
			assert.ok((schedules[0].label as string).startsWith('⟳ ∞ attempts · no delay'), schedules[0].label as string);
		});

		it('fills in urllib3 Retry defaults: total=5 is 6 attempts, Retry-After honoured (Python)', async () => {
			const hints = await hintsFor(PY_FORCELIST, 'python');
			const [schedule] = labels(hints.filter(isSchedule));
			assert.ok(schedule?.startsWith('⟳ 6 attempts'), schedule);
			assert.match(schedule, /retries 429\/503/);
			assert.match(schedule, /Retry-After/);
		});
	});

	describe('range', () => {
		const TWO = `${JS_STATUS}\n${JS_LOOP}`;

		it('returns only the hints inside the requested range', async () => {
			const all = await hintsFor(TWO, 'javascript');
			assert.deepEqual(labels(all).map((label) => label.split(' · ')[0]), ['Unauthorized', '⟳ 5 attempts']);
			const statusLine = positionAfter(TWO, 'res.status === 401').line;
			const onlyStatus = await hintsFor(TWO, 'javascript', { start: { line: 0, character: 0 }, end: { line: statusLine + 1, character: 0 } });
			assert.deepEqual(labels(onlyStatus), ['Unauthorized']);
			const loopLine = positionAfter(TWO, 'attempt++)').line;
			const onlyLoop = await hintsFor(TWO, 'javascript', { start: { line: loopLine, character: 0 }, end: { line: loopLine + 3, character: 0 } });
			assert.deepEqual(labels(onlyLoop).map((label) => label.split(' · ')[0]), ['⟳ 5 attempts']);
		});

		it('returns none for lines without status codes or retries', async () => {
			const none = await hintsFor(JS_LOOP, 'javascript', { start: { line: 2, character: 0 }, end: { line: 5, character: 0 } });
			assert.deepEqual(none, []);
		});

		it('cuts at the range ends within a line', async () => {
			const end = positionAfter(JS_STATUS, 'res.status === 40');
			const none = await hintsFor(JS_STATUS, 'javascript', { start: { line: 0, character: 0 }, end });
			assert.deepEqual(none, []);
		});
	});

	describe('settings', () => {
		after(async () => {
			await changeSettings({});
		});

		async function changeSettings(settings: Record<string, unknown>): Promise<void> {
			// An open document is re-analysed on a settings change; the server then asks for hints again.
			const keep = uri('keep-open.js');
			client.settings = {};
			client.open(keep, 'javascript', JS_LOOP);
			await client.diagnosticsFor(keep);
			const seen = client.inlayHintRefreshes;
			client.settings = settings;
			client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
			await client.inlayHintRefreshAfter(seen);
			client.close(keep);
		}

		it('turns status names off alone, schedules off alone, and both, asking the client to refresh', async () => {
			const TWO = `${JS_STATUS}\n${JS_LOOP}`;
			await changeSettings({ inlayHints: { statusNames: false } });
			assert.deepEqual(labels(await hintsFor(TWO, 'javascript')).map((label) => label.split(' · ')[0]), ['⟳ 5 attempts']);
			await changeSettings({ inlayHints: { retrySchedule: false } });
			assert.deepEqual(labels(await hintsFor(TWO, 'javascript')), ['Unauthorized']);
			await changeSettings({ inlayHints: { statusNames: false, retrySchedule: false } });
			assert.deepEqual(await hintsFor(TWO, 'javascript'), []);
			await changeSettings({});
			assert.equal((await hintsFor(TWO, 'javascript')).length, 2);
		});

		it('gives no hints where analysis is off', async () => {
			await changeSettings({ enable: false });
			assert.deepEqual(await hintsFor(JS_STATUS, 'javascript'), []);
		});
	});

	it('answers for the current text when the analysis of an edit is still pending', async () => {
		const docUri = uri('edited.js');
		client.open(docUri, 'javascript', JS_STATUS);
		await client.diagnosticsFor(docUri, 1);
		const line = positionAfter(JS_STATUS, 'res.status === 401').line;
		const at = positionAfter(JS_STATUS, 'res.status === ');
		// 401 -> 429 while the debounced analysis is still pending: the request analyses the new text.
		client.change(docUri, { start: at, end: { line, character: at.character + 3 } }, '429');
		const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: docUri }, range: WHOLE });
		assert.deepEqual(labels(hints), ['Too Many Requests']);
		client.close(docUri);
	});

	describe('the schedule of every retry construct in the fixtures', () => {
		const root = path.resolve(__dirname, '..', 'fixtures');
		const served = new Set<string>(servedLanguages());
		const files = fixtureFiles(root).filter((file) => served.has(EXTENSIONS[path.extname(file)]));

		it('matches the core, hint for hint, in every fixture', async () => {
			let schedules = 0;
			for (const file of files) {
				const language = EXTENSIONS[path.extname(file)];
				const text = fs.readFileSync(file, 'utf8');
				const expected = (await analyzeText(text, language)).facts.retries
					.map((retry) => ({ label: retrySchedule(retry), position: retry.headSpan.end }))
					.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
				const hints = (await hintsFor(text, language, WHOLE, `fixture${++counter}${path.extname(file)}`)).filter(isSchedule);
				assert.deepEqual(
					hints.map((hint) => ({ label: hint.label, position: hint.position })),
					expected,
					path.relative(root, file),
				);
				schedules += hints.length;
			}
			assert.ok(schedules > 0, 'the fixtures contain retries');
		});
	});
});
