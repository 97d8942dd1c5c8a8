// The Go file a fix edits: its imports (each added once, sorted the way gofmt sorts them),
// the helpers and declarations fixes ask for, and the syntax questions every Go fix asks:
// which statement holds a node, what a function returns, which names a call binds.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { indentAt, linesAfter, linesBefore } from '../edits';
import type { FixContext } from '../index';
import { HELPER_MARKER } from '../snippets';
import { children, closest, descendants, encloses } from '../tree';
import { CLIENT_NAME, clientDeclaration } from './helpers';

export const FUNCTIONS = ['function_declaration', 'method_declaration', 'func_literal'];
const JUMPS = ['return_statement', 'continue_statement', 'break_statement', 'goto_statement'];
/** Statements that end a block without falling through: `panic(...)`, `log.Fatal(...)`, `os.Exit(...)`. */
const NO_RETURN_CALL = /^(panic|log\.Fatal\w*|log\.Panic\w*|os\.Exit)$/;

/** The name a package is known by when imported without an alias. */
function packageName(path: string): string {
	const parts = path.split('/').filter((part) => !/^v\d+$/.test(part));
	return (parts[parts.length - 1] ?? path).replace(/^go-/, '').replace(/[.-]/g, '');
}

const isStd = (path: string) => !path.split('/')[0].includes('.');

/** The statements of a block (`{ statement_list }`), comments left out. */
export function statementsOf(block: Node | null | undefined): Node[] {
	if (!block) return [];
	const list = block.type === 'block' ? children(block).find((child) => child.type === 'statement_list') : block;
	return list ? children(list).filter((child) => child.type !== 'comment') : [];
}

/** True when control never falls through the statement. */
export function isJump(statement: Node | undefined): boolean {
	if (!statement) return false;
	if (JUMPS.includes(statement.type)) return true;
	const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
	return call?.type === 'call_expression' && NO_RETURN_CALL.test(call.childForFieldName('function')?.text ?? '');
}

/** The statement (a child of a statement list) that holds `node`, in the function `node` is in (or is). */
export function statementOf(node: Node): Node | undefined {
	for (let current: Node | null = node; current; current = current.parent) {
		if (current.parent?.type === 'statement_list') return current;
		if (current !== node && FUNCTIONS.includes(current.type)) return undefined;
	}
	return undefined;
}

/** The zero value of a result type, when it can be written without knowing the type's definition. */
function zeroValue(type: Node): string | undefined {
	if (['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type'].includes(type.type)) return 'nil';
	if (type.type === 'array_type' || type.type === 'struct_type') return `${type.text}{}`;
	if (type.type !== 'type_identifier') return undefined;
	if (['error', 'any'].includes(type.text)) return 'nil';
	if (type.text === 'string') return '""';
	if (type.text === 'bool') return 'false';
	if (/^(u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)|byte|rune)$/.test(type.text)) return '0';
	return undefined;
}

/** The result types of a function, one per value (`(a, b int)` gives two). */
export function resultTypes(fn: Node): Node[] {
	const result = fn.childForFieldName('result');
	if (!result) return [];
	if (result.type !== 'parameter_list') return [result];
	return children(result)
		.filter((child) => child.type === 'parameter_declaration')
		.flatMap((declaration) => {
			const type = declaration.childForFieldName('type');
			const names = declaration.childrenForFieldName('name').filter((name) => name !== null).length;
			return type ? Array<Node>(Math.max(names, 1)).fill(type) : [];
		});
}

/** `return <zero values>, <error>` for the function around `node`; undefined when its last result is not an error. */
export function errorReturn(node: Node, error: string): string | undefined {
	const fn = closest(node, FUNCTIONS);
	const types = fn ? resultTypes(fn) : [];
	const last = types[types.length - 1];
	if (!last || last.text !== 'error') return undefined;
	const zeros = types.slice(0, -1).map(zeroValue);
	if (zeros.some((zero) => zero === undefined)) return undefined;
	return `return ${[...zeros, error].join(', ')}`;
}

export class GoFile {
	/** Import path -> the alias to import it under ('' for none). */
	private readonly imports = new Map<string, string>();
	private readonly helpers: string[] = [];
	private readonly declarations: string[] = [];

	constructor(readonly context: FixContext) {}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	private importSpecs(): Node[] {
		return descendants(this.root, ['import_spec'], FUNCTIONS);
	}

