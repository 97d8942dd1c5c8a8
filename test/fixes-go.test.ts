// Fixed Go must be code a Go developer would commit: every bad Go fixture, fixed with all
// fixes (`http-guard fix`, unsafe ones included), is left alone by `gofmt -l` and passes
// `go vet` (which type-checks it), and the helpers the fixes insert pass their Go tests. One
// temporary module holds every fixture as its own package; third-party imports resolve to the
// stubs in fixtures/fix-stubs/go through `replace` directives, with the network off.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../src/core/analyze';
import { type Config, defaultConfig } from '../src/core/config';
import { fixText } from '../src/core/fixes/index';
import type { LanguageId } from '../src/core/types';

const RULES = path.join(__dirname, 'fixtures', 'rules');
const STUBS = path.join(__dirname, 'fixtures', 'fix-stubs', 'go');
/** Shared across runs: compiling the standard library again each time would make the test slow. */
const GO_CACHE = path.join(os.tmpdir(), 'http-guard-go-cache');
/** Go tests of the inserted helpers, each copied into a fixed package that has the helper it names. */
const HELPER_TESTS: Record<string, string> = {
	backoffDelay: 'backoff_delay_test.go',
	httpFailureFields: 'http_failure_fields_test.go',
};
/** Module path -> stub directory. */
const STUB_MODULES: Record<string, string> = {
	'github.com/cenkalti/backoff/v4': 'backoff',
	'github.com/hashicorp/go-retryablehttp': 'retryablehttp',
	'github.com/google/uuid': 'uuid',
};

function goFixtures(): string[] {
	return fs
		.readdirSync(RULES)
		.flatMap((rule) => {
			const dir = path.join(RULES, rule, 'go');
			return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.startsWith('bad') && name.endsWith('.go')).map((name) => path.join(dir, name)) : [];
		});
}

function hasGoToolchain(): boolean {
	try {
		execFileSync('go', ['version'], { stdio: 'pipe' });
		execFileSync('gofmt', [], { input: 'package p\n', stdio: 'pipe' });
		return true;
	} catch {
		return false;
	}
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
	try {
		return execFileSync(command, args, { cwd, env, stdio: 'pipe', encoding: 'utf8' });
	} catch (error) {
		const failed = error as { stdout?: string; stderr?: string };
		assert.fail(`${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
	}
}

describe('Go fixes pass gofmt and go vet', function () {
	// One `go vet` over one module; the first run compiles the standard library into the cache.
	this.timeout(180_000);
	let dir: string;
	let env: NodeJS.ProcessEnv;
	/** Package directories (relative to the module) that go vet checks. */
	const vetted: string[] = [];
	/** Packages that hold a helper and its test. */
	const helperTested = new Map<string, string>();
	let fixed = 0;

	before(async function () {
		if (!hasGoToolchain()) {
			if (process.env.CI) assert.fail('go and gofmt are missing: .ci/toolchains.sh installs golang-go');
			console.log('    (skipped: no Go toolchain on this machine; .ci/toolchains.sh installs golang-go)');
			this.skip();
		}
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-go-'));
		const config = defaultConfig();
		const analyze = (text: string, language: LanguageId, cfg: Config) => analyzeText(text, language, cfg, { withFixes: true });
		for (const file of goFixtures()) {
			const { text } = await fixText(fs.readFileSync(file, 'utf8'), 'go', config, analyze, { unsafe: true });
			const rule = path.basename(path.dirname(path.dirname(file)));
			const pkg = path.join('fixed', rule, path.basename(file, '.go'));
			fs.mkdirSync(path.join(dir, pkg), { recursive: true });
			fs.writeFileSync(path.join(dir, pkg, path.basename(file)), text);
			fixed++;
			// log/slog arrived in Go 1.21 and CI's Debian Go may be older: such files get gofmt only.
			if (/"log\/slog"/.test(text)) continue;
			const pkgPath = `./${pkg.split(path.sep).join('/')}`;
			vetted.push(pkgPath);
			for (const [helper, testFile] of Object.entries(HELPER_TESTS)) {
				if (helperTested.has(helper) || !text.includes(`\nfunc ${helper}(`)) continue;
				fs.copyFileSync(path.join(STUBS, 'helper-tests', testFile), path.join(dir, pkg, testFile));
				helperTested.set(helper, pkgPath);
			}
		}
		const modules = Object.entries(STUB_MODULES);
		fs.writeFileSync(
			path.join(dir, 'go.mod'),
			[
				'module httpguard.test/fixed',
				'',
				'go 1.19',
				'',
				'require (',
				// A module path ending in /vN needs a vN version; the stubs answer to any.
				...modules.map(([module]) => `\t${module} v${/\/v(\d+)$/.exec(module)?.[1] ?? '0'}.0.0`),
				')',
				'',
				...modules.map(([module, stub]) => `replace ${module} => ${path.join(STUBS, stub)}`),
				'',
			].join('\n'),
		);
		env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: GO_CACHE, GOPATH: path.join(dir, '.gopath'), GO111MODULE: 'on', GOWORK: 'off' };
	});

	after(() => {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('gofmt -l lists no fixed fixture', () => {
		assert.ok(fixed > 0, 'no Go bad fixtures found');
		assert.equal(run('gofmt', ['-l', 'fixed'], dir, env).trim(), '');
	});

	it('go vet passes on every fixed fixture', () => {
		assert.ok(vetted.length > 0, 'no fixed Go package to vet');
		run('go', ['vet', ...vetted], dir, env);
	});

	it('the inserted helpers keep their promises (go test: backoff bounds, Retry-After, no secret logged)', () => {
		assert.deepEqual([...helperTested.keys()].sort(), Object.keys(HELPER_TESTS).sort(), 'a helper appears in no fixed fixture');
		run('go', ['test', ...new Set(helperTested.values())], dir, env);
	});
});
