import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import pkg from '../../package.json';
import { RULES } from '../../src/core/rules/index';
import { CLEAN_FETCH, cli, TIGHT_LOOP, UNCHECKED_FETCH, type Workspace, workspace } from './helpers';

// The schema is vendored as test data (no network in tests); see its $comment.
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
	const ok = validate(log);
	assert.ok(ok, ajv.errorsText(validate.errors, { separator: '\n' }));
}

describe('cli: SARIF output', () => {
	let ws: Workspace | undefined;
	afterEach(() => {
		ws?.remove();
		ws = undefined;
	});

	it('the vendored schema rejects what the official schema rejects', () => {
		const minimal = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] };
		assertValid(minimal);
		assert.equal(validate({ ...minimal, version: '2.0.0' }), false);
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a' }] }] }), false, 'result.message is required');
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' }, extra: 1 } }] }), false, 'no unknown properties');
		const badRegion = { message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 0 } } }] };
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [badRegion] }] }), false, 'lines are 1-based');
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] }), false);
	});

	it('is valid SARIF 2.1.0 with one run, the rules described and results located', async () => {
		ws = workspace({ 'src/invoices.js': UNCHECKED_FETCH, 'src/poll.js': TIGHT_LOOP, 'src/clean.js': CLEAN_FETCH, 'src/app.min.js': 'var a=1;'.repeat(100_000) });
		const r = await cli(['check', '--format', 'sarif'], ws.root);
		assert.equal(r.code, 1);
		assert.equal(r.err, '');
		const log = JSON.parse(r.out);
		assertValid(log);
		assert.equal(log.version, '2.1.0');
		assert.equal(log.runs.length, 1);
		const [run] = log.runs;
		assert.equal(run.columnKind, 'utf16CodeUnits');
		assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${ws.root}${path.sep}`).href);

		const driver = run.tool.driver;
		assert.equal(driver.name, 'HTTP Guard');
		assert.equal(driver.version, pkg.version);
		assert.match(driver.informationUri, /^https:\/\//);
		assert.deepEqual(driver.rules.map((rule: { id: string }) => rule.id), RULES.map((rule) => rule.meta.id));
		for (const [index, rule] of driver.rules.entries()) {
			const meta = RULES[index].meta;
			assert.equal(rule.shortDescription.text, meta.title);
			assert.equal(rule.fullDescription.text, meta.message);
			assert.ok(rule.help.text.length > 0 && rule.help.markdown === meta.docs);
			assert.match(rule.helpUri, new RegExp(`docs/rules/${meta.id}\\.md$`));
			assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
			const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[meta.defaultSeverity];
			assert.equal(rule.defaultConfiguration.level, level);
		}

		assert.ok(run.results.length >= 4);
		for (const result of run.results) {
			assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
			assert.ok(['error', 'warning', 'note'].includes(result.level));
			const location = result.locations[0].physicalLocation;
			assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
			assert.match(location.artifactLocation.uri, /^src\/(invoices|poll)\.js$/);
			for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(location.region[key] >= 1);
		}
		const unchecked = run.results.find((result: { ruleId: string }) => result.ruleId === 'unchecked-response-status');
		assert.deepEqual(unchecked.locations[0].physicalLocation.region.startLine, 2);
		assert.equal(unchecked.locations[0].physicalLocation.region.startColumn, UNCHECKED_FETCH.split('\n')[1].indexOf('fetch') + 1);
		assert.ok(run.results.some((result: { level: string }) => result.level === 'error'));
		assert.ok(run.results.some((result: { level: string }) => result.level === 'note'), 'information becomes note');

		// The skipped minified file is a note of the invocation.
		const [invocation] = run.invocations;
		assert.equal(invocation.executionSuccessful, true);
		assert.deepEqual(
			invocation.toolExecutionNotifications.map((n: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
				n.locations[0].physicalLocation.artifactLocation.uri,
				n.message.text,
			]),
			[['src/app.min.js', 'Skipped: minified.']],
		);
	});

	it('related locations are valid and numbered, and URIs are percent-encoded', async () => {
		ws = workspace({
			'my api/client.js': `export async function sync(url, body) {
	for (let attempt = 0; attempt < 5; attempt++) {
		try {
			return await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
		} catch (error) {
			sleep(1000 * 2 ** attempt);
		}
	}
}
`,
		});
		const r = await cli(['check', '-f', 'sarif'], ws.root);
		const log = JSON.parse(r.out);
		assertValid(log);
		const results = log.runs[0].results;
		assert.ok(results.length > 0, r.out);
		assert.ok(results.some((result: { relatedLocations: unknown[] }) => result.relatedLocations.length > 0), 'some result has related locations');
		for (const result of results) {
			assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'my%20api/client.js');
			for (const [id, related] of result.relatedLocations.entries()) {
				assert.equal(related.id, id);
				assert.equal(typeof related.message.text, 'string');
			}
		}
	});

	it('is valid with no results, and files outside the working folder get file: URIs', async () => {
		ws = workspace({ 'a/clean.js': CLEAN_FETCH, 'b/x.js': UNCHECKED_FETCH });
		const clean = JSON.parse((await cli(['check', '--format', 'sarif', 'a'], ws.root)).out);
		assertValid(clean);
		assert.deepEqual(clean.runs[0].results, []);
		const outside = await cli(['check', '--format', 'sarif', '../b'], path.join(ws.root, 'a'));
		const log = JSON.parse(outside.out);
		assertValid(log);
		const artifact = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
		assert.equal(artifact.uri, pathToFileURL(path.join(ws.root, 'b', 'x.js')).href);
		assert.equal(artifact.uriBaseId, undefined);
	});
});
