// Small, grammar-tolerant helpers over the JavaScript/TypeScript/TSX trees: the three
// grammars share node names for everything the adapter reads, except a few TypeScript
// wrappers (`as_expression`, `non_null_expression`, `required_parameter`) unwrapped here.
import { countBelow } from '../../sorted';
import { collectByCursor } from '../common/tree';
import { lookUpName } from '../names';
import type { Node } from 'web-tree-sitter';

/** Functions of every shape: a new scope for `return`, and a boundary for "same function". */
export const FUNCTION_TYPES = new Set([
	'function_declaration',
	'function_expression',
	'function',
	'arrow_function',
	'method_definition',
	'generator_function_declaration',
	'generator_function',
]);

export const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'do_statement', 'for_in_statement']);

/** Expression wrappers that do not change the value: `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`. */
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']);

export function namedChildren(node: Node): Node[] {
	return node.namedChildren.filter((child): child is Node => child !== null);
}

/** Strips parentheses and TypeScript type wrappers. */
export function unwrap(node: Node | null | undefined): Node | undefined {
	let current = node ?? undefined;
	while (current && TRANSPARENT.has(typeOf(current))) {
		const inner = namedChildren(current)[0];
		if (!inner) break;
		current = inner;
	}
	return current;
}

/** The outermost expression that is the same value as `node`, through `await` too. */
export function valueTop(node: Node): Node {
	let current = node;
	for (;;) {
		const parent = parentOf(current);
		if (parent && (TRANSPARENT.has(typeOf(parent)) || typeOf(parent) === 'await_expression')) current = parent;
		else if (parent && isAwaitParenthesised(parent)) current = parentOf(parent)!;
		else return current;
	}
}

/**
 * `await (x).json()` parses in tree-sitter-javascript as a call of a function named
 * `await` with `(x)` as its arguments: read that call as the parenthesised value.
 */
function isAwaitParenthesised(args: Node): boolean {
	if (typeOf(args) !== 'arguments' || args.namedChildCount !== 1) return false;
	const call = parentOf(args);
	return !!call && typeOf(call) === 'call_expression' && textOf(field(call, 'function')) === 'await';
}

/** The nearest enclosing function (or undefined at module level). */
export function enclosingFunction(node: Node): Node | undefined {
	for (let current = node.parent; current; current = current.parent) {
		if (FUNCTION_TYPES.has(current.type)) return current;
	}
	return undefined;
}

