// Library-aware fixes: a hand-written retry loop is rewritten onto the retry library the
// project already uses (p-retry; tenacity or backoff), offered beside the inline backoff
// and preferred, only when the project declares the library or the file imports it; and
// `http-guard fix` finds the dependency in the project's package.json.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../src/core/analyze';
import { defaultConfig } from '../src/core/config';
import { applyEdits } from '../src/core/fixes/edits';
import { fixText } from '../src/core/fixes/index';
import type { Finding, LanguageId } from '../src/core/types';
import { cli, workspace, type Workspace } from './cli/helpers';

const config = defaultConfig();

const JS_LOOPS = `import axios from 'axios';

export async function fetchQuote(symbol) {
	for (let attempt = 0; attempt < 5; attempt++) {
		try {
			const { data } = await axios.get(\`https://quotes.example.com/\${symbol}\`, { timeout: 2000 });
			return data;
		} catch (err) {
			if (err.response?.status === 404) throw err;
		}
	}
	throw new Error('quote unavailable');
}

export async function fetchIndex(name) {
	while (true) {
		try {
			const { data } = await axios.get(\`https://index.example.com/\${name}\`, { timeout: 2000 });
			return data;
		} catch (err) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}
`;

const PY_LOOP = `import time

import requests


def deliver(url, payload):
    for attempt in range(4):
        try:
            r = requests.get(url, params=payload, timeout=5)
            r.raise_for_status()
            return r.json()
        except requests.RequestException as exc:
            if getattr(exc.response, "status_code", None) == 404:
                raise
            time.sleep(1)
    raise RuntimeError("delivery failed")
`;

async function findingsOf(text: string, language: LanguageId, dependencies: string[]): Promise<Finding[]> {
	return (await analyzeText(text, language, config, { withFixes: true, dependencies: new Set(dependencies) })).findings;
}

function fixesOf(findings: Finding[], rule: string, line: number) {
	const finding = findings.find((f) => f.ruleId === rule && f.span.start.line + 1 === line);
	assert.ok(finding, `no ${rule} finding on line ${line}: ${findings.map((f) => `${f.ruleId}@${f.span.start.line + 1}`).join(', ')}`);
	return finding.fixes;
}

async function fixAll(text: string, language: LanguageId, dependencies: string[]): Promise<string> {
	const analyze = (t: string, l: LanguageId) => analyzeText(t, l, config, { withFixes: true, dependencies: new Set(dependencies) });
	const once = await fixText(text, language, config, analyze, { unsafe: true });
	const twice = await fixText(once.text, language, config, analyze, { unsafe: true });
	assert.equal(twice.text, once.text, 'a second fix changes nothing');
	return once.text;
}

