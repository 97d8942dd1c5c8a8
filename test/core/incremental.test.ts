// DocumentAnalyzer.update re-reads only the top-level statements an edit touched: after each
// of many random edits (characters and lines typed and deleted inside and between functions
// and in the imports, syntax broken and restored), its findings and facts must be exactly
// those of analyzeText on the same text. Seeded, so every run makes the same edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bigFile } from '../../bench/bigfile';
import { analyzeText, DocumentAnalyzer } from '../../src/core/analyze';
import { languageForPath } from '../../src/core/languages/index';
import { countExtractions, observable } from './incremental-helpers';
import type { LanguageId } from '../../src/core/types';

const ROOT = path.join(__dirname, '..', '..');

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Lines a developer might type whole: declarations, imports, waits, status checks, a stray brace. */
const LINES: Record<'js' | 'python' | 'go', string[]> = {
	js: [
		"import axios from 'axios';",
		"import pRetry from 'p-retry';",
		"const { randomUUID } = require('node:crypto');",
		'const delay = 1000;',
		'const RETRYABLE = [429, 503];',
		'let results = [];',
		'const api = axios.create({ timeout: 5000 });',
		'function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }',
		'async function fetch(url) { return url; }',
		'await sleep(delay);',
		'if (res.status === 401) throw new Error("auth");',
		'for (;;) { await fetch(url); }',
		'}',
		'{',
		'// http-guard-disable-next-line',
		'',
	],
	python: [
		'import requests',
		'from tenacity import retry',
		'DELAY = 2',
		'RETRYABLE = [429, 503]',
		'session = requests.Session()',
		'def sleep_for(n):\n    time.sleep(n)',
		'    time.sleep(DELAY)',
		'    if r.status_code == 401:\n        raise Exception("auth")',
		'while True:\n    requests.get(url)',
		'    pass',
		'# http-guard-disable-next-line',
		'',
		// Names one statement gives others: a response read at module level (the whole file is
		// its scope), status and response variables, clients and their settings, constants, helpers.
		'r = requests.get(url)',
		'    if not r:\n        raise ValueError()',
		'status = r.status_code',
		'    code = status',
		'    if code == 401:\n        refresh_token()\n        return fetch(url)',
		's = requests.Session()',
		's.mount("https://", adapter)',
		'def call(session):\n    return session.get(url)',
		'@retry(stop=stop_after_attempt(MAX_ATTEMPTS), wait=wait_fixed(DELAY))\ndef go():\n    return requests.get(url)',
		'MAX_ATTEMPTS = 3',
		'import httpx',
		'for attempt in range(3):\n    r = requests.get(url)\n    if r.ok:\n        break\n    time.sleep(DELAY)',
		'Retry(total=MAX_ATTEMPTS, status_forcelist=RETRYABLE)',
		'def backoff_for(n):\n    return 2 ** n',
		'    time.sleep(backoff_for(attempt))',
		'try:\n    requests.get(url)\nexcept Unauthorized:\n    refresh()\n    requests.get(url)',
	],
	go: [
		'var client = &http.Client{Timeout: 5 * time.Second}',
		'var api = retryablehttp.NewClient()',
		'const retryDelay = 2 * time.Second',
		'func sleepFor(n int) { time.Sleep(time.Duration(n) * time.Second) }',
		'\ttime.Sleep(retryDelay)',
		'\tcode := resp.StatusCode',
		'\tif code == 403 {\n\t\treturn nil, nil\n\t}',
		'\tif resp.StatusCode == 401 {\n\t\treturn nil, errors.New("auth")\n\t}',
		'for attempt := 0; attempt < 3; attempt++ {\n\tresp, err := http.Get(url)\n\tif err == nil && resp.StatusCode == 200 {\n\t\treturn resp, nil\n\t}\n}',
		'\tclient.Timeout = 10 * time.Second',
		'func init() { api.RetryMax = 3 }',
		'\tresp, err := client.Do(req)',
		'\treturn backoff.Retry(fetchOnce, backoff.NewExponentialBackOff())',
		'func fetchOnce() error {\n\t_, err := http.Get("https://example.com")\n\treturn err\n}',
		'\tif err != nil {\n\t\treturn nil\n\t}',
		'}',
		'{',
		'// http-guard-disable-next-line',
		'',
	],
};

/**
 * The seeds' base: fixed, so a failure replays. `INCREMENTAL_SEED=<n> npx mocha ...` explores
 * other edits (then only equality is checked: how many updates took the re-read path varies).
 */
const SEED = Number(process.env.INCREMENTAL_SEED ?? 1000);
const EXPLORING = process.env.INCREMENTAL_SEED !== undefined;

const CHARACTERS = 'aex_1 \n{}();:\'"=.#';

interface Source {
	name: string;
	language: LanguageId;
	text: string;
}

