import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { cli } from './helpers';

// examples/ is what `npm start` checks: each file shows what its README row says.
const ROOT = path.join(__dirname, '..', '..');

interface JsonFile {
	path: string;
	findings: { ruleId: string }[];
}

async function checkExamples(): Promise<Map<string, string[]>> {
	const r = await cli(['check', 'examples', '--format', 'json', '--no-config'], ROOT);
	assert.equal(r.err, '');
	const files = JSON.parse(r.out) as JsonFile[];
	return new Map(files.map((file) => [file.path, [...new Set(file.findings.map((f) => f.ruleId))].sort()]));
}

describe('cli: examples/', () => {
	it('JavaScript and TypeScript examples report what the README says, and the clean client nothing', async () => {
		const found = await checkExamples();
		assert.deepEqual(found.get('examples/js/payments-client.js'), [
			'missing-request-timeout',
			'retry-non-idempotent',
			'retry-on-auth-failure',
			'swallowed-http-error',
			'tight-retry-loop',
			'unchecked-response-status',
		]);
		assert.deepEqual(found.get('examples/ts/github-client.ts'), ['auth-refresh-loop', 'tight-retry-loop']);
		assert.equal(found.get('examples/js/clean-client.js'), undefined);
	});

	it('Python examples report problems, and the clean client nothing (once the Python adapter is in)', async function () {
		const probe = await analyzeText('import requests\nrequests.get(url)\n', 'python');
		if (probe.facts.httpCalls.length === 0) this.skip(); // the Python adapter has not landed yet
		const found = await checkExamples();
		for (const rule of ['missing-request-timeout', 'swallowed-http-error', 'unbounded-retry']) {
			assert.ok(found.get('examples/python/billing.py')?.includes(rule), `billing.py: ${rule}`);
		}
		for (const rule of ['retry-on-auth-failure', 'ignored-retry-after']) {
			assert.ok(found.get('examples/python/sync_service.py')?.includes(rule), `sync_service.py: ${rule}`);
		}
		assert.equal(found.get('examples/python/clean_client.py'), undefined);
	});
});
