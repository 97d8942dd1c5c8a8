// The JavaScript / TypeScript / JSX / TSX adapter: which grammar parses each, the cheap
// text test that keeps files without HTTP code away from the parser, and the facts
// (read in `javascript/`) that the rules check.
import type { LanguageAdapter } from './adapter';
import { emptyFacts } from './adapter';
import { extractJavascriptFacts } from './javascript/facts';

/**
 * Any client, retry library or status word the analysis could act on. A file without one
 * of these cannot hold a finding. Kept as one regex: it runs on every file. The word "retry"
 * alone is not one: every retry the adapter reads repeats an HTTP call or is a library named
 * here, and in the bench corpus it let through 101 of 176 parsed files, none with a finding.
 */
const MIGHT_MATTER = new RegExp(
	[
		/\bfetch\s*\(|\baxios\b|\bky\b|superagent|undici|ofetch|\$fetch|node:https?|['"]https?['"]|p-retry|exponential-backoff|\binterceptors\b|StatusCodes|HttpStatus/.source,
		// got: imported or required, or called (`got(`, `got.get(`), not the English word in a comment.
		/['"]got['"]|\bgot\s*(?:\(|\.\s*\w+\s*\(|<)/.source,
		// A status compared with, or switched on, a code: `res.status === 401`, `401 !== statusCode`, `switch (res.status)`.
		/\bstatus(?:Code)?\s*(?:[!=]==?|[<>]=?)\s*\d{3}\b|\b\d{3}\s*(?:[!=]==?|[<>]=?)\s*[\w$.?]*\bstatus(?:Code)?\b|\bswitch\s*\(\s*[\w$.?]*\bstatus(?:Code)?\s*\)/.source,
	].join('|'),
);

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const extraPatterns = new Map<string, RegExp>();

function extraPattern(names: readonly string[]): RegExp | undefined {
	if (names.length === 0) return undefined;
	const key = names.join('\n');
	let pattern = extraPatterns.get(key);
	if (!pattern) {
		pattern = new RegExp(names.map((name) => `${escapeRegExp(name)}\\s*\\(`).join('|'));
		extraPatterns.set(key, pattern);
	}
	return pattern;
}

export const javascriptAdapter: LanguageAdapter = {
	languages: ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'],
	grammarFor: (language) => (language === 'typescript' ? 'tree-sitter-typescript' : language === 'typescriptreact' ? 'tree-sitter-tsx' : 'tree-sitter-javascript'),
	lineComment: '//',
	logsNames: true,
	mightMatter(text, options) {
		if (MIGHT_MATTER.test(text)) return true;
		return extraPattern(options.extraHttpFunctions)?.test(text) ?? false;
	},
	extractFacts(tree, language, options, focus) {
		try {
			return extractJavascriptFacts(tree, language, options, focus);
		} catch {
			// A tree shape nothing anticipated: no facts is better than a crashed server.
			return emptyFacts(language);
		}
	},
};
