// Fixes for retries that are not loops: a function that calls itself from its failure path
// gets an attempt parameter, a limit, backoff with jitter before the call and a stop on
// 401/403; a `.catch(() => request())` chain gets the stop and the wait.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../src/core/analyze';
import { applyEdits } from '../src/core/fixes/edits';
import type { LanguageId } from '../src/core/types';

async function fixFor(text: string, language: LanguageId, rule: string): Promise<{ title: string; fixed: string; safe: boolean }> {
	const { findings } = await analyzeText(text, language, undefined, { withFixes: true });
	const finding = findings.find((f) => f.ruleId === rule);
	assert.ok(finding, `no ${rule}: ${findings.map((f) => f.ruleId).join(', ')}`);
	const fix = finding.fixes[0];
	assert.ok(fix, `no fix for ${rule}`);
	const fixed = applyEdits(text, fix.edits);
	const after = await analyzeText(fixed, language);
	assert.ok(!after.findings.some((f) => f.ruleId === rule), `${rule} still reported:\n${fixed}`);
	return { title: fix.title, fixed, safe: !!fix.safe };
}

describe('recursion and promise-chain retry fixes', () => {
	it('JS: an endless recursive retry gets an attempt parameter, a limit and backoff, and stops on 401/403', async () => {
		const text = [
			"import axios from 'axios';",
			'',
			'export async function register(node) {',
			'\ttry {',
			"\t\tconst { data } = await axios.put('https://registry.example.com/nodes', node, { timeout: 5000 });",
			'\t\treturn data;',
			'\t} catch (err) {',
			'\t\treturn register(node);',
			'\t}',
			'}',
			'',
		].join('\n');
		const { title, fixed, safe } = await fixFor(text, 'javascript', 'unbounded-retry');
		assert.equal(title, 'Bound the recursive retry: at most 5 attempts, backoff with jitter, none after 401/403');
		assert.equal(safe, false);
		assert.match(fixed, /export async function register\(node, attempt = 1\) \{/);
		assert.match(fixed, /\} catch \(err\) \{\n\t\tif \(\[401, 403\]\.includes\(err\?\.response\?\.status\)\) throw err;\n\t\tif \(attempt >= 5\) throw err;\n\t\tawait backoffWithJitter\(attempt\);\n\t\treturn register\(node, attempt \+ 1\);/);
	});

	it('JS: a counted-down recursion waits with backoff numbered from its own counter (a safe fix)', async () => {
		const text = [
			"import axios from 'axios';",
			'',
			'export async function fetchNews(topic, retries = 3) {',
			'\ttry {',
			'\t\tconst { data } = await axios.get(`https://news.example.com/${topic}`, { timeout: 5000 });',
			'\t\treturn data;',
			'\t} catch (err) {',
			'\t\tif (retries <= 0 || err.response?.status < 500) throw err;',
			'\t\treturn fetchNews(topic, retries - 1);',
			'\t}',
			'}',
			'',
		].join('\n');
		const { fixed, safe } = await fixFor(text, 'javascript', 'tight-retry-loop');
		assert.equal(safe, true);
		assert.match(fixed, /\t\tawait backoffWithJitter\(3 - retries\);\n\t\treturn fetchNews\(topic, retries - 1\);/);
		assert.match(fixed, /export async function fetchNews\(topic, retries = 3\) \{/);
	});

	it('TS: a promise chain that retries any error stops on 401/403 and waits first', async () => {
		const text = [
			"import axios from 'axios';",
			'',
			'export function getSettings(id: string) {',
			'\treturn axios.get(`https://settings.example.com/${id}`, { timeout: 5000 }).catch(() => axios.get(`https://settings.example.com/${id}`, { timeout: 5000 }));',
			'}',
			'',
		].join('\n');
		const { fixed } = await fixFor(text, 'typescript', 'retry-on-auth-failure');
		assert.match(fixed, /\.catch\(async \(error\) => \{\n\t\tif \(\[401, 403\]\.includes\(\(error as \{ response\?: \{ status\?: number \} \}\)\?\.response\?\.status \?\? 0\)\) throw error;\n\t\tawait backoffWithJitter\(1\);\n\t\treturn axios\.get\(/);
		assert.match(fixed, /^async function backoffWithJitter\(attempt: number/m);
	});

	it('Python: an endless recursive retry gets an attempt keyword, a bare raise at the limit and a sleep', async () => {
		const text = [
			'import requests',
			'',
			'',
			'def fetch_profile(url):',
			'    try:',
			'        r = requests.get(url, timeout=5)',
			'        r.raise_for_status()',
			'        return r.json()',
			'    except requests.ConnectionError:',
			'        return fetch_profile(url)',
			'',
		].join('\n');
		const { fixed } = await fixFor(text, 'python', 'unbounded-retry');
		assert.match(fixed, /def fetch_profile\(url, attempt=1\):/);
		assert.match(fixed, /    except requests\.ConnectionError:\n        if attempt >= 5:\n            raise\n        time\.sleep\(backoff_with_jitter\(attempt\)\)\n        return fetch_profile\(url, attempt=attempt \+ 1\)/);
		assert.match(fixed, /^import time$/m);
	});
});
