// A C# file as the fixers see it: its indentation step and brace style, the `using`
// directives a fix needs (added once, sorted in with the existing ones), the helpers it
// needs (added once per class), and where statements go.
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import { indentAt, indentUnit } from '../edits';
import type { FixContext } from '../index';
import { children, closest, descendants } from '../tree';
import { HELPERS } from './snippets';
import { COMMENTS, TYPES } from './syntax';

/** What one fix asks of the file besides its own edits: `using` directives and class helpers. */
export class CsFile {
	readonly indent: string;
	/** Allman (`{` on its own line, the .NET default) unless the file writes K&R. */
	readonly allman: boolean;
	private readonly usings = new Set<string>();
	private readonly helpers: string[] = [];
	private helperType: Node | undefined;

	constructor(readonly context: FixContext) {
		this.indent = indentUnit(context.text);
		const blocks = descendants(context.tree.rootNode, ['block']).filter((block) => block.parent && ['method_declaration', 'if_statement', 'for_statement', 'while_statement', 'constructor_declaration'].includes(block.parent.type));
		const ownLine = blocks.filter((block) => block.startPosition.row > block.parent!.startPosition.row).length;
		this.allman = blocks.length === 0 || ownLine * 2 >= blocks.length;
	}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	/** Template lines (tabs for steps) at the file's indentation, joined for a place indented `base`. */
	lines(lines: string[], base: string): string {
		return lines.map((line) => line.replace(/^\t+/, (tabs) => this.indent.repeat(tabs.length))).join(`\n${base}`);
	}

	/** `header { body }` in the file's brace style, as template lines. */
	block(header: string, body: string[]): string[] {
		const inner = body.map((line) => `\t${line}`);
		return this.allman ? [header, '{', ...inner, '}'] : [`${header} {`, ...inner, '}'];
	}

