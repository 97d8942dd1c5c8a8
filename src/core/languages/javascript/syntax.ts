// Small, grammar-tolerant helpers over the JavaScript/TypeScript/TSX trees: the three
// grammars share node names for everything the adapter reads, except a few TypeScript
// wrappers (`as_expression`, `non_null_expression`, `required_parameter`) unwrapped here.
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
	while (current && TRANSPARENT.has(current.type)) {
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
		const parent = current.parent;
		if (parent && (TRANSPARENT.has(parent.type) || parent.type === 'await_expression')) current = parent;
		else if (parent && isAwaitParenthesised(parent)) current = parent.parent!;
		else return current;
	}
}

/**
 * `await (x).json()` parses in tree-sitter-javascript as a call of a function named
 * `await` with `(x)` as its arguments: read that call as the parenthesised value.
 */
function isAwaitParenthesised(args: Node): boolean {
	return args.type === 'arguments' && args.namedChildCount === 1 && args.parent?.type === 'call_expression' && args.parent.childForFieldName('function')?.text === 'await';
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
	if (value.type === 'number') {
		const n = Number(value.text.replace(/_/g, ''));
		return Number.isFinite(n) ? n : undefined;
	}
	if (value.type === 'identifier' && value.text === 'Infinity') return Infinity;
	if (value.type === 'member_expression' && /^Number\.(POSITIVE_INFINITY|MAX_SAFE_INTEGER|MAX_VALUE)$/.test(value.text)) return Infinity;
	if (value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '-') {
		const inner = numberValue(value.childForFieldName('argument'));
		return inner === undefined ? undefined : -inner;
	}
	if (value.type === 'binary_expression') {
		const left = numberValue(value.childForFieldName('left'));
		const right = numberValue(value.childForFieldName('right'));
		if (left === undefined || right === undefined) return undefined;
		switch (value.childForFieldName('operator')?.text) {
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
	const key = pair.childForFieldName('key');
	if (!key) return undefined;
	if (key.type === 'string') return key.text.slice(1, -1);
	if (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'number') return key.text;
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
	if (!object || object.type !== 'object') return undefined;
	const pairs = new Map<string, Node>();
	const values = new Map<string, Node>();
	let hasSpread = false;
	for (const child of namedChildren(object)) {
		if (child.type === 'pair') {
			const key = pairKey(child);
			const value = child.childForFieldName('value');
			if (key !== undefined && value) {
				pairs.set(key, child);
				values.set(key, value);
			}
		} else if (child.type === 'shorthand_property_identifier') {
			pairs.set(child.text, child);
			values.set(child.text, child);
		} else if (child.type === 'method_definition') {
			const name = child.childForFieldName('name')?.text;
			if (name) {
				pairs.set(name, child);
				values.set(name, child);
			}
		} else if (child.type === 'spread_element') {
			hasSpread = true;
		}
	}
	return { node: object, pairs, values, hasSpread };
}

/** The arguments of a call or `new`, without comments. */
export function callArguments(call: Node): Node[] {
	const args = call.childForFieldName('arguments');
	if (!args) return [];
	return namedChildren(args).filter((arg) => arg.type !== 'comment');
}

/** The last identifier of a callee: `sleep` for `sleep`, `utils.sleep`, `this.sleep`. */
export function calleeName(callee: Node | null | undefined): string | undefined {
	const node = unwrap(callee);
	if (!node) return undefined;
	if (node.type === 'identifier') return node.text;
	if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
	return undefined;
}

/** The body statements of a function, or the expression body of an arrow. */
export function functionBody(fn: Node): Node | undefined {
	return fn.childForFieldName('body') ?? undefined;
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

/** The name a function is known by: its own name, the variable or property it is assigned to. */
export function functionName(fn: Node): { name: string; node: Node; isMethod: boolean } | undefined {
	const own = fn.childForFieldName('name');
	if (own && fn.type !== 'function_expression') return { name: own.text, node: own, isMethod: fn.type === 'method_definition' };
	const parent = fn.parent;
	if (parent?.type === 'variable_declarator') {
		const name = parent.childForFieldName('name');
		if (name?.type === 'identifier') return { name: name.text, node: name, isMethod: false };
	}
	if (parent?.type === 'pair' || parent?.type === 'public_field_definition' || parent?.type === 'field_definition') {
		const key = parent.childForFieldName('key') ?? parent.childForFieldName('name') ?? parent.childForFieldName('property');
		if (key) return { name: key.text, node: key, isMethod: parent.type !== 'pair' };
	}
	if (own) return { name: own.text, node: own, isMethod: false };
	return undefined;
}

/** Every descendant (not the node itself) for which `visit` returns true; `skip` stops descent. */
export function collect(node: Node, test: (n: Node) => boolean, skip?: (n: Node) => boolean): Node[] {
	const found: Node[] = [];
	const cursor = node.walk();
	try {
		if (!cursor.gotoFirstChild()) return found;
		for (;;) {
			const current = cursor.currentNode;
			if (test(current)) found.push(current);
			const descend = !(skip && skip(current)) && cursor.gotoFirstChild();
			if (!descend) {
				while (!cursor.gotoNextSibling()) {
					if (!cursor.gotoParent() || cursor.currentNode.id === node.id) return found;
				}
			}
		}
	} finally {
		cursor.delete();
	}
}

/** Descendants within the same function (nested functions are skipped). */
export function collectInFunction(node: Node, test: (n: Node) => boolean): Node[] {
	return collect(node, test, (n) => FUNCTION_TYPES.has(n.type));
}

/** The statement list a statement sits in (block, program, switch case), if any. */
export function isStatementList(node: Node): boolean {
	return node.type === 'statement_block' || node.type === 'program' || node.type === 'switch_case' || node.type === 'switch_default';
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
