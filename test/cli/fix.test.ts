// `http-guard fix`: writes the same edits as the editor's quick fixes, shows them as a
// diff with --dry-run, only safe ones unless --unsafe, and a second run has nothing to do.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, TIGHT_LOOP, UNCHECKED_FETCH, type Workspace, workspace } from './helpers';

const PY_NO_TIMEOUT = `import requests


def load(url):
    resp = requests.get(url)
    resp.raise_for_status()
    return resp.json()
`;

describe('cli: http-guard fix', () => {
	let ws: Workspace | undefined;
	afterEach(() => {
		ws?.remove();
		ws = undefined;
	});

	it('--dry-run prints a unified diff, writes nothing and exits 1 when there is work', async () => {
		ws = workspace({ 'svc/load.py': PY_NO_TIMEOUT });
		const r = await cli(['fix', '--dry-run', 'svc'], ws.root);
		assert.equal(r.code, 1, r.err);
		assert.match(r.out, /^--- a\/svc\/load\.py$/m);
		assert.match(r.out, /^-    resp = requests\.get\(url\)$/m);
		assert.match(r.out, /^\+    resp = requests\.get\(url, timeout=10\)$/m);
		assert.match(r.err, /Would fix 1 problem in 1 file \(missing-request-timeout 1\)/);
		assert.equal(fs.readFileSync(path.join(ws.root, 'svc/load.py'), 'utf8'), PY_NO_TIMEOUT);
	});

	it('writes the fixes, after which check no longer reports them and a second fix has nothing to do', async () => {
		ws = workspace({ 'src/poll.js': TIGHT_LOOP });
		const before = await cli(['check', '--format', 'json', 'src'], ws.root);
		assert.match(before.out, /tight-retry-loop/);
		const r = await cli(['fix', 'src'], ws.root);
		assert.equal(r.code, 0, r.err);
		assert.match(r.err, /^Fixed \d+ problems? in 1 file/);
		const fixed = fs.readFileSync(path.join(ws.root, 'src/poll.js'), 'utf8');
		assert.match(fixed, /await backoffWithJitter\(/);
		const after = await cli(['check', '--format', 'json', 'src'], ws.root);
		assert.doesNotMatch(after.out, /tight-retry-loop/);
		const again = await cli(['fix', 'src'], ws.root);
		assert.equal(again.code, 0);
		assert.match(again.err, /^Nothing to fix/);
		assert.equal(fs.readFileSync(path.join(ws.root, 'src/poll.js'), 'utf8'), fixed);
	});

	it('applies behaviour-changing fixes (a status check) only with --unsafe', async () => {
		ws = workspace({ 'src/invoices.js': UNCHECKED_FETCH });
		await cli(['fix', '--rule', 'unchecked-response-status', 'src'], ws.root);
		assert.doesNotMatch(fs.readFileSync(path.join(ws.root, 'src/invoices.js'), 'utf8'), /status === 401/);
		const r = await cli(['fix', '--unsafe', '--rule', 'unchecked-response-status', 'src'], ws.root);
		assert.equal(r.code, 0, r.err);
		const fixed = fs.readFileSync(path.join(ws.root, 'src/invoices.js'), 'utf8');
		assert.match(fixed, /status === 401 \|\| \w+\.status === 403/);
		assert.doesNotMatch(fixed, /AbortSignal/, '--rule keeps other rules untouched');
	});

	it('exits 2 with one line for an unknown rule or a missing path', async () => {
		ws = workspace({});
		const unknown = await cli(['fix', '--rule', 'no-such-rule'], ws.root);
		assert.equal(unknown.code, 2);
		assert.equal(unknown.err.trim().split('\n').length, 1);
		const missing = await cli(['fix', 'nope/'], ws.root);
		assert.equal(missing.code, 2);
		assert.match(missing.err, /^http-guard: cannot read 'nope\/'/);
	});
});

describe('cli: http-guard check --show-retries', () => {
	it('lists every retry policy with its schedule', async () => {
		const ws = workspace({ 'src/poll.js': TIGHT_LOOP });
		try {
			const r = await cli(['check', '--show-retries', 'src'], ws.root);
			assert.match(r.out, /Retry policies \(1\):\n {2}src\/poll\.js:\d+:\d+ {2}⟳ .*attempts · /);
		} finally {
			ws.remove();
		}
	});
});