	/** Template lines written Allman, in the file's brace style. */
	braces(lines: string[]): string[] {
		if (this.allman) return lines;
		const joined: string[] = [];
		for (const line of lines) {
			if (/^\t*\{$/.test(line) && joined.length) joined[joined.length - 1] += ' {';
			else joined.push(line);
		}
		return joined;
	}

	requireUsing(namespace: string): void {
		if (!this.namespaceUsings().some((using) => usingName(using) === namespace)) this.usings.add(namespace);
	}

	/** `using X;` directives (not `using static`, not aliases), wherever the file puts them. */
	private namespaceUsings(): Node[] {
		return descendants(this.root, ['using_directive'], TYPES).filter((using) => !/^(global\s+)?using\s+(static\s|\w+\s*=)/.test(using.text));
	}

	/** Asks for a `private static` helper in the type around `near`; false when there is none to put it in. */
	requireHelper(name: string, near: Node): boolean {
		const type = closest(near, TYPES);
		const body = type?.childForFieldName('body');
		if (!type || !body || (this.helperType && this.helperType.id !== type.id)) return false;
		this.helperType = type;
		HELPERS[name].usings.forEach((namespace) => this.requireUsing(namespace));
		// Any part of a partial type in this file may already have it.
		const typeName = type.childForFieldName('name')?.text;
		const parts = descendants(this.root, TYPES).filter((other) => other.childForFieldName('name')?.text === typeName);
		const members = parts.flatMap((part) => children(part.childForFieldName('body') ?? part));
		const declared = members.some((member) => member.type === 'method_declaration' && member.childForFieldName('name')?.text === name);
		if (!declared && !this.helpers.includes(name)) this.helpers.push(name);
		return true;
	}

	/** The edits for the usings and helpers asked for. */
	preambleEdits(): TextEdit[] {
		return [...this.usingEdits(), ...this.helperEdits()];
	}

	private usingEdits(): TextEdit[] {
		if (this.usings.size === 0) return [];
		const existing = this.namespaceUsings();
		const edits = new Map<number, string[]>();
		for (const namespace of [...this.usings].sort(compareNamespaces)) {
			if (existing.length === 0) {
				const first = children(this.root).find((node) => !COMMENTS.includes(node.type));
				const at = first?.startIndex ?? 0;
				edits.set(at, [...(edits.get(at) ?? []), `using ${namespace};\n`]);
				continue;
			}
			// Sorted among the existing ones, as `dotnet format` orders them: System first.
			const next = existing.find((using) => compareNamespaces(usingName(using) ?? '', namespace) > 0);
			const at = next ? next.startIndex : existing[existing.length - 1].endIndex;
			const indent = indentAt(this.text, (next ?? existing[0]).startIndex);
			edits.set(at, [...(edits.get(at) ?? []), next ? `using ${namespace};\n${indent}` : `\n${indent}using ${namespace};`]);
		}
		return [...edits].map(([at, texts]) => {
			const spacer = existing.length === 0 ? '\n' : '';
			return { startIndex: at, endIndex: at, newText: texts.join('') + spacer };
		});
	}

	private helperEdits(): TextEdit[] {
		const body = this.helperType?.childForFieldName('body');
		if (!body || this.helpers.length === 0) return [];
		const members = children(body).filter((member) => !COMMENTS.includes(member.type));
		const close = body.children.filter((child) => child?.type === '}').pop();
		if (!close) return [];
		const memberIndent = members[0] ? indentAt(this.text, members[0].startIndex) : indentAt(this.text, this.helperType!.startIndex) + this.indent;
		const source = this.helpers.map((name) => this.lines(this.braces(HELPERS[name].lines), memberIndent)).join(`\n\n${memberIndent}`);
		const last = members[members.length - 1];
		if (last) return [{ startIndex: last.endIndex, endIndex: last.endIndex, newText: `\n\n${memberIndent}${source}` }];
		return [{ startIndex: close.startIndex, endIndex: close.startIndex, newText: `${memberIndent}${source}\n${indentAt(this.text, close.startIndex)}` }];
	}

	/** A name no identifier of the function around `near` (or of the type, outside one) uses. */
	freshName(preferred: string, near: Node): string {
		const scope = closest(near, ['method_declaration', 'local_function_statement', 'constructor_declaration', 'accessor_declaration', ...TYPES]) ?? this.root;
		const used = new Set(descendants(scope, ['identifier']).map((identifier) => identifier.text));
		for (let i = 1; ; i++) {
			const name = i === 1 ? preferred : `${preferred}${i}`;
			if (!used.has(name)) return name;
		}
	}

	/** Statements on their own lines before `node`, at its indentation. */
	insertBefore(node: Node, lines: string[]): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		return { startIndex: node.startIndex, endIndex: node.startIndex, newText: `${this.lines(lines, indent)}\n${indent}` };
	}

	/** Statements on their own lines after `node`, at its indentation. */
	insertAfter(node: Node, lines: string[]): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		return { startIndex: node.endIndex, endIndex: node.endIndex, newText: `\n${indent}${this.lines(lines, indent)}` };
	}

	/** Statements as the first of a block (its own lines even when the block was `{ }` or `{ return null; }`). */
	prependToBlock(block: Node, lines: string[]): TextEdit {
		const statements = children(block);
		const first = statements[0];
		if (!first) return this.appendToBlock(block, lines);
		if (block.startPosition.row !== block.endPosition.row) return this.insertBefore(first, lines);
		const outer = indentAt(this.text, block.startIndex);
		const inner = outer + this.indent;
		const body = [...lines, ...statements.map((statement) => statement.text)];
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${inner}${this.lines(body, inner)}\n${outer}}` };
	}

	/** Statements as the last of a block. */
	appendToBlock(block: Node, lines: string[]): TextEdit {
		const last = children(block).at(-1);
		if (last) return this.insertAfter(last, lines);
		const outer = indentAt(this.text, block.startIndex);
		const inner = outer + this.indent;
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${inner}${this.lines(lines, inner)}\n${outer}}` };
	}
}

function usingName(using: Node): string | undefined {
	return children(using).filter((child) => child.type === 'qualified_name' || child.type === 'identifier').pop()?.text;
}

function compareNamespaces(a: string, b: string): number {
	const system = (name: string) => (name === 'System' || name.startsWith('System.') ? 0 : 1);
	return system(a) - system(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function fix(title: string, edits: TextEdit[], options: { safe?: boolean; preferred?: boolean } = {}): Fix {
	return { title, edits, isPreferred: options.preferred ?? true, safe: options.safe ?? false };
}