/** True when `inner` lies within `outer` (or is it). */
export function within(inner: Node, outer: Node): boolean {
	return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** True when `node` is inside `scope` without crossing a function boundary in between. */
export function inSameFunction(node: Node, scope: Node): boolean {
	if (node.id === scope.id) return true;
	const index = indexFor(node);
	const at = index ? entryOf(index, node) : -1;
	if (index && at !== -1) {
		// From the file index: `scope` holds the node, and the innermost function around the node is not inside `scope`.
		const start = scope.startIndex;
		const end = scope.endIndex;
		if (!strictlyInside(index, at, start, end, scope.id)) return false;
		const fn = index.fnParent[at];
		return fn === -1 || !strictlyInside(index, fn, start, end, scope.id);
	}
	for (let current: Node | null = node; current; current = current.parent) {
		if (current.id === scope.id) return true;
		if (current !== node && FUNCTION_TYPES.has(current.type)) return false;
	}
	return false;
}

/** The value of a string literal (`'x'`, `"x"`, a template with no substitution). */
export function stringValue(node: Node | null | undefined): string | undefined {
	const value = unwrap(node);
	if (!value) return undefined;
	if (value.type === 'string') return value.text.slice(1, -1);
	if (value.type === 'template_string' && !namedChildren(value).some((c) => c.type === 'template_substitution')) return value.text.slice(1, -1);
	return undefined;
}

/** The value of a numeric literal, `1_000`, `2 * 1000`, `-1`, or `Infinity`. */
export function numberValue(node: Node | null | undefined): number | undefined {
	const value = unwrap(node);
	if (!value) return undefined;
	const type = typeOf(value);
	if (type === 'number') {
		const n = Number(textOf(value).replace(/_/g, ''));
		return Number.isFinite(n) ? n : undefined;
	}
	if (type === 'identifier' && textOf(value) === 'Infinity') return Infinity;
	if (type === 'member_expression' && /^Number\.(POSITIVE_INFINITY|MAX_SAFE_INTEGER|MAX_VALUE)$/.test(textOf(value))) return Infinity;
	if (type === 'unary_expression' && textOf(field(value, 'operator')) === '-') {
		const inner = numberValue(field(value, 'argument'));
		return inner === undefined ? undefined : -inner;
	}
	if (type === 'binary_expression') {
		const left = numberValue(field(value, 'left'));
		const right = numberValue(field(value, 'right'));
		if (left === undefined || right === undefined) return undefined;
		switch (textOf(field(value, 'operator'))) {
			case '*':
				return left * right;
			case '+':
				return left + right;
			case '-':
				return left - right;
			case '/':
				return right === 0 ? undefined : left / right;
		}
	}
	return undefined;
}

/** The key of an object `pair` as written, without quotes. */
export function pairKey(pair: Node): string | undefined {
	const key = field(pair, 'key');
	if (!key) return undefined;
	const type = typeOf(key);
	if (type === 'string') return textOf(key).slice(1, -1);
	if (type === 'property_identifier' || type === 'identifier' || type === 'number') return textOf(key);
	return undefined;
}

/** What an object literal holds, for reading options: its pairs by key, and whether it spreads. */
export interface ObjectLiteral {
	node: Node;
	pairs: Map<string, Node>;
	/** The value node of each key (for shorthand `{ timeout }`, the identifier). */
	values: Map<string, Node>;
	hasSpread: boolean;
}

export function readObject(node: Node | null | undefined): ObjectLiteral | undefined {
	const object = unwrap(node);
	if (!object || typeOf(object) !== 'object') return undefined;
	const pairs = new Map<string, Node>();
	const values = new Map<string, Node>();
	let hasSpread = false;
	for (const child of namedChildren(object)) {
		const type = typeOf(child);
		if (type === 'pair') {
			const key = pairKey(child);
			const value = field(child, 'value');
			if (key !== undefined && value) {
				pairs.set(key, child);
				values.set(key, value);
			}
		} else if (type === 'shorthand_property_identifier') {
			pairs.set(textOf(child), child);
			values.set(textOf(child), child);
		} else if (type === 'method_definition') {
			const name = textOf(field(child, 'name'));
			if (name) {
				pairs.set(name, child);
				values.set(name, child);
			}
		} else if (type === 'spread_element') {
			hasSpread = true;
		}
	}
	return { node: object, pairs, values, hasSpread };
}

/** The arguments of a call or `new`, without comments. */
export function callArguments(call: Node): Node[] {
	const args = field(call, 'arguments');
	if (!args) return [];
	return namedChildren(args).filter((arg) => typeOf(arg) !== 'comment');
}

/** The last identifier of a callee: `sleep` for `sleep`, `utils.sleep`, `this.sleep`. */
export function calleeName(callee: Node | null | undefined): string | undefined {
	const node = unwrap(callee);
	if (!node) return undefined;
	const type = typeOf(node);
	if (type === 'identifier') return textOf(node);
	if (type === 'member_expression') return textOf(field(node, 'property'));
	return undefined;
}

/** The body statements of a function, or the expression body of an arrow. */
export function functionBody(fn: Node): Node | undefined {
	return field(fn, 'body') ?? undefined;
}

/** Parameter names of a function, through TypeScript's `required_parameter` and defaults. */
export function parameterNames(fn: Node): string[] {
	const single = fn.childForFieldName('parameter');
	if (single) return [single.text];
	const params = fn.childForFieldName('parameters');
	if (!params) return [];
	const names: string[] = [];
	for (const param of namedChildren(params)) {
		let target: Node | null | undefined = param;
		if (target.type === 'required_parameter' || target.type === 'optional_parameter') target = target.childForFieldName('pattern');
		if (target?.type === 'assignment_pattern') target = target.childForFieldName('left');
		if (target?.type === 'identifier') names.push(target.text);
	}
	return names;
}

/** The name a function is known by: its own name, the variable or property it is assigned to (remembered per function). */
export function functionName(fn: Node): { name: string; node: Node; isMethod: boolean } | undefined {
	return memoByNode('functionName', fn, () => readFunctionName(fn));
}

function readFunctionName(fn: Node): { name: string; node: Node; isMethod: boolean } | undefined {
	const own = field(fn, 'name');
	const type = typeOf(fn);
	if (own && type !== 'function_expression') return { name: textOf(own), node: own, isMethod: type === 'method_definition' };
	// The parent of a function assigned to a declarator was remembered when the declarator's value was read.
	const parent = parentOf(fn);
	const parentType = parent ? typeOf(parent) : undefined;
	if (parent && parentType === 'variable_declarator') {
		const name = field(parent, 'name');
		if (name && typeOf(name) === 'identifier') return { name: textOf(name), node: name, isMethod: false };
	}
	if (parent && (parentType === 'pair' || parentType === 'public_field_definition' || parentType === 'field_definition')) {
		const key = field(parent, 'key') ?? field(parent, 'name') ?? field(parent, 'property');
		if (key) return { name: textOf(key), node: key, isMethod: parentType !== 'pair' };
	}
	if (own) return { name: textOf(own), node: own, isMethod: false };
	return undefined;
}

/** Every descendant (not the node itself) for which `test` holds; `skip` stops descent. */
export const collect = collectByCursor;

/** Descendants within the same function (nested functions are skipped). */
export function collectInFunction(node: Node, test: (n: Node) => boolean): Node[] {
	return collect(node, test, (n) => FUNCTION_TYPES.has(n.type));
}

/** The statement list a statement sits in (block, program, switch case), if any. */
export function isStatementList(node: Node): boolean {
	const type = typeOf(node);
	return type === 'statement_block' || type === 'program' || type === 'switch_case' || type === 'switch_default';
}

/** The statements of a block, or the single statement of a braceless branch. */
export function statementsOf(node: Node | null | undefined): Node[] {
	if (!node) return [];
	if (node.type === 'statement_block' || node.type === 'program') return namedChildren(node).filter((s) => s.type !== 'comment');
	if (node.type === 'else_clause') return statementsOf(namedChildren(node)[0]);
	return [node];
}

/** The `catch (e)` part of a catch clause, up to its closing parenthesis. */
export function catchHeadEnd(clause: Node): number {
	const body = clause.childForFieldName('body');
	let end = clause.startIndex + 5;
	for (const child of clause.children) {
		if (!child || (body && child.id === body.id)) break;
		end = child.endIndex;
	}
	return end;
}

// ---------------------------------------------------------------------------
// The file index: the nodes of the types the readers look for, collected in the one
// walk over the tree (in document order, with their spans and innermost enclosing
// function), so that "the calls in this loop body" is a binary search and a scan of a
// short list instead of a walk that materialises every node of the subtree.
// ---------------------------------------------------------------------------

/** The node types the index keeps (every function type too: the boundaries). */
export const INDEXED_TYPES = new Set([
	...FUNCTION_TYPES,
	'call_expression',
	'new_expression',
	'if_statement',
	'ternary_expression',
	'update_expression',
	'augmented_assignment_expression',
	'assignment_expression',
	'variable_declarator',
	'throw_statement',
	'return_statement',
	'break_statement',
	'continue_statement',
	'try_statement',
	'shorthand_property_identifier',
]);

export interface NodeIndex {
	root: Node;
	text: string;
	nodes: Node[];
	types: string[];
	ids: number[];
	starts: number[];
	ends: number[];
	/** Index of the innermost strictly enclosing function entry, or -1. */
	fnParent: number[];
	/** Function entries that are a `new Promise(...)` executor, computed on demand. */
	executor: Map<number, boolean>;
	/** Memos of tree navigation by node id, for the readers that go over the same nodes per status. */
	fields: Map<string, Map<number, Node | null>>;
	/** The grammar's id of each field name `field` looked up. */
	fieldIds: Map<string, number>;
	parents: Map<number, Node | null>;
	typesById: Map<number, string>;
	texts: Map<number, string>;
	statements: Map<number, Node[]>;
	/** Numbers and member expressions (status literals and constants), in document order. */
	literals: { nodes: Node[]; starts: number[]; ends: number[] };
	/** Memo of a status reader: condition id -> its reading. */
	compiled: Map<number, unknown>;
	/** Memos of other readers by node id, one table per reader (`memoByNode`). */
	memos: Map<string, Map<number, unknown>>;
	/** The search pattern of each name `namedLeaves` looked for. */
	namePatterns: Map<string, RegExp>;
	/** Variable declarators by the text of their name, in document order (built on first use). */
	declarators?: Map<string, Node[]>;
}

export function newIndex(root: Node, text: string): NodeIndex {
	return { root, text, nodes: [], types: [], ids: [], starts: [], ends: [], fnParent: [], executor: new Map(), fields: new Map(), fieldIds: new Map(), parents: new Map(), typesById: new Map(), texts: new Map(), statements: new Map(), compiled: new Map(), memos: new Map(), namePatterns: new Map(), literals: { nodes: [], starts: [], ends: [] } };
}

export function addToIndex(index: NodeIndex, node: Node, type: string, fnParent: number, start = node.startIndex, end = node.endIndex): number {
	const at = index.nodes.length;
	index.nodes.push(node);
	index.types.push(type);
	index.ids.push(node.id);
	index.starts.push(start);
	index.ends.push(end);
	index.fnParent.push(fnParent);
	return at;
}

let active: NodeIndex | undefined;

/** Makes `index` the one the collectors use (for the file being read), or none. */
export function setActiveIndex(index: NodeIndex | undefined): void {
	active = index;
}

function indexFor(node: Node): NodeIndex | undefined {
	return active && node.tree === active.root.tree ? active : undefined;
}

/** Skip descent into nested functions (`function`), or all but promise executors (`function-not-executor`). */
export type Boundary = 'none' | 'function' | 'function-not-executor';

/** True when entry `i` lies strictly inside `region` (spans: start, end, id). */
function strictlyInside(index: NodeIndex, i: number, start: number, end: number, id: number): boolean {
	const s = index.starts[i];
	const e = index.ends[i];
	if (s < start || e > end || index.ids[i] === id) return false;
	if (s > start || e < end) return true;
	// Same span: a descendant only when `region` is among its ancestors.
	for (let current = index.nodes[i].parent; current; current = current.parent) {
		if (current.id === id) return true;
		if (current.startIndex !== start || current.endIndex !== end) return false;
	}
	return false;
}

/**
 * The innermost function around `node`, from the file index: null when there is none, undefined
 * when the node is not in the index (then walk its ancestors).
 */
export function innermostFunction(node: Node): Node | null | undefined {
	const index = indexFor(node);
	const at = index ? entryOf(index, node) : -1;
	if (!index || at === -1) return undefined;
	const fn = index.fnParent[at];
	return fn === -1 ? null : index.nodes[fn];
}

/** The root of the file being read, when `node` is in it. */
export function rootOf(node: Node): Node | undefined {
	return indexFor(node)?.root;
}

/**
 * False when `node` cannot be the expression inside a transparent wrapper (`(x)`, `x as T`, `x!`,
 * `x satisfies T`, `<T>x`): told from the characters around it, without asking the tree for its
 * parent (which tree-sitter finds by descending from the root). True when unsure.
 */
export function mayBeWrapped(node: Node): boolean {
	const index = indexFor(node);
	if (!index) return true;
	const text = index.text;
	const base = index.root.startIndex;
	let before = node.startIndex - base - 1;
	while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
	let after = node.endIndex - base;
	while (after < text.length && isSpace(text.charCodeAt(after))) after++;
	const previous = before >= 0 ? text[before] : '';
	const next = after < text.length ? text[after] : '';
	// `(x` (a parenthesis; TypeScript's `(x: T)` too), `<T>x`, `x!`, a comment in between, `x as T`, `x satisfies T`.
	if (previous === '(' || previous === '>' || previous === '/' || next === '!' || next === '/') return true;
	return (next === 'a' || next === 's') && /^(as|satisfies)(?![\w$])/.test(text.slice(after, after + 10));
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && (code <= 0x200a || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000)) || code === 0x1680;
}

