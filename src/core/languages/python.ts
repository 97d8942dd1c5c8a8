// PLACEHOLDER until the Python adapter lands (being written now).
import type { LanguageAdapter } from './adapter';
import { emptyFacts } from './adapter';

export const pythonAdapter: LanguageAdapter = {
	languages: ['python'],
	grammarFor: () => 'tree-sitter-python',
	lineComment: '#',
	mightMatter: () => true,
	extractFacts: (_tree, language) => emptyFacts(language),
};
