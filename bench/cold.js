// Child process of bench/run.ts: cold start and memory of the bundled core, away from ESLint.
// argv: <core bundle> <files.json: [{abs, language}]> <first file> <first language>
'use strict';
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');

async function main() {
	const [bundle, listFile, firstFile, firstLanguage] = process.argv.slice(2);
	const firstText = fs.readFileSync(firstFile, 'utf8');
	const rssBefore = process.memoryUsage().rss;
	const t0 = performance.now();
	const core = require(bundle);
	const t1 = performance.now();
	await core.createParser(core.adapterFor(firstLanguage).grammarFor(firstLanguage)); // runtime + grammar, shared with analyzeText's parser
	const tg = performance.now();
	const first = await core.analyzeText(firstText, firstLanguage);
	const t2 = performance.now();
	const second = performance.now();
	await core.analyzeText(firstText, firstLanguage);
	const t3 = performance.now();
	const rssCold = process.memoryUsage().rss;
	// Every grammar's first load, then the whole corpus, for the resident set afterwards.
	const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
	const grammarLoad = {};
	for (const language of [...new Set(files.map((file) => file.language))]) {
		const adapter = core.adapterFor(language);
		if (!adapter) continue;
		const started = performance.now();
		await core.createParser(adapter.grammarFor(language));
		grammarLoad[language] = performance.now() - started;
	}
	let peak = 0;
	for (const [index, file] of files.entries()) {
		await core.analyzeText(fs.readFileSync(file.abs, 'utf8'), file.language);
		if (index % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
	}
	const rssAfter = process.memoryUsage().rss;
	process.stdout.write(
		JSON.stringify({
			requireMs: t1 - t0,
			grammarMs: tg - t1,
			firstAnalyzeMs: t2 - tg,
			coldTotalMs: t2 - t0,
			secondAnalyzeMs: t3 - second,
			firstFindings: first.findings.length,
			grammarLoadMs: grammarLoad,
			rssBaselineMB: rssBefore / 2 ** 20,
			rssColdMB: rssCold / 2 ** 20,
			rssAfterCorpusMB: Math.max(peak, rssAfter) / 2 ** 20,
			corpusFiles: files.length,
		}),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
