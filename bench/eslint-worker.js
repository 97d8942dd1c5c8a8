// Worker thread of bench/run.ts: ESLint (typescript-eslint parser, one rule) over files
// taken off a shared counter, for a 2-thread against 2-thread comparison.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const path = require('node:path');
const { Linter } = require('eslint');
const { eslintConfigs, eslintFileName } = require('./eslint-config');

const linter = new Linter({ configType: 'flat' });
const configs = eslintConfigs('typescript-eslint');
const files = workerData.files.map((file) => ({ path: file.path, text: fs.readFileSync(file.abs, 'utf8') }));
const next = new Int32Array(workerData.counter);
const lint = (file) => linter.verify(file.text, configs.get(path.extname(file.path)), eslintFileName(file.path));

parentPort.on('message', (message) => {
	if (message.warm) {
		for (const file of files.slice(message.warm.from, message.warm.to)) lint(file);
		parentPort.postMessage({ ready: true });
	} else if (message === 'go') {
		const started = performance.now();
		let taken = 0;
		for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
			lint(files[index]);
			taken++;
		}
		parentPort.postMessage({ done: true, ms: performance.now() - started, findings: 0, taken });
	}
});
