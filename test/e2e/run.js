#!/usr/bin/env node
// The real-editor tests: HTTP Guard loaded in a real VS Code (code-server's server-main.js
// under a pinned Node 24) driven by Debian's Chromium through playwright-core.
//   1. the extension-host suite (test/e2e/suite/*.e2e.ts, mocha inside the extension host,
//      real vscode API), read back through codeAutomationExit and a results file;
//   2. the UI steps (test/e2e/ui.js): squiggle, hover, Ctrl+. fix, Explain Error panel,
//      with a screenshot of each step in test-results/e2e/.
// Fresh server folders, browser profile and workspace copy every run; the server is killed
// by PID on exit; every wait has a deadline. Env: E2E_ONLY=suite|ui, E2E_GREP=<mocha grep>,
// UPDATE_SCREENSHOTS=1 (copy the chosen shots to docs/screenshots/), SKIP_BUILD=1,
// KEEP_E2E_TMP=1, E2E_HEADED=1.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const host = require('./host');

const ROOT = host.ROOT;
const OUT = path.join(ROOT, 'out', 'e2e');
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const SUITE_TIMEOUT_MS = Number(process.env.E2E_SUITE_TIMEOUT_MS || 240_000);
const UI_TIMEOUT_MS = Number(process.env.E2E_UI_TIMEOUT_MS || 150_000);
const ONLY = process.env.E2E_ONLY || '';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`[e2e ${elapsed()}] ${message}`);

