// Status codes in code: which expressions read a response status, the codes that
// literals and named constants stand for, a small evaluator that says whether a
// condition holds for a given status, and the StatusCodeRef facts for hovers.
import type { Node } from 'web-tree-sitter';
import { statusCodeForConstant } from '../../knowledge/constants';
import type { StatusCodeRef } from '../../types';
import { spanOf } from '../adapter';
import { lookUpName } from '../names';
import { callArguments, compiledMemo, declaratorsNamed, isTransparent, memoByNode, nearestDeclaration, textOf, typeOf, literalsWithin, mayBeWrapped, namedChildren, namedLeaves, parentOf, numberValue, pairKey, unwrap, field } from './syntax';

const IDENTIFIER: ReadonlySet<string> = new Set(['identifier']);
const STATUS_PROPERTIES = new Set(['status', 'statusCode', 'status_code']);
const STATUS_NAMES = /^(status|statusCode|httpStatus|responseStatus|code)$/;
/** Objects whose members are status constants: `StatusCodes.UNAUTHORIZED`, `HttpStatus.FORBIDDEN`. */
const STATUS_HOLDERS = /^(HTTPStatus|HttpStatus|HttpStatusCode|HttpStatusCodes|HTTP_STATUS|HTTP_STATUS_CODES|StatusCodes|StatusCode|STATUS_CODES|STATUS|Status|status|httpStatus|HTTP|http)$/;
const COMPARISONS = new Set(['===', '==', '!==', '!=', '<', '<=', '>', '>=']);

/** Names whose arrays/sets hold statuses, so `[429, 503]` there is a status list. */
const STATUS_LIST_NAME = /status/i;

/** An expression that reads a status: `res.status`, `err.response?.status`, `status`, `statusCode`. */
export function isStatusExpression(node: Node | null | undefined): boolean {
	const value = unwrap(node);
	if (!value) return false;
	const type = typeOf(value);
	if (type === 'member_expression') {
		const property = textOf(field(value, 'property')) ?? '';
		if (!STATUS_PROPERTIES.has(property)) return false;
		// `res.status(403)` is express's setter, handled as a call elsewhere.
		const parent = parentOf(value);
		return !parent || typeOf(parent) !== 'call_expression' || field(parent, 'function')?.id !== value.id;
	}
	if (type === 'identifier') return STATUS_NAMES.test(textOf(value)) && textOf(value) !== 'code';
	return false;
}

/** `res.ok`, `response.ok`: true for 2xx. */
function isOkExpression(node: Node): boolean {
	return typeOf(node) === 'member_expression' && textOf(field(node, 'property')) === 'ok';
}

type StatusValue = { code: number; form: 'literal' | 'constant' };

/** The status a literal or a named constant stands for (remembered per node: status lists, conditions and references ask of the same literals). */
export function statusValue(node: Node | null | undefined): StatusValue | undefined {
	return node ? memoByNode('statusValue', node, () => readStatusValue(node)) : undefined;
}

function readStatusValue(node: Node): StatusValue | undefined {
	const value = unwrap(node);
	if (!value) return undefined;
	const type = typeOf(value);
	if (type === 'number') {
		const n = numberValue(value);
		if (n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599) return { code: n, form: 'literal' };
		return undefined;
	}
	if (type === 'member_expression') {
		const object = unwrap(field(value, 'object'));
		const property = textOf(field(value, 'property'));
		if (!object || !property) return undefined;
		const holder = typeOf(object) === 'member_expression' ? textOf(field(object, 'property')) : textOf(object);
		if (!holder || !STATUS_HOLDERS.test(holder)) return undefined;
		const code = statusCodeForConstant(property);
		return code === undefined ? undefined : { code, form: 'constant' };
	}
	return undefined;
}

