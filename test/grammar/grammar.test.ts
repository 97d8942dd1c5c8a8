// Runs the TextMate grammar tests (vscode-tmgrammar-test) for the status-code injection,
// with the grammars as package.json contributes them and a stand-in for VS Code's log grammar.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('status code grammar', () => {
	it('scopes status codes by class in logs and plain text, and nothing else', function () {
		this.timeout(30000);
		const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
		const result = spawnSync(
			process.execPath,
			[cli, '--config', 'package.json', '-g', 'test/grammar/log.tmLanguage.json', 'test/grammar/statuses.test.log', 'test/grammar/statuses.test.txt'],
			{ cwd: ROOT, encoding: 'utf8' },
		);
		assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
		assert.match(result.stdout, /statuses\.test\.log run successfu/);
		assert.match(result.stdout, /statuses\.test\.txt run successfu/);
	});
});
