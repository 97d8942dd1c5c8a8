// The JavaScript/TypeScript adapter's facts, asserted directly: retries, delays, status
// references, and resilience to broken syntax.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { defaultConfig } from '../../src/core/config';
import { javascriptAdapter } from '../../src/core/languages/javascript';
import type { LanguageId } from '../../src/core/types';

const facts = async (text: string, language: LanguageId = 'typescript') => (await analyzeText(text, language)).facts;
const options = { extraHttpFunctions: [] as string[] };

describe('javascript adapter', () => {
	it('reads a counted retry loop: attempts, exponential delay without jitter, statuses', async () => {
		const { retries } = await facts(`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function get(url: string) {
	for (let attempt = 0; attempt < 5; attempt++) {
		const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
		if (res.ok) return res.json();
		if (res.status === 429 || res.status >= 500) { await sleep(100 * 2 ** attempt); continue; }
		throw new Error(String(res.status));
	}
}`);
		assert.equal(retries.length, 1);
		assert.equal(retries[0].kind, 'loop');
		assert.deepEqual(retries[0].attempts.kind === 'bounded' && retries[0].attempts.max, 5);
		assert.equal(retries[0].delay.kind, 'exponential');
		assert.equal(retries[0].delay.kind === 'exponential' && retries[0].delay.jitter, false);
		assert.deepEqual(retries[0].retryOn.statuses, [429, 500]);
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
	});

	it('does not take a loop over URLs or a paginated loop for a retry', async () => {
		const { retries } = await facts(`
export async function all(urls: string[]) {
	for (const url of urls) { const r = await fetch(url); if (!r.ok) throw new Error(); }
	let next: string | undefined = urls[0];
	while (next) { const r = await fetch(next); if (!r.ok) throw new Error(); next = (await r.json()).next; }
}`);
		assert.deepEqual(retries, []);
	});

	it('counts while (true) with a counter and an exit as bounded', async () => {
		const { retries } = await facts(`
import axios from 'axios';
export async function get(url: string) {
	let attempt = 0;
	while (true) {
		try { return (await axios.get(url)).data; }
		catch (err) { attempt++; if (attempt >= 3) throw err; }
	}
}`);
		assert.equal(retries[0].attempts.kind, 'bounded');
		assert.equal(retries[0].delay.kind, 'none');
		assert.equal(retries[0].retryOn.kind, 'any-error');
	});

	it('reads p-retry defaults and Infinity', async () => {
		const { retries } = await facts(`
import pRetry from 'p-retry';
import axios from 'axios';
pRetry(() => axios.get('/a'));
pRetry(() => axios.get('/b'), { retries: Infinity, randomize: true });`);
		assert.deepEqual(retries[0].attempts, { kind: 'bounded', max: 11 });
		assert.equal(retries[0].delay.kind === 'exponential' && retries[0].delay.jitter, false);
		assert.equal(retries[1].attempts.kind, 'unbounded');
		assert.equal(retries[1].delay.kind === 'exponential' && retries[1].delay.jitter, true);
	});

	it('marks a delay that is not awaited', async () => {
		const { retries } = await facts(`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function get(url: string) {
	for (let i = 0; i < 3; i++) {
		try { const r = await fetch(url); if (!r.ok) throw new Error(); return r.json(); }
		catch { sleep(1000); }
	}
}`);
		assert.equal(retries[0].delay.kind, 'not-awaited');
	});

	it('does not take an AbortSignal.timeout for the wait, and finds the sleep that is not awaited', async () => {
		for (const language of ['javascript', 'typescript'] as const) {
			const text = `
export async function get(url) {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
			if (res.ok) return res.json();
		} catch (err) {
			sleep(1000 * 2 ** attempt);
		}
	}
	throw new Error('gave up');
}`;
			const { retries } = await facts(text, language);
			assert.equal(retries.length, 1, language);
			const delay = retries[0].delay;
			assert.equal(delay.kind, 'not-awaited', language);
			assert.equal(delay.kind === 'not-awaited' && text.slice(delay.span.startIndex, delay.span.endIndex), 'sleep(1000 * 2 ** attempt)', language);
			// Awaited, the same sleep is the delay; the signal still is not.
			const awaited = (await facts(text.replace('sleep(1000', 'await sleep(1000'), language)).retries[0].delay;
			assert.equal(awaited.kind, 'exponential', language);
		}
	});

	it('finds status references in status contexts only', async () => {
		const { statusCodeRefs } = await facts(`
import { StatusCodes } from 'http-status-codes';
import axios from 'axios';
export async function get(res: Response) {
	if (res.status === 401) return 'login';
	if (res.status === StatusCodes.FORBIDDEN) return 'denied';
	await axios.get('/x', { timeout: 401 });
	const x = 403;
	return x;
}`);
		assert.deepEqual(
			statusCodeRefs.map((ref) => [ref.code, ref.form]),
			[
				[401, 'literal'],
				[403, 'constant'],
			],
		);
	});

	it('reads response use: checked, body used, escaping', async () => {
		const { httpCalls } = await facts(`
export async function a() { const r = await fetch('/a'); return r.json(); }
export async function b() { const r = await fetch('/b'); if (!r.ok) throw new Error(); return r.json(); }
export async function c() { return fetch('/c'); }`);
		assert.deepEqual(
			httpCalls.map((call) => [call.response.bodyUsed, call.response.statusChecked, call.response.escapes]),
			[
				[true, false, false],
				[true, true, false],
				[false, false, true],
			],
		);
		assert.equal(httpCalls[0].response.variable, 'r');
		assert.equal(httpCalls[0].timeout, 'none');
		assert.equal(httpCalls[0].method, 'GET');
	});

	it('reads axios instances and their timeouts', async () => {
		const { httpCalls } = await facts(`
import axios from 'axios';
const a = axios.create({ timeout: 1000 });
const b = axios.create({ baseURL: '/x' });
a.post('/p', {});
b.get('/g');`);
		assert.deepEqual(
			httpCalls.map((call) => [call.client, call.method, call.timeout, call.throwsOnHttpError]),
			[
				['axios', 'POST', 'set', true],
				['axios', 'GET', 'none', true],
			],
		);
	});

	it('treats configured httpFunctions as HTTP calls', async () => {
		const config = { ...defaultConfig(), httpFunctions: ['apiClient.get'] };
		const { facts: found } = await analyzeText("export async function f() { const r = await apiClient.get('/x'); return r.json(); }", 'javascript', config);
		assert.equal(found.httpCalls.length, 1);
		assert.equal(found.httpCalls[0].timeout, 'unknown');
	});

	it('skips files with no HTTP code without parsing', () => {
		assert.equal(javascriptAdapter.mightMatter('export const add = (a, b) => a + b;\n', options), false);
		assert.equal(javascriptAdapter.mightMatter("const r = await fetch('/x');", options), true);
		assert.equal(javascriptAdapter.mightMatter('callApi(1);', { extraHttpFunctions: ['callApi'] }), true);
		// `got` the word, and a bare `status`, are not HTTP code; got imported or called, and a status compared with a code, are.
		assert.equal(javascriptAdapter.mightMatter('// we got here: update the status\nconst status = load();\n', options), false);
		assert.equal(javascriptAdapter.mightMatter("import got from 'got';", options), true);
		assert.equal(javascriptAdapter.mightMatter('const r = await got.post(url);', options), true);
		assert.equal(javascriptAdapter.mightMatter('if (err.response.status === 401) await refresh();', options), true);
		assert.equal(javascriptAdapter.mightMatter('if (401 === res.statusCode) login();', options), true);
	});

	for (const language of ['javascript', 'typescript', 'typescriptreact'] as const) {
		it(`still finds problems in the valid parts of a broken ${language} file, and never throws`, async () => {
			const text = `
export async function broken( {
	const x = ;
}
export async function ok() {
	const res = await fetch('/api/me');
	return res.json();
}
`;
			const result = await analyzeText(text, language);
			assert.equal(result.hasSyntaxErrors, true);
			assert.ok(result.findings.some((finding) => finding.ruleId === 'unchecked-response-status'));
			for (let cut = 0; cut < text.length; cut += 7) await analyzeText(text.slice(0, cut), language);
		});
	}
});
