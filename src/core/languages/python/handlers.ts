// Except clauses around HTTP calls and what they do with the error, status codes written where
// they mean a status, and the Idempotency-Key header a call sends.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, HttpCall, RetryConstruct, StatusCodeRef } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import type { Dialect } from '../common/dialect';
import { handlingOf } from '../common/handlers';
import { collect, kids, safely, within } from '../common/tree';
import type { PythonCall } from './clients';
import { constantStatus, exceptBody, exceptTypes, type PythonScope } from './dialect';
import { calleeName, calleeOf, enclosingFunctionOf, keywordArgs, stringValue, unwrap } from './syntax';
import { lookUpEveryName, readingAt } from '../names';

/** Errors of parsing or of the data, not of the request: a handler for them drops no HTTP error. */
const NOT_HTTP = /^(json\.(decoder\.)?JSONDecodeError|JSONDecodeError|ValueError|KeyError|IndexError|TypeError|AttributeError|UnicodeDecodeError|StopIteration|StopAsyncIteration|ImportError|ModuleNotFoundError|NotImplementedError|ZeroDivisionError|KeyboardInterrupt|SystemExit|GeneratorExit|asyncio\.CancelledError|CancelledError)$/;

/** Statements that do nothing: `pass`, `...`, a docstring. */
function isNoOp(statement: Node): boolean {
	if (statement.type === 'pass_statement') return true;
	if (statement.type === 'expression_statement') {
		const inner = kids(statement)[0];
		return !!inner && (inner.type === 'ellipsis' || inner.type === 'string') && kids(statement).length === 1;
	}
	return false;
}

/** The HTTP calls a try body guards: not those in a nested function, nor those a nested try catches first. */
function guardedCalls(tryNode: Node, calls: readonly PythonCall[]): PythonCall[] {
	const body = tryNode.childForFieldName('body');
	if (!body) return [];
	return calls.filter((call) => {
		if (!within(call.node, body)) return false;
		for (let current = call.node.parent; current && current.id !== body.id; current = current.parent) {
			if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return false;
			if (current.type === 'block' && current.parent?.type === 'try_statement' && current.parent.id !== tryNode.id && current.parent.childForFieldName('body')?.id === current.id) return false;
		}
		return true;
	});
}

export interface TryInfo {
	node: Node;
	guarded: PythonCall[];
}

export function tryStatements(tries: readonly Node[], calls: readonly PythonCall[]): TryInfo[] {
	return tries.map((node) => ({ node, guarded: guardedCalls(node, calls) })).filter((t) => t.guarded.length > 0);
}

/** Except clauses whose try body makes HTTP calls, and how each treats the error. */
export function catchClauses(tries: readonly TryInfo[], dialect: Dialect, inRetry: (node: Node) => boolean): CatchClause[] {
	const clauses: CatchClause[] = [];
	for (const { node, guarded } of tries) {
		for (const clause of kids(node).filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) {
			const { types, name } = exceptTypes(clause);
			if (types.length > 0 && types.every((t) => NOT_HTTP.test(t))) continue;
			const body = exceptBody(clause);
			const statements = kids(body).filter((s) => !isNoOp(s));
			const colon = clause.children.find((c) => c?.type === ':');
			let handling: CatchClause['handling'];
			if (inRetry(clause)) handling = 'handled';
			else if (statements.length === 0) handling = 'empty';
			else handling = handlingOf(statements, name, dialect);
			clauses.push({ span: spanOf(clause), headSpan: spanBetween(clause, colon ?? clause.children[0]!), guardedCallIds: guarded.map((c) => c.fact.id), handling });
		}
	}
	return clauses;
}

// ---------------------------------------------------------------------------
// Status references
// ---------------------------------------------------------------------------

const STATUS_KEYWORDS = /^(status_code|status|status_forcelist|statuses|status_codes|retry_statuses|retry_on_status|code)$/;
const STATUS_FUNCTIONS = /^(abort|HTTPException|HTTPError|Response|JSONResponse|HttpResponse|JsonResponse|make_response|HTTPStatus|status)$/;
const STATUS_LIST_NAMES = /status|codes|retryable|retriable|retry_on/i;

/**
 * Status codes in status contexts, and the nodes of those written in a membership list (for
 * retries). Each node is read on its own: its look-ups are its own (`names.ts`), and a surprise
 * loses that node only.
 */
export function statusRefs(integers: readonly Node[], attributes: readonly Node[], dialect: Dialect, scope: PythonScope): { refs: StatusCodeRef[]; listed: Array<{ node: Node; code: number }> } {
	const refs: StatusCodeRef[] = [];
	const listed: Array<{ node: Node; code: number }> = [];
	for (const node of attributes) {
		const code = readingAt(node, () => safely(() => constantStatus(node, scope.imports)));
		if (code !== undefined) refs.push({ span: spanOf(node), code, form: 'constant' });
	}
	for (const node of integers) {
		const code = dialect.statusValue(node);
		if (code === undefined) continue;
		const found = readingAt(node, () => safely(() => literalStatus(node, dialect)));
		if (!found) continue;
		if (found.listed) listed.push({ node, code });
		if (found.status) refs.push({ span: spanOf(node), code, form: 'literal' });
	}
	refs.sort((a, b) => a.span.startIndex - b.span.startIndex);
	return { refs, listed };
}