/** The index entry of `node`, or -1 when its type is not indexed. */
function entryOf(index: NodeIndex, node: Node): number {
	const start = node.startIndex;
	const id = node.id;
	for (let i = countBelow(index.starts, start); i < index.starts.length && index.starts[i] === start; i++) {
		if (index.ids[i] === id) return i;
	}
	return -1;
}

function isExecutor(index: NodeIndex, f: number): boolean {
	let known = index.executor.get(f);
	if (known === undefined) {
		const parent = index.nodes[f].parent;
		known = parent?.type === 'arguments' && parent.parent?.type === 'new_expression';
		index.executor.set(f, known);
	}
	return known;
}

/**
 * Descendants of `node` (not itself) of the given types that pass `test`, in document
 * order; `boundary` says which nested functions are not descended into. The same result
 * as `collect` with the matching test and skip, from the file index when there is one.
 */
export function collectTyped(node: Node, types: ReadonlySet<string>, test?: (n: Node) => boolean, boundary: Boundary = 'none'): Node[] {
	const index = indexFor(node);
	if (!index) {
		const skip = boundary === 'none' ? undefined : boundary === 'function' ? (n: Node) => FUNCTION_TYPES.has(n.type) : (n: Node) => FUNCTION_TYPES.has(n.type) && !(n.parent?.type === 'arguments' && n.parent.parent?.type === 'new_expression');
		return collect(node, (n) => types.has(n.type) && (!test || test(n)), skip);
	}
	const start = node.startIndex;
	const end = node.endIndex;
	const id = node.id;
	const found: Node[] = [];
	const count = index.nodes.length;
	for (let i = countBelow(index.starts, start); i < count && index.starts[i] <= end; i++) {
		if (!types.has(index.types[i])) continue;
		if (!strictlyInside(index, i, start, end, id)) continue;
		if (boundary !== 'none') {
			let crossed = false;
			for (let f = index.fnParent[i]; f !== -1 && strictlyInside(index, f, start, end, id); f = index.fnParent[f]) {
				if (boundary === 'function' || !isExecutor(index, f)) {
					crossed = true;
					break;
				}
			}
			if (crossed) continue;
		}
		const candidate = index.nodes[i];
		if (!test || test(candidate)) found.push(candidate);
	}
	return found;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Descendants of `node` (not itself) of one of `types` (leaf types: `identifier`,
 * `shorthand_property_identifier`, ...) whose text is `name`, starting at or after `from`:
 * found by searching the source text, then asking the tree what sits there.
 */
export function namedLeaves(node: Node, name: string, types: ReadonlySet<string>, from = 0): Node[] {
	const index = indexFor(node);
	if (!index || name.length === 0) return collect(node, (n) => types.has(n.type) && n.text === name && n.startIndex >= from);
	const start = node.startIndex;
	const end = node.endIndex;
	let pattern = index.namePatterns.get(name);
	if (!pattern) {
		pattern = new RegExp(`(?<![\\w$\\\\])${escapeRegExp(name)}(?![\\w$])`, 'g');
		index.namePatterns.set(name, pattern);
	}
	// The root's text starts where the root does (after leading whitespace). The search runs
	// over the node's text and a character either side (for the look-arounds): a name missing
	// from the node would otherwise send it through the rest of the file.
	const base = index.root.startIndex;
	const first = Math.max(start, from) - base;
	const offset = Math.max(first - 1, 0);
	const searched = index.text.slice(offset, end - base + 1);
	pattern.lastIndex = first - offset;
	const found: Node[] = [];
	for (let match = pattern.exec(searched); match && match.index + offset + base + name.length <= end; match = pattern.exec(searched)) {
		const at = match.index + offset + base;
		const leaf = index.root.descendantForIndex(at, at + name.length);
		if (!leaf) continue;
		const type = leaf.type;
		if (!types.has(type) || leaf.id === node.id || leaf.text !== name || leaf.startIndex !== at) continue;
		index.typesById.set(leaf.id, type);
		found.push(leaf);
	}
	return found;
}

/**
 * The variable declarators of the file whose name reads `name`, in document order; undefined
 * when the file has no index (then walk the tree).
 */
export function declaratorsNamed(node: Node, name: string): readonly Node[] | undefined {
	const index = indexFor(node);
	if (!index) return undefined;
	if (!index.declarators) {
		const byName = new Map<string, Node[]>();
		for (let i = 0; i < index.nodes.length; i++) {
			if (index.types[i] !== 'variable_declarator') continue;
			const declared = textOf(field(index.nodes[i], 'name'));
			if (declared === undefined) continue;
			const list = byName.get(declared);
			if (list) list.push(index.nodes[i]);
			else byName.set(declared, [index.nodes[i]]);
		}
		index.declarators = byName;
	}
	return index.declarators.get(name) ?? [];
}

/**
 * The declarator of `identifier` in the nearest enclosing scope that declares it before use
 * (a module's declarations, anywhere in the file, for a use inside a function: it runs
 * later); undefined when none does, or when a function's parameter or a for-of/for-in
 * variable of that name comes first. Of another top-level statement's declarators only those
 * outside functions can be it: those are the names looked up.
 */
export function nearestDeclaration(identifier: Node): Node | undefined {
	const name = textOf(identifier) ?? '';
	lookUpName('outer-declaration', name);
	const encloses = (block: Node) => identifier.startIndex >= block.startIndex && identifier.endIndex <= block.endIndex;
	const candidates = declaratorsNamed(identifier, name);
	let inFunction = false;
	for (let scope = parentOf(identifier); scope; scope = parentOf(scope)) {
		const type = typeOf(scope);
		if (FUNCTION_TYPES.has(type)) {
			if (hasParameter(scope, name)) return undefined;
			inFunction = true;
		}
		// `for (const key of keys)` declares `key` with no declarator: an outer one is hidden.
		if (type === 'for_in_statement' && textOf(field(scope, 'left')) === name) return undefined;
		if (type !== 'statement_block' && type !== 'program') continue;
		const before = type === 'program' && inFunction ? Infinity : identifier.startIndex;
		const declarator = candidates ? firstDeclaredIn(scope, candidates, before, encloses) : collect(scope, (n) => n.type === 'variable_declarator' && field(n, 'name')?.text === name && n.startIndex < before, (n) => n.type === 'statement_block' && n.id !== scope!.id && !encloses(n))[0];
		if (declarator) return declarator;
		if (type === 'program') break;
	}
	return undefined;
}

/** A parameter of `fn` is named `name` (destructured ones included). */
function hasParameter(fn: Node, name: string): boolean {
	const parameters = field(fn, 'parameters') ?? field(fn, 'parameter');
	if (!parameters) return false;
	return collect(parameters, (n) => (n.type === 'identifier' || n.type === 'shorthand_property_identifier_pattern') && n.text === name).length > 0;
}

/**
 * The first of `candidates` (same-named declarators in document order) that `scope` declares
 * before `before`: inside it, and not inside a nested block that leaves the identifier out.
 */
function firstDeclaredIn(scope: Node, candidates: readonly Node[], before: number, encloses: (block: Node) => boolean): Node | undefined {
	for (const candidate of candidates) {
		if (candidate.startIndex >= before) break;
		if (candidate.startIndex < scope.startIndex || candidate.endIndex > scope.endIndex) continue;
		for (let up = parentOf(candidate); up; up = parentOf(up)) {
			if (up.id === scope.id) return candidate;
			if (up.type === 'statement_block' && !encloses(up)) break;
		}
	}
	return undefined;
}

const typeSets = new Map<string, ReadonlySet<string>>();

/** A shared set of node types (for `collectTyped`). */
export function typeSet(...names: string[]): ReadonlySet<string> {
	const key = names.join(' ');
	let set = typeSets.get(key);
	if (!set) {
		set = new Set(names);
		typeSets.set(key, set);
	}
	return set;
}

/** `node.childForFieldName(name)`, remembered for the file being read. */
export function field(node: Node, name: string): Node | null {
	const index = active;
	if (!index) return node.childForFieldName(name);
	let byId = index.fields.get(name);
	if (!byId) {
		byId = new Map();
		index.fields.set(name, byId);
	}
	let value = byId.get(node.id);
	if (value === undefined) {
		// `childForFieldName` looks the name up in the grammar's field list on every call.
		let id = index.fieldIds.get(name);
		if (id === undefined) {
			id = node.tree.language.fields.indexOf(name);
			index.fieldIds.set(name, id);
		}
		value = id === -1 ? null : node.childForFieldId(id);
		byId.set(node.id, value);
		// The child's parent is this node: remembered, it need not be asked of the tree (tree-sitter
		// finds a parent by descending from the root).
		if (value && !index.parents.has(value.id)) index.parents.set(value.id, node);
	}
	return value;
}

/** `node.text`, remembered for the file being read (several readers ask the same callee, property or name); undefined for no node. */
export function textOf(node: Node): string;
export function textOf(node: Node | null | undefined): string | undefined;
export function textOf(node: Node | null | undefined): string | undefined {
	return node ? remembered(node, (index) => index.texts, (n) => n.text) : undefined;
}

/** `node.parent`, remembered for the file being read. */
export function parentOf(node: Node): Node | null {
	return remembered(node, (index) => index.parents, (n) => n.parent);
}

/** `node.type`, remembered for the file being read. */
export function typeOf(node: Node): string {
	return remembered(node, (index) => index.typesById, (n) => n.type);
}

/** `statementsOf`, remembered for the file being read (callers do not change the list). */
export function statementsOfMemo(node: Node | null | undefined): Node[] {
	return node ? remembered(node, (index) => index.statements, statementsOf) : statementsOf(node);
}

/** A memo of `compute(node)` by node id, for the file being read. */
export function compiledMemo<T>(node: Node, compute: () => T): T {
	return remembered(node, (index) => index.compiled as Map<number, T>, compute);
}

/** `read(node)`, kept by node id in one of the index's tables while a file is read (read afresh otherwise). */
function remembered<T>(node: Node, table: (index: NodeIndex) => Map<number, T>, read: (node: Node) => T): T {
	const index = active;
	if (!index) return read(node);
	const byId = table(index);
	let value = byId.get(node.id);
	if (value === undefined) {
		value = read(node);
		byId.set(node.id, value);
	}
	return value;
}

/** `compute()` for `node`, remembered by node id for the file being read (one table per `reader`). */
export function memoByNode<T>(reader: string, node: Node, compute: () => T): T {
	const index = active;
	if (!index) return compute();
	let byId = index.memos.get(reader);
	if (!byId) {
		byId = new Map();
		index.memos.set(reader, byId);
	}
	if (byId.has(node.id)) return byId.get(node.id) as T;
	const value = compute();
	byId.set(node.id, value);
	return value;
}

/** Numbers and member expressions in `node`, itself included; undefined when there is no index. */
export function literalsWithin(node: Node): Node[] | undefined {
	const index = indexFor(node);
	if (!index) return undefined;
	const { nodes, starts, ends } = index.literals;
	const start = node.startIndex;
	const end = node.endIndex;
	const found: Node[] = [];
	for (let i = countBelow(starts, start); i < nodes.length && starts[i] <= end; i++) {
		if (ends[i] <= end) found.push(nodes[i]);
	}
	return found;
}

/** True for `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function isTransparent(node: Node): boolean {
	return TRANSPARENT.has(typeOf(node));
}

/** `node?.childForFieldName(name)`, remembered for the file being read. */
export function fieldOf(node: Node | null | undefined, name: string): Node | null | undefined {
	return node ? field(node, name) : node === null ? undefined : undefined;
}