	private specPath(spec: Node): string {
		return (spec.childForFieldName('path')?.text ?? '').replace(/^["`]|["`]$/g, '');
	}

	/** The name the file uses for an imported package, undefined when it does not import it. */
	importedAs(path: string): string | undefined {
		const spec = this.importSpecs().find((s) => this.specPath(s) === path);
		return spec ? spec.childForFieldName('name')?.text ?? packageName(path) : undefined;
	}

	/**
	 * Asks for `import "<path>"` unless the file has it. False when the file imports the package
	 * under another name, or something else under its name: code written with `time.` would break.
	 */
	use(path: string): boolean {
		return this.nameFor(path) === packageName(path);
	}

	/**
	 * The name to write a package's members with: the file's own when it imports the package,
	 * else its default name, else `alias` when the default is taken (crypto/rand beside math/rand).
	 * Asks for the import; undefined when no name is free.
	 */
	nameFor(path: string, alias?: string): string | undefined {
		const existing = this.importedAs(path);
		if (existing !== undefined) return existing === '_' || existing === '.' ? undefined : existing;
		const taken = (name: string) => this.importSpecs().some((spec) => (spec.childForFieldName('name')?.text ?? packageName(this.specPath(spec))) === name);
		const name = [packageName(path), alias].find((candidate) => candidate !== undefined && !taken(candidate));
		if (name) this.imports.set(path, name === packageName(path) ? '' : name);
		return name;
	}

	/** True when a top-level function or variable of this name exists. */
	private declares(name: string): boolean {
		return new RegExp(`^(func|var|const|type)\\s+${name}\\b|^\\t${name}\\s+=`, 'm').test(this.text);
	}

	/** Asks for a helper declared once per file; false when the name is taken by code that is not ours. */
	requireHelper(name: string, source: string, imports: readonly string[]): boolean {
		if (!imports.every((path) => this.use(path))) return false;
		if (this.declares(name)) return this.text.includes(HELPER_MARKER) && new RegExp(`^func ${name}\\(`, 'm').test(this.text);
		this.helpers.push(source);
		return true;
	}

	/** Asks for the package-level client with a timeout; false when the name is used for something else. */
	requireClient(): boolean {
		if (!this.use('net/http') || !this.use('time')) return false;
		if (new RegExp(`^var ${CLIENT_NAME} = &http\\.Client\\{Timeout: `, 'm').test(this.text)) return true;
		if (new RegExp(`\\b${CLIENT_NAME}\\b`).test(this.text)) return false;
		this.declarations.push(clientDeclaration());
		return true;
	}

	/** The edits for the imports, declarations and helpers asked for. */
	preambleEdits(): TextEdit[] {
		const edits = this.importEdits();
		if (this.declarations.length) {
			const decls = children(this.root).filter((child) => child.type === 'import_declaration');
			const after = decls[decls.length - 1] ?? children(this.root).find((child) => child.type === 'package_clause');
			if (after) edits.push({ startIndex: after.endIndex, endIndex: after.endIndex, newText: this.declarations.map((d) => `\n\n${d}`).join('') });
		}
		if (this.helpers.length) {
			const end = this.text.length;
			edits.push({ startIndex: end, endIndex: end, newText: `${this.text.endsWith('\n') ? '' : '\n'}${this.helpers.map((h) => `\n${h}\n`).join('')}` });
		}
		return edits;
	}

	/** New imports, each sorted into the run of imports gofmt sorts it with. */
	private importEdits(): TextEdit[] {
		const wanted = [...this.imports.keys()].sort();
		const lineFor = (path: string) => `${this.imports.get(path) ? `${this.imports.get(path)} ` : ''}${JSON.stringify(path)}`;
		if (wanted.length === 0) return [];
		const decls = children(this.root).filter((child) => child.type === 'import_declaration');
		const list = decls.map((decl) => children(decl).find((child) => child.type === 'import_spec_list')).find((found) => found !== undefined);
		if (!list) {
			const last = decls[decls.length - 1];
			const single = last && children(last).find((child) => child.type === 'import_spec');
			if (last && single) {
				const lines = [...wanted.map((path) => ({ path, text: lineFor(path) })), { path: this.specPath(single), text: single.text }].sort((a, b) => (a.path < b.path ? -1 : 1));
				return [{ startIndex: last.startIndex, endIndex: last.endIndex, newText: `import (\n${lines.map((line) => `\t${line.text}`).join('\n')}\n)` }];
			}
			const packageClause = children(this.root).find((child) => child.type === 'package_clause');
			if (!packageClause) return [];
			return [{ startIndex: packageClause.endIndex, endIndex: packageClause.endIndex, newText: `\n\nimport (\n${wanted.map((path) => `\t${lineFor(path)}`).join('\n')}\n)` }];
		}
		// gofmt sorts each run of imports between blank lines on its own.
		const groups: Node[][] = [];
		for (const spec of children(list).filter((child) => child.type === 'import_spec')) {
			const group = groups[groups.length - 1];
			const previous = group?.[group.length - 1];
			if (previous && spec.startPosition.row <= previous.endPosition.row + 1) group.push(spec);
			else groups.push([spec]);
		}
		const inserts = new Map<number, string[]>();
		const add = (at: number, text: string) => inserts.set(at, [...(inserts.get(at) ?? []), text]);
		const closing = list.lastChild!;
		for (const path of wanted) {
			const line = lineFor(path);
			const group = isStd(path) ? groups.find((g) => g.every((spec) => isStd(this.specPath(spec)))) ?? groups[0] : [...groups].reverse().find((g) => g.some((spec) => !isStd(this.specPath(spec))));
			if (!group) {
				add(closing.startIndex, `\n\t${line}\n`);
				continue;
			}
			const before = group.find((spec) => this.specPath(spec) > path);
			if (before) add(before.startIndex, `${line}\n\t`);
			else add(group[group.length - 1].endIndex, `\n\t${line}`);
		}
		return [...inserts].map(([at, texts]) => ({ startIndex: at, endIndex: at, newText: texts.join('') }));
	}

	/** A name not used in the function around `near` (or the file). */
	freshName(preferred: string, near: Node): string {
		const scope = closest(near, FUNCTIONS)?.text ?? this.text;
		for (let i = 1; ; i++) {
			const name = i === 1 ? preferred : `${preferred}${i}`;
			if (!new RegExp(`\\b${name}\\b`).test(scope)) return name;
		}
	}

	/** Lines before `node`, at its indentation. */
	insertBefore(node: Node, lines: string): TextEdit {
		return linesBefore(this.text, node, lines);
	}

	/** Lines after `node`, at its indentation. */
	insertAfter(node: Node, lines: string): TextEdit {
		return linesAfter(this.text, node, lines);
	}

	/** Lines as the body of an empty block `{ }`, one tab deeper than the line that opens it. */
	fillBlock(block: Node, lines: string): TextEdit {
		const indent = indentAt(this.text, block.startIndex);
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${indent}\t${lines.split('\n').join(`\n${indent}\t`)}\n${indent}}` };
	}
}


/** `resp, err := <call>` (or `=`): the statement, and the names it binds. */
export function bindingOf(call: Node): { statement: Node; response?: string; error?: string } | undefined {
	const list = call.parent;
	const holder = list?.type === 'expression_list' ? list.parent : undefined;
	if (!holder || !['short_var_declaration', 'assignment_statement'].includes(holder.type) || holder.childForFieldName('right')?.id !== list!.id) return undefined;
	const names = children(holder.childForFieldName('left')!).map((name) => (name.type === 'identifier' && name.text !== '_' ? name.text : undefined));
	return { statement: holder, response: names[0], error: names[1] };
}

/** The response variable bound by `call`, when it is visible at `point` (declared before it, in a block around it). */
export function responseInScope(call: Node, point: Node): string | undefined {
	const binding = bindingOf(call);
	if (!binding?.response || binding.statement.parent?.type !== 'statement_list') return undefined;
	return encloses(binding.statement.parent, point) && binding.statement.endIndex <= point.startIndex ? binding.response : undefined;
}

/**
 * Where code that reads the response goes: after `resp, err := <call>`, after the
 * `if err != nil { ... }` that leaves, and after a `defer resp.Body.Close()` that follows.
 */
export function afterErrorCheck(call: Node): { anchor: Node; response: string; error: string; errorChecked: boolean; bodyClosed: boolean } | undefined {
	const binding = bindingOf(call);
	if (!binding?.response || !binding.error || binding.statement.parent?.type !== 'statement_list') return undefined;
	const siblings = children(binding.statement.parent).filter((child) => child.type !== 'comment');
	let index = siblings.findIndex((sibling) => sibling.id === binding.statement.id);
	let anchor = binding.statement;
	let errorChecked = false;
	const next = siblings[index + 1];
	const condition = next?.type === 'if_statement' && !next.childForFieldName('initializer') && !next.childForFieldName('alternative') ? next.childForFieldName('condition') : null;
	if (next && condition && new RegExp(`^${binding.error}\\s*!=\\s*nil$`).test(condition.text) && isJump(statementsOf(next.childForFieldName('consequence')).at(-1))) {
		anchor = next;
		errorChecked = true;
		index++;
	}
	const close = siblings[index + 1];
	const bodyClosed = errorChecked && close?.type === 'defer_statement' && close.text.replace(/\s+/g, '') === `defer${binding.response}.Body.Close()`;
	return { anchor: bodyClosed ? close : anchor, response: binding.response, error: binding.error, errorChecked, bodyClosed };
}