describe('library-aware fixes', () => {
	describe('p-retry', () => {
		it('is not offered when the project does not use p-retry', async () => {
			const fixes = fixesOf(await findingsOf(JS_LOOPS, 'javascript', []), 'tight-retry-loop', 4);
			assert.ok(fixes.length > 0);
			assert.ok(fixes.every((fix) => !/p-retry/.test(fix.title)));
		});

		it('is offered and preferred beside the inline backoff when package.json declares it', async () => {
			const fixes = fixesOf(await findingsOf(JS_LOOPS, 'javascript', ['p-retry']), 'tight-retry-loop', 4);
			assert.deepEqual(fixes.map((fix) => [/p-retry/.test(fix.title), !!fix.isPreferred]), [[true, true], [false, false]]);
			const fixed = applyEdits(JS_LOOPS, fixes[0].edits);
			assert.match(fixed, /return await pRetry\(async \(\) => \{\n\t\ttry \{/);
			assert.match(fixed, /if \(err\.response\?\.status === 404\) throw new AbortError\(err\);/);
			assert.match(fixed, /if \(\[401, 403\]\.includes\(err\?\.response\?\.status\)\) throw new AbortError\(err\);/);
			assert.match(fixed, /\}, \{ retries: 4, factor: 2, minTimeout: 250, maxTimeout: 20_000, randomize: true \}\);\n\}/);
			assert.doesNotMatch(fixed, /quote unavailable/);
			const after = await findingsOf(fixed, 'javascript', ['p-retry']);
			assert.ok(!after.some((f) => f.ruleId === 'tight-retry-loop' && f.span.start.line + 1 === 4));
		});

		it('is offered when the file imports p-retry, and extends that import', async () => {
			const text = JS_LOOPS.replace("import axios from 'axios';", "import axios from 'axios';\nimport pRetry from 'p-retry';");
			const fixes = fixesOf(await findingsOf(text, 'javascript', []), 'tight-retry-loop', 5);
			assert.match(fixes[0].title, /p-retry/);
			assert.match(applyEdits(text, fixes[0].edits), /^import pRetry, \{ AbortError \} from 'p-retry';$/m);
		});

		it('adds the import once when every loop of the file is rewritten', async () => {
			const fixed = await fixAll(JS_LOOPS, 'javascript', ['p-retry']);
			assert.equal(fixed.match(/from 'p-retry'/g)?.length, 1);
			assert.equal(fixed.match(/await pRetry\(/g)?.length, 2);
			assert.doesNotMatch(fixed, /for \(let attempt|while \(true\)|setTimeout/);
			assert.deepEqual((await findingsOf(fixed, 'javascript', ['p-retry'])).filter((f) => /retry/.test(f.ruleId)), []);
		});

		it('leaves loops alone that it cannot rewrite with certainty', async () => {
			// The counter is used inside the loop (p-retry would not provide it).
			const text = JS_LOOPS.replace('{ timeout: 2000 });\n\t\t\treturn data;', '{ timeout: 2000, headers: { "x-attempt": String(attempt) } });\n\t\t\treturn data;');
			const fixes = fixesOf(await findingsOf(text, 'javascript', ['p-retry']), 'tight-retry-loop', 4);
			assert.ok(fixes.every((fix) => !/p-retry/.test(fix.title)));
		});
	});

	describe('tenacity and backoff', () => {
		const compiles = (text: string) => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-lib-'));
			try {
				fs.writeFileSync(path.join(dir, 'fixed.py'), text);
				execFileSync('python3', ['-m', 'py_compile', path.join(dir, 'fixed.py')], { stdio: 'pipe' });
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};

		it('offers no decorator when the project uses neither', async () => {
			const fixes = fixesOf(await findingsOf(PY_LOOP, 'python', []), 'retry-without-backoff', 7);
			assert.ok(fixes.every((fix) => !/tenacity|backoff's/.test(fix.title)));
		});

		it("offers tenacity's @retry, preferred, when requirements declare tenacity", async () => {
			const fixes = fixesOf(await findingsOf(PY_LOOP, 'python', ['tenacity']), 'retry-without-backoff', 7);
			assert.deepEqual(fixes.map((fix) => [/tenacity/.test(fix.title), !!fix.isPreferred]), [[true, true], [false, false]]);
			const fixed = applyEdits(PY_LOOP, fixes[0].edits);
			assert.match(fixed, /^from tenacity import retry, stop_after_attempt, wait_random_exponential, retry_if_exception$/m);
			assert.match(fixed, /^@retry\(stop=stop_after_attempt\(4\), wait=wait_random_exponential\(multiplier=0\.25, max=20\), retry=retry_if_exception\(lambda exc: isinstance\(exc, requests\.RequestException\) and not \(\(getattr\(exc\.response, "status_code", None\) == 404\) or \(.* in \(401, 403\)\)\)\), reraise=True\)\ndef deliver/m);
			assert.match(fixed, /def deliver\(url, payload\):\n    r = requests\.get\(url, params=payload, timeout=5\)\n    r\.raise_for_status\(\)\n    return r\.json\(\)\n$/);
			compiles(fixed);
			assert.ok(!(await findingsOf(fixed, 'python', ['tenacity'])).some((f) => /retry-without-backoff|unbounded-retry|retry-on-auth-failure/.test(f.ruleId)));
		});

		it('imports from tenacity once when two loops of the file become decorators', async () => {
			const second = PY_LOOP.split('\n\n\n')[1].replace(/deliver/g, 'publish').replace('range(4)', 'range(3)');
			const fixed = await fixAll(`${PY_LOOP}\n\n${second}`, 'python', ['tenacity']);
			assert.equal(fixed.match(/^from tenacity import /gm)?.length, 1);
			assert.equal(fixed.match(/^@retry\(/gm)?.length, 2);
			assert.match(fixed, /stop_after_attempt\(3\)/);
			compiles(fixed);
		});

		it("offers backoff's @on_exception when the project uses backoff", async () => {
			const fixes = fixesOf(await findingsOf(PY_LOOP, 'python', ['backoff']), 'retry-without-backoff', 7);
			const fixed = applyEdits(PY_LOOP, fixes[0].edits);
			assert.match(fixed, /^import backoff$/m);
			assert.match(fixed, /^@backoff\.on_exception\(backoff\.expo, requests\.RequestException, max_tries=4, factor=0\.25, max_value=20, jitter=backoff\.full_jitter, giveup=lambda exc: /m);
			compiles(fixed);
			assert.ok(!(await findingsOf(fixed, 'python', ['backoff'])).some((f) => /retry-without-backoff|retry-on-auth-failure/.test(f.ruleId)));
		});
	});

	describe('http-guard fix', () => {
		let ws: Workspace | undefined;
		afterEach(() => {
			ws?.remove();
			ws = undefined;
		});

		it("uses p-retry in a project whose package.json depends on it, found above the file's folder", async () => {
			ws = workspace({ 'package.json': JSON.stringify({ name: 'quotes', dependencies: { axios: '^1.7.0', 'p-retry': '^6.2.0' } }), 'src/api/quotes.js': JS_LOOPS });
			fs.mkdirSync(path.join(ws.root, '.git'));
			const r = await cli(['fix', 'src'], ws.root);
			assert.equal(r.code, 0, r.err);
			const fixed = fs.readFileSync(path.join(ws.root, 'src/api/quotes.js'), 'utf8');
			assert.match(fixed, /^import pRetry, \{ AbortError \} from 'p-retry';$/m);
			assert.equal(fixed.match(/await pRetry\(/g)?.length, 2);
		});

		it('inlines the backoff helper in a project without p-retry', async () => {
			ws = workspace({ 'package.json': JSON.stringify({ name: 'quotes', dependencies: { axios: '^1.7.0' } }), 'src/quotes.js': JS_LOOPS });
			fs.mkdirSync(path.join(ws.root, '.git'));
			const r = await cli(['fix', 'src'], ws.root);
			assert.equal(r.code, 0, r.err);
			const fixed = fs.readFileSync(path.join(ws.root, 'src/quotes.js'), 'utf8');
			assert.doesNotMatch(fixed, /p-retry/);
			assert.match(fixed, /await backoffWithJitter\(attempt, /);
		});
	});
});
