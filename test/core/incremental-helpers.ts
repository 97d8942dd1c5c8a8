// What the incremental tests share: what an update must match, and which path it took.
import type { AnalysisResult } from '../../src/core/analyze';
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
