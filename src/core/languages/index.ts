// Which adapter serves which language, and which file extensions map to which language.
import type { LanguageId } from '../types';
import type { LanguageAdapter } from './adapter';
import { javascriptAdapter } from './javascript';
import { pythonAdapter } from './python';
import { goAdapter } from './go';
import { csharpAdapter } from './csharp';
import { javaAdapter } from './java';

const ADAPTERS: readonly LanguageAdapter[] = [javascriptAdapter, pythonAdapter, goAdapter, csharpAdapter, javaAdapter];

const BY_LANGUAGE = new Map<LanguageId, LanguageAdapter>(
	ADAPTERS.flatMap((adapter) => adapter.languages.map((language) => [language, adapter] as const)),
);

const BY_EXTENSION: Record<string, LanguageId> = {
	'.js': 'javascript',
	'.mjs': 'javascript',
	'.cjs': 'javascript',
	'.jsx': 'javascriptreact',
	'.ts': 'typescript',
	'.mts': 'typescript',
	'.cts': 'typescript',
	'.tsx': 'typescriptreact',
	'.py': 'python',
	'.pyi': 'python',
	'.go': 'go',
	'.java': 'java',
	'.cs': 'csharp',
};

export function adapterFor(language: LanguageId): LanguageAdapter | undefined {
	return BY_LANGUAGE.get(language);
}

/** The language of a file by its extension, if HTTP Guard serves it. */
export function languageForPath(file: string): LanguageId | undefined {
	const dot = file.lastIndexOf('.');
	if (dot < 0) return undefined;
	const language = BY_EXTENSION[file.slice(dot).toLowerCase()];
	if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return undefined; // declarations hold no calls
	return language && BY_LANGUAGE.has(language) ? language : undefined;
}

/** Languages with an adapter, by LSP/VS Code language id. */
export function servedLanguages(): LanguageId[] {
	return [...BY_LANGUAGE.keys()];
}
