// How a response is used after the call, within the enclosing function: read for its
// status, read for its body, or handed on (returned, passed, stored) to code we cannot see.
import type { Node } from 'web-tree-sitter';
import type { ResponseUse } from '../../types';
import { spanOf } from '../adapter';
import { FUNCTION_TYPES, functionBody, namedChildren, parameterNames, unwrap, valueTop, namedLeaves, typeSet, typeOf, field, parentOf, innermostFunction, rootOf } from './syntax';

const STATUS_READS = new Set(['ok', 'status', 'statusCode', 'statusText', 'statusMessage']);
const BODY_READS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'body', 'data', 'bytes']);
const STATUS_CHECKERS = /^(raiseForStatus|checkStatus|assertOk|ensureOk|throwIfNotOk|assertResponse|checkResponse|handleResponse|validateResponse)$/;

function emptyUse(): ResponseUse {
	return { statusChecked: false, bodyUsed: false, escapes: false };
}

/** Reads destructured names: `const { status, data } = await axios.get(u)`. */
function fromPattern(pattern: Node, use: ResponseUse): void {
	for (const part of namedChildren(pattern)) {
		const key = part.type === 'pair_pattern' ? field(part, 'key')?.text : part.type === 'shorthand_property_identifier_pattern' ? part.text : part.type === 'object_assignment_pattern' ? field(part, 'left')?.text : undefined;
		if (!key) continue;
		if (STATUS_READS.has(key)) use.statusChecked = true;
		if (BODY_READS.has(key) && !use.bodyUsed) {
			use.bodyUsed = true;
			use.bodyUseSpan = spanOf(part);
		}
	}
}

/** Follows the response of `call` (awaited or not) through its uses. */
export function responseUse(call: Node): ResponseUse {
	const use = emptyUse();
	const top = valueTop(call);
	const parent = parentOf(top);
	if (!parent) return use;
	switch (typeOf(parent)) {
		case 'variable_declarator': {
			const name = field(parent, 'name');
			if (name?.type === 'identifier') {
				use.variable = name.text;
				followVariable(name.text, parent, use);
			} else if (name?.type === 'object_pattern') fromPattern(name, use);
			else use.escapes = true;
			return use;
		}
		case 'assignment_expression': {
			const left = field(parent, 'left');
			if (left?.type === 'identifier') {
				use.variable = left.text;
				followVariable(left.text, parent, use);
			}
			else use.escapes = true;
			return use;
		}
		case 'member_expression':
			memberUse(parent, use);
			return use;
		case 'expression_statement':
			return use;
		default:
			use.escapes = true;
			return use;
	}
}

/** `x.json()`, `x.ok`, `x.then(cb)` on the response itself. */
function memberUse(member: Node, use: ResponseUse): void {
	const property = field(member, 'property')?.text ?? '';
	if (STATUS_READS.has(property)) use.statusChecked = true;
	else if (BODY_READS.has(property)) {
		if (!use.bodyUsed) {
			use.bodyUsed = true;
			use.bodyUseSpan = spanOf(member);
		}
	} else if (property === 'then' && member.parent?.type === 'call_expression') {
		const callback = unwrap(member.parent.childForFieldName('arguments')?.namedChildren[0]);
		if (callback && FUNCTION_TYPES.has(callback.type)) {
			const [param] = parameterNames(callback);
			const body = functionBody(callback);
			if (param && body) {
				// `r => r` or returning `r` hands it on.
				if (body.type === 'identifier' && body.text === param) use.escapes = true;
				else followIn(param, body, 0, use);
			}
		} else {
			use.escapes = true;
		}
	}
}

/** The scope a variable lives in: the enclosing function body, or the program. */
function scopeOf(node: Node): Node {
	// A declarator or assignment is in the file index, with its innermost function.
	const fn = innermostFunction(node);
	if (fn) return functionBody(fn) ?? fn;
	const root = fn === null ? rootOf(node) : undefined;
	if (root && typeOf(root) === 'program') return root;
	for (let current = parentOf(node); current; current = parentOf(current)) {
		if (FUNCTION_TYPES.has(typeOf(current))) return functionBody(current) ?? current;
		if (typeOf(current) === 'program') return current;
	}
	return node;
}

function followVariable(name: string, declaration: Node, use: ResponseUse): void {
	followIn(name, scopeOf(declaration), declaration.endIndex, use);
}

/** Reads every use of `name` in `scope` after `from`. */
function followIn(name: string, scope: Node, from: number, use: ResponseUse): void {
	if (scope.type === 'identifier' && scope.text === name) {
		use.escapes = true;
		return;
	}
	if (scope.type === 'member_expression' && unwrap(field(scope, 'object'))?.text === name) {
		memberUse(scope, use);
		return;
	}
	// One search for both leaf types: a shorthand `{ res }` is its own node type.
	const leaves = namedLeaves(scope, name, typeSet('identifier', 'shorthand_property_identifier'), from);
	for (const identifier of leaves) {
		if (typeOf(identifier) !== 'identifier') continue;
		const value = valueTop(identifier);
		const parent = parentOf(value);
		if (!parent) continue;
		switch (typeOf(parent)) {
			case 'member_expression':
				if (field(parent, 'object')?.id === value.id) memberUse(parent, use);
				break;
			case 'arguments': {
				const callee = parent.parent?.childForFieldName('function');
				const calleeName = callee?.type === 'member_expression' ? field(callee, 'property')?.text : callee?.text;
				if (calleeName && STATUS_CHECKERS.test(calleeName)) use.statusChecked = true;
				// Passed to code that may check it (and may not): stay silent.
				use.statusChecked = true;
				use.escapes = true;
				break;
			}
			case 'return_statement':
			case 'arrow_function':
			case 'array':
			case 'pair':
			case 'yield_expression':
			case 'spread_element':
			case 'shorthand_property_identifier':
			case 'object':
				use.escapes = true;
				break;
			case 'assignment_expression':
				if (field(parent, 'right')?.id === value.id) use.escapes = true;
				break;
			case 'variable_declarator': {
				const target = field(parent, 'name');
				if (target?.type === 'object_pattern') fromPattern(target, use);
				else use.escapes = true;
				break;
			}
			case 'for_in_statement':
				if (!use.bodyUsed) {
					use.bodyUsed = true;
					use.bodyUseSpan = spanOf(identifier);
				}
				break;
			default:
				break;
		}
	}
	if (leaves.some((leaf) => typeOf(leaf) === 'shorthand_property_identifier')) use.escapes = true;
}
