// The adapter shell shared by the languages built on the common engine (Python, Go, Java,
// C#): a literal prefilter, and extraction inside a node index that never throws.
import type { Tree } from 'web-tree-sitter';
import type { GrammarName } from '../../parser';
import type { FileFacts, LanguageId } from '../../types';
import { type AdapterOptions, emptyFacts, type Focus, type LanguageAdapter } from '../adapter';
import { extraPattern } from './calls';
import { withIndex } from './tree';

export interface EngineAdapterSpec {
	language: LanguageId;
	grammar: GrammarName;
	lineComment: '//' | '#';
	/** Text that any file worth parsing contains: client names, retry libraries, status words. */
	mightMatter: RegExp;
	/** The extraction logs its names and honours a focus (see `LanguageAdapter.logsNames`). */
	logsNames?: boolean;
	extract(tree: Tree, language: LanguageId, options: AdapterOptions, focus?: Focus): FileFacts;
}

export function engineAdapter(spec: EngineAdapterSpec): LanguageAdapter {
	return {
		languages: [spec.language],
		grammarFor: () => spec.grammar,
		lineComment: spec.lineComment,
		...(spec.logsNames ? { logsNames: true } : {}),
		mightMatter(text, options) {
			if (spec.mightMatter.test(text)) return true;
			return extraPattern(options.extraHttpFunctions)?.test(text) ?? false;
		},
		extractFacts(tree, language, options, focus) {
			// A partial tree may surprise an extractor: lose the facts, never the editor.
			try {
				return withIndex(() => spec.extract(tree, language, options, focus));
			} catch {
				return emptyFacts(language);
			}
		},
	};
}
