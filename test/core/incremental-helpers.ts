// What the incremental tests share: what an update must match, which path it took, and a
// runner for targeted edits.
import * as assert from 'node:assert/strict';
import { type AnalysisResult, analyzeText, DocumentAnalyzer } from '../../src/core/analyze';
import { adapterFor } from '../../src/core/languages/index';
import type { LanguageId } from '../../src/core/types';

/** What must match: every finding's rule, place and message, every fact, and the syntax error flag. */
export function observable(result: AnalysisResult) {
	return {
		findings: result.findings.map((finding) => ({ ruleId: finding.ruleId, span: finding.span, message: finding.message, related: finding.related, subject: finding.subject })),
		facts: result.facts,
		hasSyntaxErrors: result.hasSyntaxErrors,
	};
}

/**
 * Counts the extractions of one adapter: an update that read facts with a focus and never the
 * whole tree took the re-read-the-edited-statements path. Whatever the count, each extraction
 * is the adapter's own. `restore` puts the adapter back.
 */
export function countExtractions(language: LanguageId): { focused: number; whole: number; restore(): void } {
	const adapter = adapterFor(language)!;
	const extract = adapter.extractFacts;
	const counts = {
		focused: 0,
		whole: 0,
		restore: () => {
			adapter.extractFacts = extract;
		},
	};
	adapter.extractFacts = (tree, id, options, focus) => {
		if (focus) counts.focused++;
		else counts.whole++;
		return extract.call(adapter, tree, id, options, focus);
	};
	return counts;
}

/** One targeted edit: text to replace (its first occurrence) and what replaces it. */
export interface Step {
	from: string;
	to: string;
	/** The update must re-read the edited statements only (true), or may read the whole file. */
	partial?: boolean;
}

export interface Scenario {
	name: string;
	text: string;
	steps: Step[];
}

/**
 * Types a scenario's steps into one DocumentAnalyzer: after each, the update must equal
 * analyzeText on the same text, and a step marked partial must have re-read some statements
 * without reading the whole tree.
 */
export async function runScenario(language: LanguageId, scenario: Scenario): Promise<void> {
	const counts = countExtractions(language);
	const analyzer = (await DocumentAnalyzer.create(language))!;
	try {
		let text = scenario.text;
		const first = analyzer.update(text);
		assert.deepEqual(observable(first), observable(await analyzeText(text, language)), 'first update');
		assert.ok(first.facts.httpCalls.length > 0, 'the scenario has HTTP calls');
		for (const [at, step] of scenario.steps.entries()) {
			assert.ok(text.includes(step.from), `step ${at + 1}: ${JSON.stringify(step.from)} is in the text`);
			text = text.replace(step.from, step.to);
			const before = { ...counts };
			const result = analyzer.update(text);
			const partial = counts.focused > before.focused && counts.whole === before.whole;
			assert.deepEqual(observable(result), observable(await analyzeText(text, language)), `step ${at + 1}: ${JSON.stringify(step.to)}`);
			if (step.partial) assert.ok(partial, `step ${at + 1} re-read only the edited statements`);
		}
	} finally {
		counts.restore();
		analyzer.close();
	}
}
