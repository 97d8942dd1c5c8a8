// PLACEHOLDER until the JavaScript/TypeScript adapter lands (being written now).
import type { LanguageAdapter } from './adapter';
import { emptyFacts } from './adapter';

export const javascriptAdapter: LanguageAdapter = {
	languages: ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'],
	grammarFor: (language) => (language === 'typescript' ? 'tree-sitter-typescript' : language === 'typescriptreact' ? 'tree-sitter-tsx' : 'tree-sitter-javascript'),
	lineComment: '//',
	mightMatter: () => true,
	extractFacts: (_tree, language) => emptyFacts(language),
};