/** Whether a status literal stands where a status goes, and whether it is listed in a membership test. */
function literalStatus(node: Node, dialect: Dialect): { status: boolean; listed: boolean } | undefined {
	let context = node.parent;
	while (context?.type === 'parenthesized_expression') context = context.parent;
	if (!context) return undefined;
	// A list, tuple or set: look at what the collection is used for.
	let list: Node | undefined;
	if (/^(list|tuple|set)$/.test(context.type)) {
		list = context;
		context = context.parent;
		while (context?.type === 'parenthesized_expression') context = context.parent;
		if (context?.type === 'call' && /^(frozenset|set|tuple|list)$/.test(calleeOf(context)?.text ?? '')) context = context.parent?.parent ?? null;
		if (context?.type === 'argument_list') context = context.parent;
		if (!context) return undefined;
	}
	let status = false;
	let listed = false;
	if (context.type === 'comparison_operator') {
		const operands = kids(context);
		const other = operands.filter((o) => o.id !== (list ?? node).id && !within(list ?? node, o));
		status = other.some((o) => dialect.isStatusExpr(o));
		listed = status && !!list;
	} else if (context.type === 'keyword_argument') {
		const keyword = context.childForFieldName('name')?.text ?? '';
		const call = context.parent?.parent;
		status = STATUS_KEYWORDS.test(keyword) && !(keyword === 'status' && /Retry$/.test(call ? calleeOf(call)?.text ?? '' : ''));
	} else if (context.type === 'call' && !list) {
		// `abort(403)`, `HTTPException(403)`, `HTTPStatus(404)`: the first argument.
		const args = kids(context.childForFieldName('arguments'));
		status = args[0]?.id === node.id && STATUS_FUNCTIONS.test(calleeName(context) ?? '');
	} else if (context.type === 'argument_list') {
		const call = context.parent;
		const args = kids(context);
		status = !!call && args[0]?.id === node.id && STATUS_FUNCTIONS.test(calleeName(call) ?? '');
	} else if (context.type === 'assignment') {
		const left = context.childForFieldName('left');
		if (left && context.childForFieldName('right')?.id === (list ?? node).id) {
			status = dialect.isStatusExpr(left) || (!!list && STATUS_LIST_NAMES.test(left.text));
		}
	} else if (context.type === 'case_pattern' || context.type === 'case_clause') {
		const match = collectUp(context, 'match_statement');
		const subject = match?.childForFieldName('subject');
		status = !!subject && dialect.isStatusExpr(subject);
	}
	return { status, listed };
}

function collectUp(node: Node, type: string): Node | undefined {
	for (let current: Node | null = node; current; current = current.parent) if (current.type === type) return current;
	return undefined;
}

// ---------------------------------------------------------------------------
// Idempotency-Key
// ---------------------------------------------------------------------------

const KEY_HEADER = /^(x-)?idempotency-key$/i;
const KEY_GENERATOR = /uuid|ulid|nanoid|token_hex|token_urlsafe|secrets\.|urandom|random/i;

/** The Idempotency-Key a call sends, and whether its value is made anew on each attempt. */
export function idempotencyKeyOf(call: PythonCall, retry: RetryConstruct | undefined, dialect: Dialect): HttpCall['idempotencyKey'] {
	const fn = enclosingFunctionOf(call.node);
	const scopeNode = fn?.childForFieldName('body') ?? call.node.tree.rootNode;
	// Outside any function the scope is the module: assignments anywhere in the file.
	const assignments = () => {
		if (!fn) lookUpEveryName('text');
		return dialect.assignments(scopeNode);
	};
	const headers = keywordArgs(call.node).get('headers');
	let value: Node | undefined;
	let unknown = false;
	const fromDict = (dict: Node): void => {
		for (const item of kids(dict)) {
			if (item.type === 'pair' && KEY_HEADER.test(stringValue(item.childForFieldName('key') ?? undefined) ?? '')) value = item.childForFieldName('value') ?? undefined;
			else if (item.type === 'dictionary_splat') unknown = true;
		}
	};
	if (headers) {
		const h = unwrap(headers);
		if (h.type === 'dictionary') fromDict(h);
		else if (h.type === 'identifier') {
			const made = assignments().filter((a) => a.name === h.text && a.node.startIndex < call.node.startIndex);
			const last = made[made.length - 1];
			if (last && unwrap(last.value).type === 'dictionary') fromDict(unwrap(last.value));
			else unknown = true;
			// `headers["Idempotency-Key"] = key`
			for (const a of assignments()) {
				const left = a.node.childForFieldName('left');
				if (left?.type === 'subscript' && left.childForFieldName('value')?.text === h.text && KEY_HEADER.test(stringValue(left.childForFieldName('subscript') ?? undefined) ?? '')) value = a.value;
			}
			if (value) unknown = false;
		} else unknown = true;
	}
	if (!value) return unknown ? 'unknown' : 'none';
	const inRetry = (node: Node) => !!retry && node.startIndex >= retry.span.startIndex && node.endIndex <= retry.span.endIndex && retry.kind !== 'catch-retry';
	if (KEY_GENERATOR.test(value.text) && collect(value, (n) => n.type === 'call').length + (value.type === 'call' ? 1 : 0) > 0) return inRetry(value) ? 'fresh-per-call' : 'literal-or-outer';
	const v = unwrap(value);
	if (v.type !== 'identifier') return 'literal-or-outer';
	const made = assignments().filter((a) => a.name === v.text && a.node.startIndex < call.node.startIndex);
	const last = made[made.length - 1];
	if (last && inRetry(last.node) && KEY_GENERATOR.test(last.value.text)) return 'fresh-per-call';
	return 'literal-or-outer';
}