function sources(): Source[] {
	const list: Source[] = (['javascript', 'typescript', 'python'] as const).map((language) => ({ name: `bench 5k-line ${language}`, language, text: bigFile(language).text }));
	const files = ['examples/js/payments-client.js', 'examples/ts/github-client.ts', 'examples/python/billing.py', 'examples/python/sync_service.py'];
	for (const rule of fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'rules')).sort()) {
		for (const language of ['javascript', 'typescript']) {
			const bad = path.join('test', 'fixtures', 'rules', rule, language, language === 'javascript' ? 'bad.js' : 'bad.ts');
			if (fs.existsSync(path.join(ROOT, bad))) files.push(bad);
		}
	}
	for (const file of files) list.push({ name: file, language: languageForPath(file)!, text: fs.readFileSync(path.join(ROOT, file), 'utf8') });
	// Go last: each source's seed is its place in this list, and the others' edits stay as they were.
	list.push({ name: 'bench 5k-line go', language: 'go', text: bigFile('go').text });
	for (const file of ['examples/go/billing_client.go', 'examples/go/github_client.go']) list.push({ name: file, language: 'go', text: fs.readFileSync(path.join(ROOT, file), 'utf8') });
	return list;
}

/** Where an edit goes: anywhere, at a line start (between statements), just inside a block, or in the imports. */
function position(text: string, next: () => number): number {
	const pick = next();
	if (pick < 0.25) return Math.floor(next() * (text.length + 1));
	if (pick < 0.5) {
		const at = text.indexOf('\n', Math.floor(next() * text.length));
		return at < 0 ? text.length : at + 1;
	}
	if (pick < 0.8) {
		const at = text.indexOf(next() < 0.5 ? '{' : ':\n', Math.floor(next() * text.length));
		return at < 0 ? text.length : at + 1;
	}
	return Math.floor(next() * Math.min(text.length, 600));
}

/**
 * One random edit: mostly what keeps the syntax (a character typed onto or deleted from a
 * name, a line typed or deleted), sometimes any character anywhere. A text that no longer
 * parses is usually mended on the next edit (back to the text before), as a developer would.
 */
function edit(text: string, history: string[], lines: string[], broken: boolean, next: () => number): string {
	if (history.length > 1 && next() < (broken ? 0.7 : 0.05)) {
		history.pop();
		return history[history.length - 1];
	}
	const kind = next();
	const at = position(text, next);
	if (kind < 0.55) {
		// Onto the end of the next name: rename it by one character, typed or deleted.
		const word = /[A-Za-z_$][\w$]*/g;
		word.lastIndex = at;
		const match = word.exec(text);
		if (match) {
			const end = match.index + match[0].length;
			if (kind < 0.4 || match[0].length < 2) return text.slice(0, end) + 'abcxyz_1'[Math.floor(next() * 8)] + text.slice(end);
			return text.slice(0, end - 1) + text.slice(end);
		}
	}
	if (kind < 0.75) {
		const lineStart = text.lastIndexOf('\n', at - 1) + 1;
		return text.slice(0, lineStart) + lines[Math.floor(next() * lines.length)] + '\n' + text.slice(lineStart);
	}
	if (kind < 0.85) {
		const start = text.lastIndexOf('\n', at - 1) + 1;
		const end = text.indexOf('\n', at);
		return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
	}
	if (kind < 0.93) return text.slice(0, at) + CHARACTERS[Math.floor(next() * CHARACTERS.length)] + text.slice(at);
	return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
}

describe('incremental re-analysis equals analysis from scratch', function () {
	this.timeout(300_000);
	const all = sources();
	all.forEach((source, index) => {
		const edits = source.name.startsWith('bench') ? 40 : 25;
		it(`${source.name}: ${edits} random edits`, async () => {
			const next = random(SEED + index);
			const analyzer = (await DocumentAnalyzer.create(source.language))!;
			// A pass-through: the count says which path each Python and Go update took.
			const share = PARTIAL[source.name];
			const extractions = share !== undefined ? countExtractions(source.language) : undefined;
			let partial = 0;
			let text = source.text;
			const history = [text];
			assert.deepEqual(observable(analyzer.update(text)), observable(await analyzeText(text, source.language)), 'first update');
			let broken = false;
			for (let step = 1; step <= edits; step++) {
				text = edit(text, history, LINES[source.language === 'python' || source.language === 'go' ? source.language : 'js'], broken, next);
				if (history[history.length - 1] !== text) history.push(text);
				const before = extractions && { ...extractions };
				const result = analyzer.update(text);
				if (extractions && before && extractions.focused > before.focused && extractions.whole === before.whole) partial++;
				broken = result.hasSyntaxErrors;
				const incremental = observable(result);
				const scratch = observable(await analyzeText(text, source.language));
				assert.deepEqual(incremental, scratch, `edit ${step} of ${source.name}`);
			}
			analyzer.close();
			extractions?.restore();
			// These cases must test the re-read path, not the full read it falls back on.
			if (extractions && share !== undefined && !EXPLORING) assert.ok(partial >= edits * share, `${partial} of ${edits} updates of ${source.name} re-read only the edited statements`);
		});
	});
});

/**
 * The share of Python and Go updates that must re-read only the edited statements. The others
 * broke the syntax, changed a name many statements share, or left an HTTP call outside any
 * function (a line typed at column 0 ends a Python function): its facts read the whole file.
 */
const PARTIAL: Record<string, number> = {
	'bench 5k-line python': 0.25,
	'examples/python/billing.py': 0.2,
	'examples/python/sync_service.py': 0.2,
	'bench 5k-line go': 0.25,
	'examples/go/billing_client.go': 0.2,
	'examples/go/github_client.go': 0.2,
};
