// Facts of one top-level statement that name another's: `pRetry(() => fetchDashboard(id))`
// retries the HTTP call declared in `fetchDashboard`, a statement of its own. After an edit to
// either statement, to one between them, or to one before both, DocumentAnalyzer.update must
// equal analyzeText, and must get there by re-reading the statements involved, not the file.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { runScenario, type Step } from './incremental-helpers';
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
		it(`${language}: each library retry names the call in fetchDashboard, a statement of its own`, async () => {
			const facts = (await analyzeText(TEXT, language)).facts;
			const line = TEXT.split('\n').findIndex((text) => text.includes('dashboards/'));
			const retried = facts.httpCalls.find((call) => call.span.start.line === line);
			assert.ok(retried, 'the call in fetchDashboard is found');
			assert.equal(facts.retries.filter((retry) => retry.kind === 'library' && retry.callIds.includes(retried.id)).length, 2);
		});
		it(`${language}: edits around pRetry(() => fetchDashboard(id)) and fetchDashboard`, () => runScenario(language, { name: 'links', text: TEXT, steps: STEPS }));
	}
});
