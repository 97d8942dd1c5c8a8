// Worker thread of bench/run.ts (the "2 cores" lever): reads the corpus, warms up, waits for
// "go", then takes files off a shared counter (so both threads stay busy to the end) and
// runs analyzeText on each; reports its busy time and how many files it took.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');

const core = require(workerData.bundle);
const files = workerData.files.map((file) => ({ language: file.language, text: fs.readFileSync(file.abs, 'utf8') }));
const next = new Int32Array(workerData.counter);

parentPort.on('message', async (message) => {
	if (message.warm) {
		for (const file of files.slice(message.warm.from, message.warm.to)) await core.analyzeText(file.text, file.language);
		parentPort.postMessage({ ready: true });
	} else if (message === 'go') {
		const started = performance.now();
		let findings = 0;
		let taken = 0;
		for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
			findings += (await core.analyzeText(files[index].text, files[index].language)).findings.length;
			taken++;
		}
		parentPort.postMessage({ done: true, ms: performance.now() - started, findings, taken });
	}
});
