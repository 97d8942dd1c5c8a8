// Measures extension activation: loads dist/extension.js with a stand-in `vscode` module
// (resolved through a module-load hook) and times `require` + `activate()`. The stand-in
// answers every property and call with another stand-in, so activation runs its real code
// path without an editor. Usage: node bench/activation.js [--runs N]
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const BUDGET_MS = 50;
const extensionPath = path.resolve(__dirname, '..', 'dist', 'extension.js');

function standIn(name) {
	const target = function () {};
	const assigned = new Map();
	return new Proxy(target, {
		set(_, key, value) {
			assigned.set(key, value);
			return true;
		},
		get(_, key) {
			if (assigned.has(key)) return assigned.get(key);
			if (key === 'then') return undefined; // not a thenable
			if (key === Symbol.toPrimitive) return () => `[vscode ${name}]`;
			if (key === Symbol.iterator) return function* () {};
			if (key === 'workspaceFolders' || key === 'textDocuments' || key === 'visibleTextEditors' || key === 'activeTextEditor' || key === 'activeTerminal') return undefined;
			return standIn(`${name}.${String(key)}`);
		},
		apply() {
			return standIn(`${name}()`);
		},
		construct() {
			return standIn(`new ${name}`);
		},
	});
}

// The API's top-level names, read from @types/vscode: bundlers copy a module's own keys,
// so the stand-in must have them as real properties.
function vscodeModule() {
	const types = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
	const api = { version: '1.95.0' };
	for (const match of types.matchAll(/^\t?export (?:class|enum|namespace|const|function|let) (\w+)/gm)) {
		if (!(match[1] in api)) api[match[1]] = standIn(`vscode.${match[1]}`);
	}
	return api;
}

const vscode = vscodeModule();
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
	if (request === 'vscode') return vscode;
	return originalLoad.call(this, request, parent, isMain);
};

// Keep the language server from actually starting: activation must not wait for it anyway.
const childProcess = require('node:child_process');
childProcess.fork = () => standIn('child');
childProcess.spawn = () => standIn('child');

const context = {
	subscriptions: [],
	extensionPath: path.resolve(__dirname, '..'),
	extensionUri: standIn('extensionUri'),
	asAbsolutePath: (relative) => path.resolve(__dirname, '..', relative),
	globalState: standIn('globalState'),
	workspaceState: standIn('workspaceState'),
	storageUri: undefined,
	logUri: standIn('logUri'),
	extensionMode: 1,
};

let t0, t1, t2, result;
try {
	t0 = performance.now();
	const extension = require(extensionPath);
	t1 = performance.now();
	result = extension.activate(context);
	t2 = performance.now();
} catch (error) {
	console.error(`activation threw: ${error && error.stack ? error.stack.split('\n').slice(0, 3).join('\n').slice(0, 500) : error}`);
	process.exit(2);
}
Promise.resolve(result).then(() => {
	const t3 = performance.now();
	// The language client loads on the tick after activation; time that tick too, so the
	// deferred cost is visible rather than hidden.
	setImmediate(() => {
		const t4 = performance.now();
		setTimeout(() => report(t3, t4, performance.now()), 0);
	});
});

function report(t3, t4, _t5) {
	const total = t3 - t0;
	console.log(`load dist/extension.js: ${(t1 - t0).toFixed(1)} ms`);
	console.log(`activate():             ${(t2 - t1).toFixed(1)} ms (settled after ${(t3 - t1).toFixed(1)} ms)`);
	console.log(`activation total:       ${total.toFixed(1)} ms (budget ${BUDGET_MS} ms) ${total <= BUDGET_MS ? 'OK' : 'OVER BUDGET'}`);
	console.log(`subscriptions:          ${context.subscriptions.length}`);
	console.log(`deferred client load:   ${(t4 - t3).toFixed(1)} ms (after activation, off the activation path)`);
	process.exit(total <= BUDGET_MS ? 0 : 1);
}