/** The codes in an array literal or `new Set([...])`, if every element is one. */
export function statusList(node: Node | null | undefined): number[] | undefined {
	let value = unwrap(node);
	if (value?.type === 'identifier') value = listNamed(value);
	if (value?.type === 'new_expression' && field(value, 'constructor')?.text === 'Set') value = unwrap(callArguments(value)[0]);
	if (value?.type !== 'array') return undefined;
	const codes: number[] = [];
	for (const element of namedChildren(value)) {
		if (element.type === 'comment') continue;
		const status = statusValue(element);
		if (!status) return undefined;
		codes.push(status.code);
	}
	return codes;
}

const ATTEMPT_NAME = /attempt|retr|tries|tried|count|^i$|^n$|elapsed|deadline|budget|start|Date\.now|performance\.now|remaining|max/i;

/**
 * Whether `condition` holds when the response status is `status`: true, false, or
 * undefined when the condition depends on something else. A comparison of an attempt
 * counter or a clock is taken as false: the path to follow is "not the last attempt yet".
 */
export function evalStatus(condition: Node | null | undefined, status: number): boolean | undefined {
	return compileStatus(condition)(status);
}

export type StatusTest = (status: number) => boolean | undefined;

const ALWAYS_TRUE: StatusTest = () => true;
const ALWAYS_FALSE: StatusTest = () => false;
const UNKNOWN: StatusTest = () => undefined;

/**
 * `evalStatus` as a function of the status, read from the tree once per condition (the
 * path walker asks the same condition for a dozen statuses).
 */
export function compileStatus(condition: Node | null | undefined): StatusTest {
	if (!condition) return UNKNOWN;
	return compiledMemo(condition, () => compileOnce(condition)) as StatusTest;
}

function compileOnce(condition: Node): StatusTest {
	const node = unwrap(condition);
	if (!node) return UNKNOWN;
	switch (node.type) {
		case 'true':
			return ALWAYS_TRUE;
		case 'false':
			return ALWAYS_FALSE;
		case 'unary_expression': {
			if (field(node, 'operator')?.text !== '!') return UNKNOWN;
			const inner = compileStatus(field(node, 'argument'));
			return (status) => {
				const value = inner(status);
				return value === undefined ? undefined : !value;
			};
		}
		case 'binary_expression': {
			const operator = field(node, 'operator')?.text ?? '';
			const left = field(node, 'left');
			const right = field(node, 'right');
			if (operator === '&&' || operator === '||') {
				const evalA = compileStatus(left);
				const evalB = compileStatus(right);
				if (operator === '&&')
					return (status) => {
						const a = evalA(status);
						const b = evalB(status);
						return a === false || b === false ? false : a === true && b === true ? true : undefined;
					};
				return (status) => {
					const a = evalA(status);
					const b = evalB(status);
					return a === true || b === true ? true : a === false && b === false ? false : undefined;
				};
			}
			if (operator === 'instanceof') {
				return /HTTPError|HttpError|AxiosError|ResponseError|StatusError/.test(right?.text ?? '') ? ALWAYS_TRUE : UNKNOWN;
			}
			if (!COMPARISONS.has(operator)) return UNKNOWN;
			let [subject, value, op] = [left, right, operator];
			if (!isStatusExpression(subject) && isStatusExpression(value)) {
				[subject, value] = [right, left];
				op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
			}
			if (isStatusExpression(subject)) {
				const literal = statusValue(value)?.code ?? numberValue(value);
				if (literal === undefined) return UNKNOWN;
				return (status) => compare(status, op, literal);
			}
			if (ATTEMPT_NAME.test(node.text) && !/status/i.test(node.text)) return ALWAYS_FALSE;
			return UNKNOWN;
		}
		case 'call_expression': {
			const callee = unwrap(field(node, 'function'));
			const args = callArguments(node);
			if (callee?.type === 'member_expression') {
				const property = field(callee, 'property')?.text;
				if ((property === 'includes' || property === 'has') && isStatusExpression(args[0])) {
					const list = statusList(field(callee, 'object'));
					return list ? (status) => list.includes(status) : UNKNOWN;
				}
				if (property === 'isAxiosError' || property === 'isHTTPError') return ALWAYS_TRUE;
				if (property === 'isNetworkError') return ALWAYS_FALSE;
				if (property === 'isRetryableError' || property === 'isNetworkOrIdempotentRequestError' || property === 'isIdempotentRequestError') return (status) => status >= 500;
			}
			if (callee?.type === 'identifier') {
				if (callee.text === 'isAxiosError' || callee.text === 'isHTTPError') return ALWAYS_TRUE;
				if (callee.text === 'isNetworkError') return ALWAYS_FALSE;
				if (callee.text === 'isRetryableError' || callee.text === 'isNetworkOrIdempotentRequestError') return (status) => status >= 500;
			}
			return UNKNOWN;
		}
		default:
			if (isOkExpression(node)) return (status) => status >= 200 && status < 300;
			if (isStatusExpression(node)) return ALWAYS_TRUE;
			// `err.response` exists whenever there is a status.
			if (node.type === 'member_expression' && field(node, 'property')?.text === 'response') return ALWAYS_TRUE;
			return UNKNOWN;
	}
}

