#!/usr/bin/env node
// `npm run editor`: try HTTP Guard in a real VS Code without installing one. Installs the
// host tooling if needed (.ci/editor-host/install.sh), builds the extension, and serves
// the examples workspace at http://127.0.0.1:<port>/ with HTTP Guard loaded as a
// development extension. Ctrl+C stops it (the server is killed by PID).
// Options: --port <n> (default 8123, or a free one if taken), --in-place (open examples/
// itself instead of a throwaway copy), --no-build, --check (load it once in headless
// Chromium, save test-results/editor-check.png, and exit).
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const host = require('../test/e2e/host');

function option(name) {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}
const flag = (name) => process.argv.includes(name);

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(server.address().port));
	});
}

async function main() {
	host.ensureTooling();
	if (!flag('--no-build')) host.buildExtension();
	const examples = path.join(host.ROOT, 'examples');
	const workspace = flag('--in-place') ? examples : host.copyWorkspace(examples);
	const server = await host.startServer();
	const target = host.workbenchUrl(server, workspace);

	// A short address that forwards to the workbench URL carrying the development
	// extension's payload (too long to type).
	const redirect = http.createServer((request, response) => {
		response.writeHead(302, { location: target });
		response.end();
	});
	const wanted = Number(option('--port') || process.env.PORT || 8123);
	let port;
	try {
		port = await listen(redirect, wanted);
	} catch {
		port = await listen(redirect, 0);
	}
	const address = `http://127.0.0.1:${port}/`;
	console.log('');
	console.log(`HTTP Guard in VS Code ${require(path.join(host.SERVER_MAIN, '..', '..', 'package.json')).version}: ${address}`);
	console.log(`  workspace: ${workspace}${workspace === examples ? '' : ' (a copy of examples/)'}`);
	console.log(`  direct URL: ${target}`);
	console.log('  Ctrl+C stops it.');

	if (flag('--check')) {
		const browser = await host.launchBrowser();
		try {
			const { context } = await host.newContext(browser);
			const page = await context.newPage();
			await page.goto(address, { waitUntil: 'domcontentloaded', timeout: 30_000 });
			await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
			await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 30_000 });
			const shot = path.join(host.ROOT, 'test-results', 'editor-check.png');
			fs.mkdirSync(path.dirname(shot), { recursive: true });
			await page.screenshot({ path: shot });
			console.log(`check: the workbench loaded; screenshot ${path.relative(host.ROOT, shot)}`);
		} finally {
			await browser.close();
			redirect.close();
			server.kill();
		}
		return;
	}
	await new Promise(() => undefined); // until Ctrl+C; host's signal hooks kill the server
}

main().catch((error) => {
	console.error(`[editor] ${error?.message ?? error}`);
	host.killAll();
	process.exit(1);
});
