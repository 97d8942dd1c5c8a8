// Inlay hint texts from hand-made facts: the schedule wording users read beside each retry.
import * as assert from 'node:assert/strict';
import { computeHints, retrySchedule } from '../../src/core/hints';
import { emptyFacts } from '../../src/core/languages/adapter';
import type { RetryConstruct, Span } from '../../src/core/types';

function span(line: number, from: number, to: number): Span {
	return { startIndex: line * 100 + from, endIndex: line * 100 + to, start: { line, character: from }, end: { line, character: to } };
}

function retry(overrides: Partial<RetryConstruct>): RetryConstruct {
	return {
		id: 0,
		kind: 'loop',
		span: span(1, 0, 40),
		headSpan: span(1, 0, 20),
		callIds: [],
		attempts: { kind: 'unbounded' },
		hasDeadline: false,
		delay: { kind: 'none' },
		retryOn: { kind: 'any-non-ok', statuses: [], excludesAuthFailures: false },
		honoursRetryAfter: false,
		refreshesCredentials: false,
		...overrides,
	};
}

describe('retry schedule hints', () => {
	it('names an endless immediate retry of every failure', () => {
		assert.equal(retrySchedule(retry({})), '⟳ ∞ attempts · no delay · retries any non-2xx incl. 401/403');
	});

	it('reads a well-behaved policy', () => {
		const text = retrySchedule(
			retry({
				attempts: { kind: 'bounded', max: 5 },
				delay: { kind: 'exponential', baseMs: 250, capMs: 20000, jitter: true },
				retryOn: { kind: 'statuses', statuses: [429, 503], excludesAuthFailures: true },
				honoursRetryAfter: true,
			}),
		);
		assert.equal(text, '⟳ 5 attempts · 0.25 s→20 s · jitter · retries 429/503 · Retry-After');
	});

	it('says what it cannot know instead of guessing', () => {
		const text = retrySchedule(retry({ attempts: { kind: 'unknown' }, delay: { kind: 'unknown' }, retryOn: { kind: 'unknown', statuses: [], excludesAuthFailures: false } }));
		assert.equal(text, '⟳ ? attempts · ? delay');
	});

	it('says a library default spares auth failures even when its predicate is unreadable', () => {
		const text = retrySchedule(retry({ kind: 'library', library: 'axios-retry', attempts: { kind: 'bounded', max: 4 }, retryOn: { kind: 'unknown', statuses: [], excludesAuthFailures: true } }));
		assert.equal(text, '⟳ 4 attempts · no delay · skips 401/403');
	});

	it('lists the findings about a retry in its tooltip, linked to the rule docs', () => {
		const facts = emptyFacts('javascript');
		facts.retries.push(retry({}));
		const finding = { ruleId: 'unbounded-retry' as const, severity: 'warning' as const, message: 'Retries forever.', span: span(1, 0, 20), related: [], subject: { kind: 'retry' as const, index: 0 }, fixes: [] };
		const [hint] = computeHints(facts, [finding], { statusNames: false, retrySchedules: true });
		assert.equal(hint.kind, 'retry-schedule');
		assert.match(hint.tooltip, /⚠ \[`unbounded-retry`\]\(https:\/\/[^)]+unbounded-retry\.md\): Retries forever\./);
	});

	it('describes a refresh-and-replay as one retry', () => {
		assert.equal(retrySchedule(retry({ refreshesCredentials: true })), '⟳ once after refreshing credentials');
	});

	it('names literal status codes but not constants, and only in the requested lines', () => {
		const facts = emptyFacts('javascript');
		facts.statusCodeRefs.push({ span: span(2, 10, 13), code: 401, form: 'literal' });
		facts.statusCodeRefs.push({ span: span(3, 10, 30), code: 403, form: 'constant' });
		facts.statusCodeRefs.push({ span: span(9, 4, 7), code: 429, form: 'literal' });
		const hints = computeHints(facts, [], { statusNames: true, retrySchedules: false, fromLine: 0, toLine: 5 });
		assert.deepEqual(
			hints.map((h) => [h.label, h.position.line, h.position.character]),
			[['Unauthorized', 2, 13]],
		);
	});
});