function compare(a: number, op: string, b: number): boolean {
	switch (op) {
		case '===':
		case '==':
			return a === b;
		case '!==':
		case '!=':
			return a !== b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		case '>':
			return a > b;
		default:
			return a >= b;
	}
}

/** The array or `new Set([...])` a name stands for: `const RETRYABLE = [429, 503]`, declared in its scope. */
function listNamed(identifier: Node): Node | undefined {
	const declarator = nearestDeclaration(identifier);
	return declarator && listValue(declarator);
}

function listValue(declarator: Node): Node | undefined {
	const value = unwrap(field(declarator, 'value'));
	return value && (typeOf(value) === 'array' || typeOf(value) === 'new_expression') ? value : undefined;
}

/** A name not read as a property: `RETRYABLE` in `RETRYABLE.includes(res.status)`. */
const NAME = /(?<![\w$.\\])[A-Za-z_$][\w$]*(?![\w$])/g;

/** The codes of the status lists `node` names. */
function namedListCodes(node: Node, codes: Set<number>): void {
	if (node.type === 'identifier') {
		for (const code of statusList(node) ?? []) codes.add(code);
		return;
	}
	for (const name of new Set(textOf(node)?.match(NAME) ?? [])) {
		// Most names in a region name no list: only those some declarator makes an array or a set
		// are looked for in the tree (each name is still looked up: another statement may declare it).
		lookUpName('outer-declaration', name);
		if (declaratorsNamed(node, name)?.some((declarator) => listValue(declarator) !== undefined) === false) continue;
		for (const leaf of namedLeaves(node, name, IDENTIFIER)) for (const code of statusList(leaf) ?? []) codes.add(code);
	}
}

/** The status codes written literally (or as constants) in a condition or list. */
export function statusesIn(node: Node | null | undefined): number[] {
	if (!node) return [];
	const codes = new Set<number>();
	const literals = literalsWithin(node);
	if (literals) {
		// From the file index: each literal, and the parentheses and casts around it.
		const start = node.startIndex;
		const end = node.endIndex;
		for (const literal of literals) {
			for (let current: Node | null = literal; current; current = parentOf(current)) {
				if (current !== literal && (!isTransparent(current) || current.startIndex < start || current.endIndex > end)) break;
				const status = statusValue(current);
				if (status && isInStatusContext(current)) codes.add(status.code);
				if (current.id === node.id) break;
				// Most literals sit in no wrapper: their parent need not be read to see that.
				if (current === literal && !mayBeWrapped(literal)) break;
			}
		}
		namedListCodes(node, codes);
		return [...codes].sort((a, b) => a - b);
	}
	const visit = (current: Node) => {
		const status = statusValue(current);
		if (status && isInStatusContext(current)) codes.add(status.code);
		if (current.type === 'identifier') for (const code of statusList(current) ?? []) codes.add(code);
		for (const child of namedChildren(current)) visit(child);
	};
	visit(node);
	return [...codes].sort((a, b) => a - b);
}

