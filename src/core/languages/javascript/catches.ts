// Catch clauses and `.catch` callbacks around HTTP calls (what they do with the error),
// and handlers that refresh credentials on 401 and replay the request (axios
// interceptors, catch branches, status branches), with or without a once-only guard.
import type { Node } from 'web-tree-sitter';
import type { AuthRefreshHandler, CatchClause, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import type { FileContext } from './context';
import { headEnd, REFRESH_NAME } from './retries';
import { callArguments, calleeName, FUNCTION_TYPES, functionBody, inSameFunction, namedChildren, parameterNames, statementsOf, unwrap, collectTyped, namedLeaves, typeSet, field, parentOf, textOf, typeOf } from './syntax';

const LITERAL_TYPES = new Set(['null', 'undefined', 'true', 'false', 'number', 'string', 'template_string']);

/** A value that says nothing about the error: `null`, `[]`, `{}`, `''`, `0`, `false`. */
function isPlainValue(node: Node | null | undefined): boolean {
	const value = unwrap(node);
	if (!value) return true;
	if (LITERAL_TYPES.has(value.type)) return value.type !== 'template_string' || !value.namedChildren.some((c) => c?.type === 'template_substitution');
	if (value.type === 'identifier') return value.text === 'undefined';
	if (value.type === 'array' || value.type === 'object') return namedChildren(value).every((child) => (child.type === 'pair' ? isPlainValue(field(child, 'value')) : isPlainValue(child)));
	return false;
}

/** How a handler body treats the error. */
export function handlingOf(body: Node | undefined, errorName: string | undefined): CatchClause['handling'] {
	if (!body) return 'handled';
	if (body.type !== 'statement_block') {
		// An arrow's expression body: `() => null`, `() => []`.
		return isPlainValue(body) ? 'default-value' : 'handled';
	}
	const statements = statementsOf(body);
	if (statements.length === 0) return 'empty';
	if (errorName && namedLeaves(body, errorName, typeSet('identifier')).length > 0) return 'handled';
	for (const statement of statements) {
		if (statement.type === 'empty_statement') continue;
		if (statement.type === 'return_statement') {
			if (!isPlainValue(statement.namedChildren[0])) return 'handled';
			continue;
		}
		if (statement.type === 'expression_statement') {
			const expression = unwrap(statement.namedChildren[0]);
			if (expression?.type === 'assignment_expression' && isPlainValue(field(expression, 'right'))) continue;
			return 'handled';
		}
		return 'handled';
	}
	return 'default-value';
}

/** HTTP calls whose errors reach this try's catch: awaited, in the same function. */
function guardedCalls(body: Node, context: FileContext): number[] {
	// Spans from the facts: a node's end is a call into the parser, and every try asks of every call.
	const start = body.startIndex;
	const end = body.endIndex;
	return context.calls
		.filter((call) => {
			if (call.fact.span.startIndex < start || call.fact.span.endIndex > end) return false;
			const node = call.recognised.node;
			// The nearest try around the call must be this one.
			for (let current = parentOf(node); current && current.id !== body.id; current = parentOf(current)) {
				const type = typeOf(current);
				if (type === 'statement_block') {
					const parent = parentOf(current);
					if (parent && typeOf(parent) === 'try_statement' && field(parent, 'body')?.id === current.id) return false;
				}
				if (FUNCTION_TYPES.has(type) && !isAwaitedCallback(current, body)) return false;
			}
			return isAwaitedWithin(node, body);
		})
		.map((call) => call.fact.id);
}

/** `await Promise.all(urls.map(async (u) => fetch(u)))`: a callback whose rejection is awaited. */
function isAwaitedCallback(fn: Node, limit: Node): boolean {
	for (let current = parentOf(fn); current && current.id !== limit.id; current = parentOf(current)) {
		if (typeOf(current) === 'await_expression') return true;
		if (FUNCTION_TYPES.has(typeOf(current))) return false;
	}
	return false;
}

function isAwaitedWithin(node: Node, limit: Node): boolean {
	const callee = field(node, 'function');
	if (callee && typeOf(callee) === 'await_expression') return true;
	for (let current = parentOf(node); current && current.id !== limit.id; current = parentOf(current)) {
		if (typeOf(current) === 'await_expression' || typeOf(current) === 'yield_expression') return true;
	}
	return false;
}

/** Catch clauses of try statements that guard HTTP calls. `inRetry` marks catches that are a retry's own. */
export function catchClauses(tryStatements: readonly Node[], context: FileContext, inRetry: (clause: Node) => boolean): CatchClause[] {
	const clauses: CatchClause[] = [];
	for (const tryStatement of tryStatements) {
		const body = field(tryStatement, 'body');
		const handler = field(tryStatement, 'handler');
		if (!body || !handler) continue;
		const guardedCallIds = guardedCalls(body, context);
		if (guardedCallIds.length === 0) continue;
		const parameter = field(handler, 'parameter');
		const errorName = parameter?.type === 'identifier' ? parameter.text : undefined;
		const handling = inRetry(handler) ? 'handled' : handlingOf(field(handler, 'body') ?? undefined, errorName);
		clauses.push({ span: spanOf(handler), headSpan: { ...spanOf(handler), ...headEnd(handler) }, guardedCallIds, handling });
	}
	return clauses;
}

/** `request.then(...).catch(handler)`: a promise catch around the calls in its chain. */
export function promiseCatch(catchCall: Node, context: FileContext): CatchClause | undefined {
	const callee = unwrap(field(catchCall, 'function'));
	if (!callee || typeOf(callee) !== 'member_expression' || textOf(field(callee, 'property')) !== 'catch') return undefined;
	const receiver = field(callee, 'object');
	const handler = unwrap(callArguments(catchCall)[0]);
	if (!receiver || !handler) return undefined;
	const start = receiver.startIndex;
	const end = receiver.endIndex;
	const guardedCallIds = context.calls.filter((call) => call.fact.span.startIndex >= start && call.fact.span.endIndex <= end).map((call) => call.fact.id);
	if (guardedCallIds.length === 0) return undefined;
	let handling: CatchClause['handling'] = 'handled';
	if (FUNCTION_TYPES.has(handler.type)) handling = handlingOf(functionBody(handler), parameterNames(handler)[0]);
	else if (handler.type === 'identifier' && /^(noop|ignore|_\.noop)$/.test(handler.text)) handling = 'empty';
	return { span: spanOf(catchCall), headSpan: spanOf(field(callee, 'property')!), guardedCallIds, handling };
}

/** True when the node (a condition) tests for a 401. */
function tests401(node: Node | null | undefined): boolean {
	return !!node && /\b401\b|UNAUTHORIZED|Unauthorized|Status401/.test(node.text);
}

const ONCE_GUARD = /\b_?(retry|retried|isRetry|isRetried|_isRetry|__isRetryRequest|hasRetried|alreadyRetried|didRetry|retryCount|retries|attempts?|refreshed|hasRefreshed|triedRefresh|sent|_sent)\b/i;

function refreshCalls(node: Node): Node[] {
	return collectTyped(node, typeSet('call_expression'), (n) => REFRESH_NAME.test(calleeName(field(n, 'function')) ?? ''));
}

/** Calls that send the request again: an HTTP call, the client with the failed config, or the enclosing function. */
function replays(node: Node, context: FileContext, selfName: string | undefined, clientNames: Pick<ReadonlySet<string>, 'has'>): boolean {
	for (const call of collectTyped(node, typeSet('call_expression'))) {
		if (context.callByNode.has(call.startIndex) && context.callByNode.get(call.startIndex)!.recognised.node.id === call.id) return true;
		const callee = unwrap(field(call, 'function'));
		const root = callee?.type === 'member_expression' ? unwrap(field(callee, 'object'))?.text : callee?.text;
		if (root && clientNames.has(root)) return true;
		if (selfName && (callee?.text === selfName || callee?.text === `this.${selfName}`)) return true;
		if (callArguments(call).some((arg) => /\.config$|^original\w*$|^(originalRequest|prevRequest|failedRequest|config)$/.test(unwrap(arg)?.text ?? ''))) return true;
	}
	return false;
}

function ifHead(branch: Node): Span {
	const condition = field(branch, 'condition') ?? branch;
	return spanBetween(branch, condition);
}

/** Auth-refresh handlers: interceptors, catch branches and status branches that refresh on 401. */
export function authRefreshHandlers(root: { calls: readonly Node[]; ifs: readonly Node[] }, context: FileContext, clientNames: Pick<ReadonlySet<string>, 'has'>): AuthRefreshHandler[] {
	const handlers: AuthRefreshHandler[] = [];
	const covered: Node[] = [];
	for (const call of root.calls) {
		const callee = unwrap(field(call, 'function'));
		if (!callee || typeOf(callee) !== 'member_expression' || !/\.interceptors\.response\.use$/.test(textOf(callee))) continue;
		const onError = unwrap(callArguments(call)[1]);
		if (!onError || !FUNCTION_TYPES.has(onError.type)) continue;
		if (!tests401(onError) || refreshCalls(onError).length === 0) continue;
		covered.push(onError);
		handlers.push({
			kind: 'interceptor',
			span: spanOf(call),
			headSpan: spanOf(callee),
			replays: replays(onError, context, undefined, clientNames),
			hasOnceGuard: ONCE_GUARD.test(onError.text),
		});
	}
	for (const branch of root.ifs) {
		const condition = field(branch, 'condition');
		const consequence = field(branch, 'consequence');
		if (!consequence || !tests401(condition) || refreshCalls(consequence).length === 0) continue;
		if (covered.some((handler) => branch.startIndex >= handler.startIndex && branch.endIndex <= handler.endIndex)) continue;
		const fn = enclosingFunctionNode(branch);
		const selfName = fn ? ownName(fn) : undefined;
		const inCatch = enclosing(branch, 'catch_clause', fn);
		const guardText = `${condition?.text ?? ''} ${fn ? parameterNames(fn).join(' ') : ''} ${consequence.text}`;
		const params = fn ? parameterNames(fn) : [];
		const guardedByParam = params.some((param) => ONCE_GUARD.test(param) && (condition?.text.includes(param) ?? false));
		const flagAssigned = collectTyped(consequence, typeSet('assignment_expression'), (n) => ONCE_GUARD.test(field(n, 'left')?.text ?? '')).length > 0;
		const doesReplay = replays(consequence, context, selfName, clientNames) && (!fn || inSameFunction(consequence, functionBody(fn) ?? fn));
		handlers.push({
			kind: inCatch ? 'catch' : 'status-branch',
			span: spanOf(inCatch ?? branch),
			headSpan: inCatch ? { ...spanOf(inCatch), ...headEnd(inCatch) } : ifHead(branch),
			replays: doesReplay,
			hasOnceGuard: guardedByParam || (ONCE_GUARD.test(condition?.text ?? '') && !/^\s*$/.test(guardText)) || flagAssigned,
		});
	}
	return handlers;
}

function enclosingFunctionNode(node: Node): Node | undefined {
	for (let current = node.parent; current; current = current.parent) if (FUNCTION_TYPES.has(current.type)) return current;
	return undefined;
}

function enclosing(node: Node, type: string, limit: Node | undefined): Node | undefined {
	for (let current = node.parent; current && current.id !== limit?.id; current = current.parent) if (current.type === type) return current;
	return undefined;
}

function ownName(fn: Node): string | undefined {
	const name = field(fn, 'name');
	if (name) return name.text;
	const parent = fn.parent;
	if (parent?.type === 'variable_declarator') return field(parent, 'name')?.text;
	return undefined;
}
