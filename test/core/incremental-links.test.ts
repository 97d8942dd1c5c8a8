// Facts of one top-level statement that name another's: `pRetry(() => fetchDashboard(id))`
// retries the HTTP call declared in `fetchDashboard`, a statement of its own. After an edit to
// either statement, to one between them, or to one before both, DocumentAnalyzer.update must
// equal analyzeText, and must get there by re-reading the statements involved, not the file.
import * as assert from 'node:assert/strict';
import { analyzeText, DocumentAnalyzer } from '../../src/core/analyze';
import { countExtractions, observable } from './incremental-helpers';
import type { LanguageId } from '../../src/core/types';

/** Statements that give and read nothing: a file is re-read in parts when it has eight statements or more. */
const FILLER = Array.from({ length: 10 }, (_, at) => `function pad${at}(value) {\n\tconst total = value * ${at};\n\treturn total + String(value).length;\n}\n`).join('\n');

const TEXT = `import pRetry from 'p-retry';
import { backOff } from 'exponential-backoff';

${FILLER}
export async function loadDashboard(id) {
	return pRetry(() => fetchDashboard(id), { retries: 3 });
}

function padMiddle(value) {
	return value + 1;
}

async function fetchDashboard(id) {
	const res = await fetch(\`https://api.example.com/dashboards/\${id}\`, { signal: AbortSignal.timeout(5000) });
	if (!res.ok) throw new Error(\`dashboard \${id}: \${res.status}\`);
	return res.json();
}

export async function loadDashboardPatiently(id) {
	return backOff(() => fetchDashboard(id), { numOfAttempts: 5, startingDelay: 200 });
}

export async function ping() {
	const res = await fetch('https://api.example.com/ping', { signal: AbortSignal.timeout(1000) });
	return res.ok;
}
`;

interface Step {
	/** Text to replace (its first occurrence) and what replaces it. */
	from: string;
	to: string;
	/** The update must re-read some statements only (true), or may read the whole file. */
	partial?: boolean;
}

const STEPS: Step[] = [
	// The retry's options: the retry's statement and the one it retries are read together.
	{ from: '{ retries: 3 }', to: '{ retries: 4 }', partial: true },
	// The retried function gains a second HTTP call: ids after it shift, the retries above and below name both.
	{ from: '\treturn res.json();\n}', to: "\tawait fetch('https://api.example.com/audit', { signal: AbortSignal.timeout(1000) });\n\treturn res.json();\n}", partial: true },
	// A statement between the retry and the function it retries gains an HTTP call: the retry above it names calls whose ids move.
	{ from: '\treturn value + 1;', to: "\tfetch('https://api.example.com/beacon', { signal: AbortSignal.timeout(1000) });\n\treturn value + 1;", partial: true },
	// Before everything: every id moves.
	{ from: 'function pad0(value) {', to: "function pad0(value) {\n\tfetch('https://api.example.com/first', { signal: AbortSignal.timeout(1000) });", partial: true },
	// After everything: nothing moves.
	{ from: "return res.ok;", to: "return res.ok && id;", partial: true },
	// The link goes (the name no longer resolves) and comes back.
	{ from: 'pRetry(() => fetchDashboard(id)', to: 'pRetry(() => fetchDashboards(id)' },
	{ from: 'pRetry(() => fetchDashboards(id)', to: 'pRetry(() => fetchDashboard(id)' },
	// The retried function renamed, then named back.
	{ from: 'async function fetchDashboard(id)', to: 'async function fetchBoard(id)' },
	{ from: 'async function fetchBoard(id)', to: 'async function fetchDashboard(id)' },
	// The second retry removed, then typed back.
	{ from: 'export async function loadDashboardPatiently(id) {\n\treturn backOff(() => fetchDashboard(id), { numOfAttempts: 5, startingDelay: 200 });\n}\n', to: '' },
	{ from: 'export async function ping()', to: 'export async function loadDashboardPatiently(id) {\n\treturn backOff(() => fetchDashboard(id), { numOfAttempts: 5, startingDelay: 200 });\n}\n\nexport async function ping()' },
];


describe('incremental re-analysis of retries that name another statement’s calls', function () {
	this.timeout(60_000);
	for (const language of ['javascript', 'typescript'] as LanguageId[]) {
		it(`${language}: edits around pRetry(() => fetchDashboard(id)) and fetchDashboard`, async () => {
			const counts = countExtractions(language);
			const analyzer = (await DocumentAnalyzer.create(language))!;
			try {
				let text = TEXT;
				const first = analyzer.update(text);
				assert.deepEqual(observable(first), observable(await analyzeText(text, language)), 'first update');
				// The setting is real: each library retry names the call of fetchDashboard.
				const retried = first.facts.httpCalls.find((call) => call.span.start.line === text.split('\n').findIndex((line) => line.includes('dashboards/')));
				assert.ok(retried, 'the call in fetchDashboard is found');
				assert.equal(first.facts.retries.filter((retry) => retry.kind === 'library' && retry.callIds.includes(retried.id)).length, 2, 'both library retries name it');
				for (const [at, step] of STEPS.entries()) {
					assert.ok(text.includes(step.from), `step ${at + 1}: ${JSON.stringify(step.from)} is in the text`);
					text = text.replace(step.from, step.to);
					const before = { ...counts };
					const result = analyzer.update(text);
					const partial = counts.focused > before.focused && counts.whole === before.whole;
					assert.deepEqual(observable(result), observable(await analyzeText(text, language)), `step ${at + 1}: ${JSON.stringify(step.to)}`);
					if (step.partial) assert.ok(partial, `step ${at + 1} re-read some statements, not the file`);
				}
			} finally {
				counts.restore();
				analyzer.close();
			}
		});
	}
});
