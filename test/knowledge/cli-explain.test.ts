import * as assert from 'node:assert/strict';
import { runExplain } from '../../src/cli/explain';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await runExplain(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => stdin });
	return { code, out, err };
}

describe('cli: http-guard explain', () => {
	it('explains 401 as text: name, meaning, causes, fix, retry, headers, FAQ, RFC', async () => {
		const r = await run(['401']);
		assert.equal(r.code, 0);
		assert.equal(r.err, '');
		for (const s of ['401 Unauthorized', 'RFC 9110, Section 15.5.2', 'What it means', 'Common causes', 'How to fix', 'In your client', 'Retry at most once', 'WWW-Authenticate', 'Is this on my side or theirs?', 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2']) {
			assert.ok(r.out.includes(s), `missing ${s}`);
		}
		assert.ok(!r.out.includes('\u001b'), 'no ANSI by default');
	});

	it('explains ECONNRESET', async () => {
		const r = await run(['ECONNRESET']);
		assert.equal(r.code, 0);
		assert.match(r.out, /ECONNRESET: connection reset by peer/);
		assert.match(r.out, /keep-alive/);
		assert.match(r.out, /Idempotency-Key/);
	});

	it('explains a Bearer insufficient_scope challenge with the scope named', async () => {
		const r = await run(['Bearer error="insufficient_scope", scope="repo"', '--format', 'markdown']);
		assert.equal(r.code, 0);
		assert.match(r.out, /^# /);
		assert.match(r.out, /lacks the scope "repo"/);
		assert.match(r.out, /403 Forbidden/);
		assert.match(r.out, /Refreshing keeps the old scopes/);
	});

	it('prints the Explanation object as JSON', async () => {
		const r = await run(['--format=json', 'HTTP/1.1 429 Too Many Requests']);
		const e = JSON.parse(r.out);
		assert.equal(e.recognised, true);
		assert.equal(e.items[0].status.code, 429);
		assert.equal(e.items[0].status.retry, 'after-retry-after');
	});

	it('reads stdin when the text is -', async () => {
		const r = await run(['-', '--format', 'json'], 'Traceback...\nrequests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://x');
		assert.equal(r.code, 0);
		assert.equal(JSON.parse(r.out).items[0].id, 'status:503');
	});

	it('joins unquoted words into one text', async () => {
		const r = await run(['Request', 'failed', 'with', 'status', 'code', '502']);
		assert.match(r.out, /502 Bad Gateway/);
	});

	it('exits 0 with a helpful answer for unknown input', async () => {
		const r = await run(['what is this']);
		assert.equal(r.code, 0);
		assert.match(r.out, /Not recognised/);
		assert.match(r.out, /Paste one of/);
	});

	it('exits 2 with a one-line reason for bad usage', async () => {
		for (const args of [[], ['--format', 'xml', '401'], ['--format'], ['--bogus', '401'], ['   ']]) {
			const r = await run(args);
			assert.equal(r.code, 2, JSON.stringify(args));
			assert.equal(r.out, '');
			assert.equal(r.err.trim().split('\n').length, 1, r.err);
		}
		const empty = await run(['-'], '   ');
		assert.equal(empty.code, 2);
	});

	it('accepts text that starts with a dash after --', async () => {
		const r = await run(['--', '-1 HTTP/1.1 404 Not Found']);
		assert.equal(r.code, 0);
		assert.match(r.out, /404 Not Found/);
	});

	it('prints usage for --help', async () => {
		const r = await run(['--help']);
		assert.equal(r.code, 0);
		assert.match(r.out, /usage: http-guard explain/);
	});
});

// docs/explain-examples.md holds the real output of three commands. This test keeps it true:
// run with UPDATE_EXPLAIN_EXAMPLES=1 to rewrite it after changing the knowledge base.
describe('docs/explain-examples.md', () => {
	const EXAMPLES: { args: string[]; shell: string }[] = [
		{ args: ['401'], shell: 'http-guard explain 401' },
		{ args: ['ECONNRESET'], shell: 'http-guard explain "ECONNRESET"' },
		{ args: ['Bearer error="insufficient_scope", scope="repo"'], shell: `http-guard explain 'Bearer error="insufficient_scope", scope="repo"'` },
	];

	async function render(): Promise<string> {
		const parts = [
			'# `http-guard explain`: example output',
			'',
			'The real output of three commands, in the default text format. `--format markdown` prints the same content as Markdown',
			'(what the Explain panel and the hover show) and `--format json` prints the `Explanation` object. `-` reads the text',
			'from stdin, so a whole stack trace or a response dump can be piped in. This file is checked by',
			'`test/knowledge/cli-explain.test.ts`; regenerate it with `UPDATE_EXPLAIN_EXAMPLES=1 npx mocha test/knowledge/cli-explain.test.ts`.',
			'',
		];
		for (const ex of EXAMPLES) {
			const r = await run(ex.args);
			parts.push(`## \`${ex.shell}\``, '', '```text', r.out.trimEnd(), '```', '');
		}
		return parts.join('\n');
	}

	it('shows the current output of explain 401, ECONNRESET and a Bearer insufficient_scope challenge', async () => {
		const fs = await import('node:fs');
		const path = await import('node:path');
		const file = path.join(__dirname, '..', '..', 'docs', 'explain-examples.md');
		const want = await render();
		if (process.env.UPDATE_EXPLAIN_EXAMPLES) fs.writeFileSync(file, want);
		assert.equal(fs.readFileSync(file, 'utf8'), want, 'docs/explain-examples.md is stale: regenerate it');
	});
});
