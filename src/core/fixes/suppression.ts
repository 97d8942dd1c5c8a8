// Edits that insert (or extend) suppression comments: "Disable <rule> for this line" and
// "... for this file". Pure text in, TextEdit[] out, so the editor and tests agree.
// Like ESLint's: match the line's indentation, reuse a disable comment already there,
// and never put anything above a shebang.
import type { RuleId, TextEdit } from '../types';

export type LineComment = '//' | '#';

interface Line {
	text: string;
	start: number;
}

function lineAt(text: string, line: number): Line | undefined {
	let start = 0;
	for (let i = 0; i < line; i++) {
		const next = text.indexOf('\n', start);
		if (next < 0) return undefined;
		start = next + 1;
	}
	let end = text.indexOf('\n', start);
	if (end < 0) end = text.length;
	const raw = text.slice(start, end);
	return { text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start };
}

function eol(text: string): string {
	return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * If `line` is a comment holding the directive, the edit that adds `ruleId` to its list,
 * or an empty list when the rule (or every rule) is already there.
 */
function extendDirective(line: Line, comment: LineComment, directive: string, ruleId: RuleId): TextEdit[] | undefined {
	const trimmed = line.text.trimStart();
	if (!trimmed.startsWith(comment)) return undefined;
	const at = line.text.indexOf(directive);
	if (at < 0) return undefined;
	const afterDirective = at + directive.length;
	const rest = line.text.slice(afterDirective);
	if (rest.length > 0 && !/^\s/.test(rest)) return undefined; // `-next-line` vs `-next-lines`
	const reasonAt = rest.indexOf('--');
	const list = reasonAt < 0 ? rest : rest.slice(0, reasonAt);
	const ids = list.split(/[\s,]+/).filter(Boolean);
	if (ids.length === 0 || ids.includes(ruleId)) return []; // already covers every rule, or this one
	const listEnd = afterDirective + list.trimEnd().length;
	const insertAt = line.start + listEnd;
	return [{ startIndex: insertAt, endIndex: insertAt, newText: `, ${ruleId}` }];
}

function withReason(reason: string | undefined): string {
	return reason ? ` -- ${reason.replace(/[\r\n]+/g, ' ')}` : '';
}

/**
 * Disables `ruleId` on the zero-based `line`: extends a `http-guard-disable-next-line`
 * comment right above it, or inserts one with the line's indentation.
 */
export function disableForLineEdits(text: string, line: number, ruleId: RuleId, comment: LineComment, reason?: string): TextEdit[] {
	const target = lineAt(text, line);
	if (!target) return [];
	const directive = 'http-guard-disable-next-line';
	const above = line > 0 ? lineAt(text, line - 1) : undefined;
	const reused = above && extendDirective(above, comment, directive, ruleId);
	if (reused) return reused;
	const indent = /^[ \t]*/.exec(target.text)![0];
	const newText = `${indent}${comment} ${directive} ${ruleId}${withReason(reason)}${eol(text)}`;
	return [{ startIndex: target.start, endIndex: target.start, newText }];
}

/** True for lines that must stay first: a shebang, and Python's encoding declaration. */
function mustStayFirst(line: string, index: number, comment: LineComment): boolean {
	if (index === 0 && line.startsWith('#!')) return true;
	return comment === '#' && index <= 1 && /^#.*coding[:=]/.test(line);
}

/**
 * Disables `ruleId` for the whole file: extends a `http-guard-disable-file` comment at the
 * top, or inserts one as the first line (after a shebang or an encoding line).
 */
export function disableForFileEdits(text: string, ruleId: RuleId, comment: LineComment, reason?: string): TextEdit[] {
	const directive = 'http-guard-disable-file';
	let insertLine = 0;
	for (let index = 0; ; index++) {
		const line = lineAt(text, index);
		if (!line) break;
		if (mustStayFirst(line.text, index, comment)) {
			insertLine = index + 1;
			continue;
		}
		const trimmed = line.text.trim();
		// Look through the leading comment block for an existing directive.
		if (!trimmed.startsWith(comment)) break;
		const reused = extendDirective(line, comment, directive, ruleId);
		if (reused) return reused;
	}
	const newText = `${comment} ${directive} ${ruleId}${withReason(reason)}${eol(text)}`;
	const at = lineAt(text, insertLine);
	if (!at) {
		// The file is only a shebang with no newline: start a new line after it.
		return [{ startIndex: text.length, endIndex: text.length, newText: `${eol(text)}${newText.trimEnd()}` }];
	}
	return [{ startIndex: at.start, endIndex: at.start, newText }];
}
