// Suppression comments, read the same way by the CLI and the editor:
//   <comment> http-guard-disable-next-line [rule-id, ...]
//   <comment> http-guard-disable-line [rule-id, ...]   (at the end of the line itself)
//   <comment> http-guard-disable-file [rule-id, ...]
// With no rule ids, every rule is disabled there.
import type { RuleId } from './types';

const MARKER = 'http-guard-disable';
const DIRECTIVE = /http-guard-disable-(next-line|line|file)\b([^\n]*)/g;

/** Rules to skip, per zero-based line and for the whole file. `'all'` means every rule. */
export interface Suppressions {
	file: Set<RuleId> | 'all' | undefined;
	lines: Map<number, Set<RuleId> | 'all'>;
}

function ruleList(rest: string): Set<RuleId> | 'all' {
	// Anything after ` -- ` (or `--`) is a reason, as in ESLint.
	const ids = rest.split('--')[0].split(/[\s,]+/).filter((word) => /^[a-z]+(-[a-z]+)+$/.test(word));
	return ids.length ? new Set(ids as RuleId[]) : 'all';
}

function merge(into: Set<RuleId> | 'all' | undefined, add: Set<RuleId> | 'all'): Set<RuleId> | 'all' {
	if (into === 'all' || add === 'all') return 'all';
	return new Set([...(into ?? []), ...add]);
}

export function parseSuppressions(text: string, lineComment: '//' | '#'): Suppressions {
	const result: Suppressions = { file: undefined, lines: new Map() };
	if (!text.includes(MARKER)) return result;
	const lines = text.split('\n');
	for (let line = 0; line < lines.length; line++) {
		const source = lines[line];
		const commentAt = source.indexOf(lineComment);
		if (commentAt < 0 || !source.includes(MARKER, commentAt)) continue;
		for (const match of source.slice(commentAt).matchAll(DIRECTIVE)) {
			const rules = ruleList(match[2]);
			if (match[1] === 'file') result.file = merge(result.file, rules);
			else {
				const target = match[1] === 'next-line' ? line + 1 : line;
				result.lines.set(target, merge(result.lines.get(target), rules));
			}
		}
	}
	return result;
}

export function isSuppressed(suppressions: Suppressions, ruleId: RuleId, line: number): boolean {
	const covers = (set: Set<RuleId> | 'all' | undefined) => set === 'all' || (set !== undefined && set.has(ruleId));
	return covers(suppressions.file) || covers(suppressions.lines.get(line));
}