/** Calls whose first argument is a status: `res.status(403)`, `res.sendStatus(401)`, `ctx.throw(401)`. */
const STATUS_SETTERS = new Set(['status', 'sendStatus', 'writeHead', 'throw', 'abort', 'createError', 'HttpError', 'HTTPError', 'httpError']);

/** True when a literal or constant sits where it means a status (not `timeout: 401`); remembered per node. */
export function isInStatusContext(node: Node): boolean {
	return memoByNode('isInStatusContext', node, () => readStatusContext(node));
}

function readStatusContext(node: Node): boolean {
	let current = node;
	// Unary minus etc. are never statuses.
	for (let up = parentOf(current); up && typeOf(up) === 'parenthesized_expression'; up = parentOf(current)) current = up;
	const parent = parentOf(current);
	if (!parent) return false;
	switch (typeOf(parent)) {
		case 'binary_expression': {
			if (!COMPARISONS.has(textOf(field(parent, 'operator')) ?? '')) return false;
			const other = field(parent, 'left')?.id === current.id ? field(parent, 'right') : field(parent, 'left');
			return isStatusExpression(other);
		}
		case 'switch_case': {
			if (field(parent, 'value')?.id !== current.id) return false;
			const body = parentOf(parent);
			const statement = body ? parentOf(body) : null;
			const switchValue = statement ? field(statement, 'value') : undefined;
			return isStatusExpression(switchValue) || isStatusExpression(namedChildren(switchValue ?? parent)[0]);
		}
		case 'arguments': {
			const call = parentOf(parent);
			if (!call || namedChildren(parent)[0]?.id !== current.id) return false;
			const callee = unwrap(field(call, 'function') ?? field(call, 'constructor'));
			const name = callee && typeOf(callee) === 'member_expression' ? textOf(field(callee, 'property')) : textOf(callee);
			return name !== undefined && STATUS_SETTERS.has(name);
		}
		case 'pair':
			return field(parent, 'value')?.id === current.id && /^(status|statusCode)$/.test(pairKey(parent) ?? '');
		case 'assignment_expression':
			return field(parent, 'right')?.id === current.id && isStatusExpression(field(parent, 'left'));
		case 'variable_declarator':
			return /^status(Code)?$/.test(textOf(field(parent, 'name')) ?? '');
		case 'array':
			return isStatusArray(parent);
		default:
			return false;
	}
}

/** `[429, 503]` in `statusCodes: [...]`, `const RETRY_STATUSES = [...]`, `[401, 403].includes(res.status)`. */
function isStatusArray(array: Node): boolean {
	let holder = parentOf(array);
	if (holder && typeOf(holder) === 'arguments') {
		const made = parentOf(holder);
		if (made && typeOf(made) === 'new_expression') holder = parentOf(made);
	}
	if (!holder) return false;
	const type = typeOf(holder);
	if (type === 'pair') return STATUS_LIST_NAME.test(pairKey(holder) ?? '');
	if (type === 'variable_declarator') return STATUS_LIST_NAME.test(textOf(field(holder, 'name')) ?? '');
	const call = type === 'member_expression' ? parentOf(holder) : null;
	if (call && typeOf(call) === 'call_expression') {
		const property = textOf(field(holder, 'property'));
		return (property === 'includes' || property === 'has') && isStatusExpression(callArguments(call)[0]);
	}
	return false;
}

/** StatusCodeRef facts from the numbers and member expressions the walk collected. */
export function statusCodeRefs(candidates: readonly Node[]): StatusCodeRef[] {
	const refs: StatusCodeRef[] = [];
	for (const node of candidates) {
		const status = statusValue(node);
		if (!status) continue;
		// `a` in `a.b` is not a reference of its own.
		if (typeOf(node) === 'member_expression') {
			const parent = parentOf(node);
			if (parent && typeOf(parent) === 'member_expression' && field(parent, 'object')?.id === node.id) continue;
		}
		// A named constant is a status wherever it is written; a literal only in a status context.
		if (status.form === 'literal' && !isInStatusContext(node)) continue;
		refs.push({ span: spanOf(node), code: status.code, form: status.form });
	}
	return refs;
}