/** Rejects after `ms` with a message naming what took too long. */
function withDeadline(promise, ms, what) {
	let timer;
	const deadline = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function buildTests() {
	const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild'));
	fs.rmSync(path.join(OUT, 'suite'), { recursive: true, force: true });
	const suiteDir = path.join(__dirname, 'suite');
	const entries = fs.readdirSync(suiteDir).filter((file) => file === 'index.ts' || file.endsWith('.e2e.ts'));
	esbuild.buildSync({
		entryPoints: entries.map((file) => path.join(suiteDir, file)),
		bundle: true,
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		outdir: path.join(OUT, 'suite'),
		external: ['vscode'],
		sourcemap: 'inline',
		logLevel: 'error',
	});
}

/** examples/ plus the e2e fixtures, copied to a fresh temp folder. */
function workspaceCopy({ fixtures }) {
	const workspace = host.copyWorkspace(path.join(ROOT, 'examples'));
	if (fixtures) fs.cpSync(path.join(__dirname, 'fixtures', 'workspace'), workspace, { recursive: true });
	return workspace;
}

function computeExpectations(workspace, file) {
	const result = spawnSync(process.execPath, ['-r', 'esbuild-register', path.join(__dirname, 'expect.ts'), workspace, file], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (result.status !== 0) throw new Error(`computing expectations failed: ${result.stderr || result.error}`);
}

/** Loads the workbench for `folder`; resolves with the page once the editor area shows. */
async function openWorkbench(context, server, folder, options = {}) {
	const page = await context.newPage();
	page.on('pageerror', (error) => fs.appendFileSync(path.join(RESULTS, 'browser.log'), `pageerror: ${error.message}\n`));
	page.on('console', (message) => {
		if (message.type() === 'error') fs.appendFileSync(path.join(RESULTS, 'browser.log'), `console.error: ${message.text()}\n`);
	});
	if (options.beforeGoto) await options.beforeGoto(page);
	await page.goto(host.workbenchUrl(server, folder, options), { waitUntil: 'domcontentloaded', timeout: 30_000 });
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
	return page;
}

/** Phase 1: the mocha suite inside the extension host. Returns { passed, failed, skipped }. */
async function runSuite(browser, server) {
	const workspace = workspaceCopy({ fixtures: true });
	const expectFile = path.join(OUT, 'suite', 'expect.json');
	computeExpectations(workspace, expectFile);
	const resultsFile = path.join(RESULTS, 'suite-results.jsonl');
	fs.writeFileSync(resultsFile, '');
	fs.writeFileSync(
		path.join(OUT, 'suite', 'run-config.json'),
		JSON.stringify({ resultsFile, expectFile, workspace, grep: process.env.E2E_GREP || undefined }, null, 1),
	);
	const hostLog = path.join(RESULTS, 'extension-host.log');
	fs.writeFileSync(hostLog, '');

	const { context, blocked } = await host.newContext(browser);
	let resolveExit;
	const exited = new Promise((resolve) => {
		resolveExit = resolve;
	});
	// Print each result line as the suite writes it.
	let printed = 0;
	const counts = { passed: 0, failed: 0, skipped: 0 };
	const failures = [];
	const pump = () => {
		const lines = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
		for (; printed < lines.length; printed++) {
			const event = JSON.parse(lines[printed]);
			if (event.event === 'pass') {
				counts.passed++;
				console.log(`  ✓ ${event.title} (${event.ms ?? 0} ms)`);
			} else if (event.event === 'fail') {
				counts.failed++;
				failures.push(event);
				console.log(`  ✗ ${event.title}\n${indent(event.error, 6)}`);
			} else if (event.event === 'skip') {
				counts.skipped++;
				console.log(`  - ${event.title} (skipped)`);
			} else if (event.event === 'start') {
				say(`suite started in the extension host: ${event.files.join(', ')}`);
			}
		}
	};
	const ticker = setInterval(pump, 500);
	try {
		const page = await openWorkbench(context, server, workspace, {
			extensionTestsPath: path.join(OUT, 'suite', 'index.js'),
			beforeGoto: async (p) => {
				await p.exposeFunction('codeAutomationExit', (code, logs) => {
					for (const log of logs || []) fs.appendFileSync(hostLog, `=== ${log.relativePath}\n${log.contents}\n`);
					resolveExit(code);
				});
				await p.exposeFunction('codeAutomationLog', (type, args) => {
					fs.appendFileSync(hostLog, `[${type}] ${(args || []).map(String).join(' ')}\n`);
				});
			},
		});
		say('workbench loaded; waiting for the extension-host suite');
		const code = await withDeadline(exited, SUITE_TIMEOUT_MS, 'the extension-host suite to finish (see test-results/e2e/extension-host.log)');
		pump();
		await page.screenshot({ path: path.join(RESULTS, 'suite-end.png') }).catch(() => undefined);
		if (code !== 0 && counts.failed === 0) {
			counts.failed++;
			failures.push({ title: 'extension-host suite', error: `exit code ${code}; nothing reported as failed: see ${hostLog}` });
			console.log(`  ✗ the extension-host test runner exited with code ${code}\n${indent(host.readTail(hostLog, 30), 6)}`);
		}
	} finally {
		clearInterval(ticker);
		pump();
		if (blocked.length) say(`aborted ${blocked.length} request(s) off 127.0.0.1, e.g. ${blocked[0]}`);
		await context.close().catch(() => undefined);
	}
	return { ...counts, failures };
}

/** Phase 2: the UI steps a person would take, each with a screenshot. */
async function runUi(browser, server) {
	const workspace = workspaceCopy({ fixtures: true });
	const expectFile = path.join(RESULTS, 'ui-expect.json');
	computeExpectations(workspace, expectFile);
	const expected = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
	const { context, blocked } = await host.newContext(browser);
	const ui = require('./ui');
	try {
		const page = await openWorkbench(context, server, workspace);
		say('workbench loaded for the UI steps');
		return await withDeadline(ui.runSteps(page, { workspace, expected, shotsDir: RESULTS, log: say }), UI_TIMEOUT_MS, 'the UI steps');
	} finally {
		if (blocked.length) say(`aborted ${blocked.length} request(s) off 127.0.0.1, e.g. ${blocked[0]}`);
		await context.close().catch(() => undefined);
	}
}

function indent(text, n) {
	return String(text)
		.split('\n')
		.map((line) => ' '.repeat(n) + line)
		.join('\n');
}

/** The shots README shows, copied to docs/screenshots/ only with UPDATE_SCREENSHOTS=1. */
const PUBLISHED = ['diagnostic.png', 'hover.png', 'quick-fix.png', 'explain-error.png'];
function publishScreenshots() {
	const target = path.join(ROOT, 'docs', 'screenshots');
	fs.mkdirSync(target, { recursive: true });
	for (const name of PUBLISHED) {
		const from = path.join(RESULTS, name);
		if (fs.existsSync(from)) {
			fs.copyFileSync(from, path.join(target, name));
			say(`updated docs/screenshots/${name}`);
		}
	}
}

async function main() {
	fs.rmSync(RESULTS, { recursive: true, force: true });
	fs.mkdirSync(RESULTS, { recursive: true });
	fs.mkdirSync(OUT, { recursive: true });
	if (!process.env.SKIP_INSTALL) host.ensureTooling();
	// A last guard on top of every bounded wait: whatever hangs, the run ends.
	const totalMs = Number(process.env.E2E_TOTAL_TIMEOUT_MS || 8 * 60_000);
	setTimeout(() => {
		console.error(`[e2e] the run exceeded ${totalMs / 1000} s after installing; killing the VS Code server and failing`);
		console.log('e2e: 0 passed, 1 failed');
		host.killAll();
		process.exit(1);
	}, totalMs).unref();
	if (!process.env.SKIP_BUILD) {
		say('building the extension and the tests');
		host.buildExtension();
	}
	buildTests();

	const server = await host.startServer({ logFile: path.join(RESULTS, 'server.log') });
	say(`VS Code server (pid ${server.pid}) at ${server.url}`);
	let browser;
	const totals = { passed: 0, failed: 0, skipped: 0 };
	try {
		browser = await host.launchBrowser({ headless: !process.env.E2E_HEADED });
		if (ONLY !== 'ui') {
			const suite = await runSuite(browser, server);
			totals.passed += suite.passed;
			totals.failed += suite.failed;
			totals.skipped += suite.skipped;
			say(`extension-host suite: ${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped`);
		}
		if (ONLY !== 'suite') {
			let steps;
			try {
				steps = await runUi(browser, server);
			} catch (error) {
				steps = [{ name: 'UI steps', ok: false, error: String(error?.stack ?? error) }];
			}
			for (const step of steps) {
				if (step.ok) totals.passed++;
				else totals.failed++;
				console.log(step.ok ? `  ✓ ui: ${step.name}` : `  ✗ ui: ${step.name}\n${indent(step.error, 6)}`);
			}
		}
	} finally {
		if (browser) await browser.close().catch(() => undefined);
		server.kill();
	}
	if (process.env.UPDATE_SCREENSHOTS === '1') publishScreenshots();
	say(`screenshots and logs in ${path.relative(ROOT, RESULTS)}/`);
	console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
	return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
	(code) => {
		host.killAll();
		process.exit(code);
	},
	(error) => {
		console.error(`[e2e] ${error?.stack ?? error}`);
		// The last line keeps its shape whatever went wrong (install, build, server, browser).
		console.log('e2e: 0 passed, 1 failed');
		host.killAll();
		process.exit(1);
	},
);
