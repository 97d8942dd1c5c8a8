// Applying text edits, the same way in the CLI, the tests and (through LSP) the editor.
import type { Position, TextEdit } from '../types';

/** A stretch of source a fix places lines around (a tree-sitter node, or anything with its offsets). */
interface Anchor {
	startIndex: number;
	endIndex: number;
}

/** Applies non-overlapping edits (in any order) to the text. Overlapping edits throw. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
	let result = '';
	let cursor = 0;
	for (const edit of sorted) {
		if (edit.startIndex < cursor) throw new Error(`overlapping edits at offset ${edit.startIndex}`);
		result += text.slice(cursor, edit.startIndex) + edit.newText;
		cursor = edit.endIndex;
	}
	return result + text.slice(cursor);
}

/** True when two edit lists touch the same stretch of text. */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
	return a.some((x) => b.some((y) => x.startIndex < y.endIndex && y.startIndex < x.endIndex || (x.startIndex === y.startIndex && x.endIndex === y.endIndex)));
}

/** The zero-based line/character of an offset, for converting edits to LSP ranges. */
export function positionAt(text: string, index: number): Position {
	let line = 0;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return { line, character: index - lineStart };
}

/** The whitespace that starts the line holding `index`. */
export function indentAt(text: string, index: number): string {
	const lineStart = text.lastIndexOf('\n', index - 1) + 1;
	return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** One indentation step as the file writes it: a tab, or the smallest run of leading spaces. */
export function indentUnit(text: string): string {
	let smallest = Infinity;
	for (const match of text.matchAll(/^( +|\t)\S/gm)) {
		if (match[1] === '\t') return '\t';
		smallest = Math.min(smallest, match[1].length);
	}
	return Number.isFinite(smallest) && smallest >= 2 ? ' '.repeat(smallest) : '  ';
}

/** Lines on their own before `anchor`, each at the anchor's indentation. */
export function linesBefore(text: string, anchor: Anchor, lines: string): TextEdit {
	const indent = indentAt(text, anchor.startIndex);
	return { startIndex: anchor.startIndex, endIndex: anchor.startIndex, newText: `${lines.split('\n').join(`\n${indent}`)}\n${indent}` };
}

/** Lines on their own after `anchor`, each at the indentation of the line it starts on. */
export function linesAfter(text: string, anchor: Anchor, lines: string): TextEdit {
	const indent = indentAt(text, anchor.startIndex);
	return { startIndex: anchor.endIndex, endIndex: anchor.endIndex, newText: `\n${indent}${lines.split('\n').join(`\n${indent}`)}` };
}
