// Fixes for findings, by language. A fixer turns one finding (and the fact it is about)
// into text edits shaped to the code around it; `fixText` applies them to a whole file
// for `http-guard fix`, pass after pass until nothing is left to do.
import type { Tree } from 'web-tree-sitter';
import type { Config } from '../config';
import type { FileFacts, Finding, Fix, LanguageId, RuleId } from '../types';
import { applyEdits, editsOverlap } from './edits';
import { csharpFixer } from './csharp';
import { goFixer } from './go';
import { javaFixer } from './java';
import { javascriptFixer } from './javascript';
import { pythonFixer } from './python';

export interface FixContext {
	text: string;
	tree: Tree;
	facts: FileFacts;
	language: LanguageId;
	/**
	 * Packages the project declares (package.json, requirements/pyproject, go.mod,
	 * pom.xml/build.gradle, .csproj), by the name its package manager uses: `p-retry`,
	 * `tenacity`, `github.com/cenkalti/backoff/v4`, `io.github.resilience4j:resilience4j-retry`,
	 * `Polly`. Empty when unknown (a lone file, a test).
	 */
	dependencies: ReadonlySet<string>;
}

export interface LanguageFixer {
	/** The fixes for one finding, best first; empty when the fixer is unsure. */
	fixesFor(finding: Finding, context: FixContext): Fix[];
}

/** The fixer of each language (fixes/<language>.ts). */
const FIXERS: ReadonlyMap<LanguageId, LanguageFixer> = new Map<LanguageId, LanguageFixer>([
	['javascript', javascriptFixer],
	['javascriptreact', javascriptFixer],
	['typescript', javascriptFixer],
	['typescriptreact', javascriptFixer],
	['python', pythonFixer],
	['go', goFixer],
	['java', javaFixer],
	['csharp', csharpFixer],
]);

/** Fills `finding.fixes` for every finding; a fixer that throws only loses its own fixes. */
export function attachFixes(findings: Finding[], context: FixContext): void {
	const fixer = FIXERS.get(context.language);
	if (!fixer) return;
	for (const finding of findings) {
		try {
			finding.fixes = fixer.fixesFor(finding, context);
		} catch {
			finding.fixes = [];
		}
	}
}

export interface FixTextOptions {
	/** Only fix findings of this rule. */
	rule?: RuleId;
	/** Apply fixes that change behaviour and want review, not only the safe ones. */
	unsafe?: boolean;
}

export interface FixTextResult {
	text: string;
	/** Findings fixed, by rule. */
	fixed: Partial<Record<RuleId, number>>;
}

type Analyze = (text: string, language: LanguageId, config: Config) => Promise<{ findings: Finding[] }>;

/**
 * Applies the preferred fix of every finding until no fixable finding is left (at most a
 * few passes: fixes that touch the same stretch wait for the next pass, on fresh facts).
 */
export async function fixText(text: string, language: LanguageId, config: Config, analyze: Analyze, options: FixTextOptions = {}): Promise<FixTextResult> {
	const fixed: FixTextResult['fixed'] = {};
	for (let pass = 0; pass < 5; pass++) {
		const { findings } = await analyze(text, language, config);
		const chosen: Fix[] = [];
		const counted: RuleId[] = [];
		// One fix per construct per pass: two fixes of one loop would each add a counter.
		const subjects = new Set<string>();
		for (const finding of findings) {
			if (options.rule && finding.ruleId !== options.rule) continue;
			const fix = finding.fixes.find((f) => f.isPreferred) ?? finding.fixes[0];
			if (!fix || (!fix.safe && !options.unsafe)) continue;
			const subject = finding.subject ? `${finding.subject.kind}:${finding.subject.index}` : undefined;
			if (subject && subjects.has(subject)) continue;
			if (chosen.some((other) => editsOverlap(other.edits, fix.edits))) continue;
			if (subject) subjects.add(subject);
			chosen.push(fix);
			counted.push(finding.ruleId);
		}
		if (chosen.length === 0) break;
		const next = applyEdits(text, chosen.flatMap((fix) => fix.edits));
		if (next === text) break;
		text = next;
		for (const rule of counted) fixed[rule] = (fixed[rule] ?? 0) + 1;
	}
	return { text, fixed };
}
