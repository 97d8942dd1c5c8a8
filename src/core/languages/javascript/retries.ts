// Hand-written retries: loops that go round again after a failed HTTP call, functions
// that call themselves from their failure path, catch handlers and `.catch` callbacks
// that send the same request again. The path walker decides what is a retry and which
// statuses it repeats; this module reads attempts, deadline, delay and Retry-After.
import type { Node } from 'web-tree-sitter';
import type { AttemptBound, Delay, RetryCondition, RetryConstruct, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import { callsWithin, type CallInfo, type FileContext } from './context';
import { readDelay } from './delays';
import { PathWalks, type Outcomes, type PathSpec } from './paths';
import { isStatusExpression, statusesIn } from './status';
import {
	callArguments,
	calleeName,
	catchHeadEnd,
	collect,
	FUNCTION_TYPES,
	functionBody,
	functionName,
	inSameFunction,
	LOOP_TYPES,
	namedChildren,
	numberValue,
	parameterNames,
	unwrap,
	collectTyped,
	typeSet,
	field,
	fieldOf,
	literalsWithin,
	namedLeaves,
	textOf,
	typeOf,
} from './syntax';

/** Error statuses every path is tried with, plus the codes a condition names. */
const SAMPLE_STATUSES = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];
const REFRESH_NAME = /refresh|reauth|re_?login|login|authenticate|renew|(get|fetch|obtain|new)_?(access_?)?token/i;
const RETRY_AFTER = /retry[-_]?after/i;

export type RetryDraft = Omit<RetryConstruct, 'id'>;

/** How a path walk over many statuses came out. */
export interface PathVerdict {
	success: Outcomes;
	network: Outcomes;
	byStatus: Map<number, Outcomes>;
}

export function walkStatuses(spec: PathSpec, call: CallInfo, extraCodes: number[]): PathVerdict {
	const throws = call.recognised.throwsOnHttpError;
	const walks = new PathWalks(spec, call.recognised.node);
	const byStatus = new Map<number, Outcomes>();
	for (const code of new Set([...SAMPLE_STATUSES, ...extraCodes])) {
		if (code < 400) continue;
		byStatus.set(code, walks.outcomes(code, throws));
	}
	return {
		success: walks.outcomes(200, false),
		network: walks.outcomes(Number.NaN, true),
		byStatus,
	};
}

const only = (outcomes: Outcomes | undefined, outcome: 'exit' | 'retry') => outcomes !== undefined && outcomes.size === 1 && outcomes.has(outcome);

/** The retry condition a verdict shows. */
export function conditionOf(verdict: PathVerdict, throwing: boolean, mentioned: number[], span: Span | undefined): RetryCondition {
	const retried = [...verdict.byStatus].filter(([, outcomes]) => only(outcomes, 'retry')).map(([code]) => code);
	const statuses = mentioned.filter((code) => retried.includes(code));
	const a401 = verdict.byStatus.get(401);
	const a403 = verdict.byStatus.get(403);
	if (only(a401, 'exit') && only(a403, 'exit')) {
		const kind = retried.length > 0 ? 'statuses' : only(verdict.network, 'retry') ? 'any-error' : 'unknown';
		return { kind, statuses, excludesAuthFailures: true, span };
	}
	if (only(a401, 'retry') || only(a403, 'retry')) {
		if (statuses.includes(401) || statuses.includes(403)) return { kind: 'statuses', statuses, excludesAuthFailures: false, span };
		return { kind: throwing ? 'any-error' : 'any-non-ok', statuses, excludesAuthFailures: false, span };
	}
	return { kind: 'unknown', statuses, excludesAuthFailures: false, span };
}

/** True when any error status (or a network error) may go round again. */
function retriesSomething(verdict: PathVerdict): boolean {
	if (verdict.network.has('retry')) return true;
	return [...verdict.byStatus.values()].some((outcomes) => outcomes.has('retry'));
}

/** The first `if` condition in the region that tests a status: the condition's span. */
function conditionSpan(region: Node): { span?: Span; node?: Node } {
	const condition = collectTyped(region, typeSet('if_statement'), undefined, 'function')
		.map((n) => field(n, 'condition'))
		.find((c) => c && (readsStatus(c)));
	return condition ? { span: spanOf(condition), node: condition } : {};
}

const STATUS_IDENTIFIERS = ['status', 'statusCode', 'httpStatus', 'responseStatus'];
const IDENTIFIER: ReadonlySet<string> = new Set(['identifier']);

/** A descendant of `condition` that reads a status or `.ok`. */
function readsStatus(condition: Node): boolean {
	const literals = literalsWithin(condition);
	if (!literals) return collect(condition, (n) => isStatusExpression(n) || n.type === 'member_expression' && field(n, 'property')?.text === 'ok').length > 0;
	// Through the index: member expressions, and the identifiers a status may be named.
	const id = condition.id;
	if (literals.some((n) => n.id !== id && n.type === 'member_expression' && (isStatusExpression(n) || field(n, 'property')?.text === 'ok'))) return true;
	return STATUS_IDENTIFIERS.some((name) => namedLeaves(condition, name, IDENTIFIER).length > 0);
}

/** A refresh of credentials on the 401 path: `if (res.status === 401) { await refreshToken(); ... }`. */
function refreshesCredentials(region: Node): boolean {
	for (const branch of collectTyped(region, typeSet('if_statement'), undefined, 'function')) {
		const condition = field(branch, 'condition');
		if (!condition || !/401|UNAUTHORIZED|Unauthorized/.test(condition.text)) continue;
		const consequence = field(branch, 'consequence');
		if (consequence && collectTyped(consequence, typeSet('call_expression'), (n) => REFRESH_NAME.test(calleeName(field(n, 'function')) ?? '')).length > 0) return true;
	}
	return false;
}

// ---------------------------------------------------------------------------
// Attempts
// ---------------------------------------------------------------------------

/** `i < 5`, `attempt <= MAX`, `retries-- > 0`: the counter name and the limit. */
function counterLimit(condition: Node | undefined | null, exitTest = false): { counter: string; max?: number; op: string; span: Span } | undefined {
	const node = unwrap(condition);
	if (!node) return undefined;
	if (node.type === 'binary_expression') {
		const op = field(node, 'operator')?.text ?? '';
		// A loop runs while all of `a && b` hold; an exit fires when any of `a || b` does.
		if (op === (exitTest ? '||' : '&&')) return counterLimit(field(node, 'left'), exitTest) ?? counterLimit(field(node, 'right'), exitTest);
		if (!['<', '<=', '>', '>='].includes(op)) return undefined;
		const left = unwrap(field(node, 'left'));
		const right = unwrap(field(node, 'right'));
		const name = (n: Node | undefined) => (n?.type === 'identifier' ? n.text : n?.type === 'update_expression' ? field(n, 'argument')?.text : n?.type === 'member_expression' ? n.text : undefined);
		if (isStatusExpression(left) || isStatusExpression(right)) return undefined;
		if (/Date\.now|performance\.now|elapsed|deadline/i.test(node.text)) return undefined;
		const leftName = name(left);
		const rightName = name(right);
		if (leftName && (numberValue(right) !== undefined || right?.type === 'identifier' || right?.type === 'member_expression' || right?.type === 'binary_expression')) {
			return { counter: leftName, max: numberValue(right), op, span: spanOf(node) };
		}
		if (rightName && (numberValue(left) !== undefined || left?.type === 'identifier')) {
			const flipped = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op];
			return { counter: rightName, max: numberValue(left), op: flipped, span: spanOf(node) };
		}
	}
	return undefined;
}

/** A counter changed inside the loop: `attempt++`, `attempt += 1`, `retries--`. */
function updatesCounter(region: Node, counter: string): boolean {
	return (
		collectTyped(region, typeSet('update_expression', 'augmented_assignment_expression', 'assignment_expression'), (n) => {
			if (n.type === 'update_expression') return field(n, 'argument')?.text === counter;
			if (n.type === 'augmented_assignment_expression' || n.type === 'assignment_expression') return field(n, 'left')?.text === counter;
			return false;
		}).length > 0
	);
}

const TIME_CHECK = /Date\.now\(\)|performance\.now\(\)|\belapsed\w*|\bdeadline\w*|\bbudget\w*|\btimeLeft\b|\bremaining\w*Ms\b|\bexpiresAt\b|new Date\(\)/;

/** Attempts and deadline of a loop: its condition, or a counter checked before an exit. */
function loopAttempts(loop: Node, body: Node): { attempts: AttemptBound; hasDeadline: boolean } {
	const condition = field(loop, 'condition');
	const conditionText = condition?.text.replace(/[\s;()]/g, '') ?? '';
	const hasDeadline = TIME_CHECK.test(condition?.text ?? '') || collectTyped(body, typeSet('if_statement'), undefined, 'function').some((branch) => TIME_CHECK.test(field(branch, 'condition')?.text ?? '') && exits(branch));
	const limit = counterLimit(condition);
	if (limit && (updatesCounter(loop, limit.counter) || limit.counter.includes('.'))) {
		let max = limit.max;
		if (max !== undefined && loop.type === 'for_statement') {
			const init = field(loop, 'initializer');
			const start = numberValue(init ? collectTyped(init, typeSet('variable_declarator'))[0]?.childForFieldName('value') : undefined) ?? 0;
			if (limit.op === '<') max = max - start;
			else if (limit.op === '<=') max = max - start + 1;
			else max = undefined;
		} else if (max !== undefined) {
			max = limit.op === '<' || limit.op === '>' ? max : limit.op === '<=' ? max + 1 : undefined;
			if (/--/.test(condition?.text ?? '')) max = undefined;
		}
		return { attempts: { kind: 'bounded', max: max !== undefined && max > 0 ? max : undefined, span: limit.span }, hasDeadline };
	}
	// A counter compared in the body before a throw/return/break: `if (++attempt >= 5) throw err`.
	for (const branch of collectTyped(body, typeSet('if_statement'), undefined, 'function')) {
		const test = counterLimit(field(branch, 'condition'), true);
		if (test && updatesCounter(loop, test.counter) && exits(branch)) return { attempts: { kind: 'bounded', max: test.max, span: test.span }, hasDeadline };
	}
	const endless = loop.type === 'for_statement' ? conditionText === '' : conditionText === 'true' || conditionText === '1' || conditionText === '!0';
	if (endless) return { attempts: { kind: 'unbounded' }, hasDeadline };
	if (condition && readsStatus(condition) && !/&&|\|\|/.test(condition.text)) {
		return { attempts: { kind: 'unbounded' }, hasDeadline };
	}
	return { attempts: { kind: 'unknown' }, hasDeadline };
}

function exits(branch: Node): boolean {
	const consequence = field(branch, 'consequence');
	return !!consequence && collectTyped(consequence, typeSet('throw_statement', 'return_statement', 'break_statement'), undefined, 'function').length + (['throw_statement', 'return_statement', 'break_statement'].includes(consequence.type) ? 1 : 0) > 0;
}

// ---------------------------------------------------------------------------
// Loops
// ---------------------------------------------------------------------------

function loopHead(loop: Node): Span {
	const body = field(loop, 'body');
	if (loop.type === 'do_statement') return spanOf(loop.children[0] ?? loop);
	let last: Node = loop;
	for (const child of loop.children) {
		if (!child || (body && child.id === body.id)) break;
		last = child;
	}
	return spanBetween(loop, last);
}

/** The retry a loop is, or undefined when it is not one (a loop over data, a poll). */
export function loopRetry(loop: Node, context: FileContext): RetryDraft | undefined {
	if (loop.type === 'for_in_statement') return undefined; // `for (const url of urls)`: data, not attempts
	const body = field(loop, 'body');
	if (!body) return undefined;
	const calls = callsWithin(context, body).filter((call) => inSameFunction(call.recognised.node, body));
	if (calls.length === 0) return undefined;
	// Loops that index data (`items[i]`, `i < items.length`) are not retries.
	const condition = field(loop, 'condition');
	if (condition && /\.length\b|\.size\b/.test(condition.text)) return undefined;
	const spec: PathSpec = { region: body, regionEnd: 'retry', loop };
	const mentioned = statusesIn(body);
	const first = calls[0];
	const verdict = walkStatuses(spec, first, mentioned);
	if (!only(verdict.success, 'exit') || !retriesSomething(verdict)) return undefined;
	const refresh = refreshesCredentials(body);
	const { attempts, hasDeadline } = loopAttempts(loop, body);
	let delay = readDelay(body, context);
	if (refresh && delay.kind === 'none') delay = { kind: 'unknown' };
	return {
		kind: 'loop',
		span: spanOf(loop),
		headSpan: loopHead(loop),
		callIds: calls.map((call) => call.fact.id),
		attempts,
		hasDeadline,
		delay,
		retryOn: conditionOf(verdict, first.recognised.throwsOnHttpError, mentioned, conditionSpan(body).span),
		honoursRetryAfter: RETRY_AFTER.test(body.text),
		refreshesCredentials: refresh,
	};
}

// ---------------------------------------------------------------------------
// Recursion
// ---------------------------------------------------------------------------

/** A function that calls itself on its failure path after an HTTP call. */
export function recursionRetry(fn: Node, context: FileContext): RetryDraft | undefined {
	const named = functionName(fn);
	const body = functionBody(fn);
	if (!named || !body || body.type !== 'statement_block') return undefined;
	const calls = callsWithin(context, body).filter((call) => inSameFunction(call.recognised.node, body));
	if (calls.length === 0) return undefined;
	const isSelfCall = (call: Node) => {
		const callee = unwrap(field(call, 'function'));
		if (!callee) return false;
		if (named.isMethod) return typeOf(callee) === 'member_expression' && textOf(field(callee, 'object')) === 'this' && textOf(field(callee, 'property')) === named.name;
		return typeOf(callee) === 'identifier' && textOf(callee) === named.name;
	};
	const selfCalls = collectTyped(body, typeSet('call_expression'), isSelfCall);
	if (selfCalls.length === 0) return undefined;
	// A replay after a token refresh is an auth-refresh handler, not a retry.
	if (refreshesCredentials(body) && selfCalls.every((call) => /401|UNAUTHORIZED|Unauthorized/.test(enclosingIfText(call, body)))) return undefined;
	const spec: PathSpec = { region: body, regionEnd: 'exit', isRetryCall: isSelfCall };
	const mentioned = statusesIn(body);
	const first = calls[0];
	const verdict = walkStatuses(spec, first, mentioned);
	if (!only(verdict.success, 'exit') || !retriesSomething(verdict)) return undefined;
	return {
		kind: 'recursion',
		span: spanOf(fn),
		headSpan: spanOf(named.node),
		callIds: calls.map((call) => call.fact.id),
		attempts: recursionAttempts(fn, selfCalls),
		hasDeadline: TIME_CHECK.test(body.text),
		delay: failurePathDelay(body, selfCalls, context),
		retryOn: conditionOf(verdict, first.recognised.throwsOnHttpError, mentioned, conditionSpan(body).span),
		honoursRetryAfter: RETRY_AFTER.test(body.text),
		refreshesCredentials: false,
	};
}

function enclosingIfText(node: Node, limit: Node): string {
	let text = '';
	for (let current = node.parent; current && current.id !== limit.id; current = current.parent) {
		if (current.type === 'if_statement') text += field(current, 'condition')?.text ?? '';
		if (current.type === 'catch_clause') text += current.text.slice(0, 0);
	}
	return text;
}

/** A counter parameter passed changed and checked bounds a recursion; passing everything unchanged does not. */
function recursionAttempts(fn: Node, selfCalls: Node[]): AttemptBound {
	const params = parameterNames(fn);
	const body = functionBody(fn)!;
	const changed = selfCalls.some((call) =>
		callArguments(call).some((arg) => {
			const value = unwrap(arg);
			return !!value && (value.type === 'binary_expression' || value.type === 'update_expression' || value.type === 'object' && /\b(attempt|retr|tries|count)\w*\s*:/.test(value.text));
		}),
	);
	const checked = params.some((param) => collect(body, (n) => n.type === 'binary_expression' && ['<', '<=', '>', '>=', '===', '==', '!==', '!='].includes(field(n, 'operator')?.text ?? '') && namedChildren(n).some((side) => side.text === param || side.text.endsWith(`.${param}`))).length > 0);
	if (changed && checked) return { kind: 'bounded' };
	const counterInOptions = /\b(attempt|retr|tries)\w*\b/i.test(body.text) && changed;
	if (counterInOptions) return { kind: 'bounded' };
	if (!changed) {
		const passThrough = selfCalls.every((call) => callArguments(call).every((arg) => unwrap(arg)?.type === 'identifier' || unwrap(arg)?.type === 'string' || unwrap(arg)?.type === 'member_expression'));
		return passThrough ? { kind: 'unbounded' } : { kind: 'unknown' };
	}
	return { kind: 'unknown' };
}

/** The wait on the path to a replay: in the catch or branch that holds it. */
function failurePathDelay(region: Node, replays: Node[], context: FileContext): Delay {
	let branch: Node | undefined;
	for (let current = replays[0].parent; current && current.id !== region.id; current = current.parent) {
		if (current.type === 'catch_clause' || current.type === 'if_statement' || current.type === 'else_clause') {
			branch = current;
			break;
		}
	}
	return readDelay(branch ?? region, context);
}

// ---------------------------------------------------------------------------
// Catch handlers and `.catch` callbacks that send the request again
// ---------------------------------------------------------------------------

/** `try { await call() } catch { ... await call() ... }` outside any loop retry. */
export function catchRetry(tryStatement: Node, context: FileContext): RetryDraft | undefined {
	const handler = field(tryStatement, 'handler');
	const protectedBody = field(tryStatement, 'body');
	const handlerBody = fieldOf(handler, 'body');
	if (!handler || !protectedBody || !handlerBody) return undefined;
	const originals = callsWithin(context, protectedBody).filter((call) => inSameFunction(call.recognised.node, protectedBody));
	const replays = callsWithin(context, handlerBody);
	const pairs = originals.filter((original) => replays.some((replay) => replay.recognised.callee.text === original.recognised.callee.text));
	if (pairs.length === 0) return undefined;
	const original = pairs[0];
	const replayNodes = replays.filter((replay) => replay.recognised.callee.text === original.recognised.callee.text).map((replay) => replay.recognised.node);
	const region = tryStatement.parent ?? tryStatement;
	const isReplay = (call: Node) => replayNodes.some((node) => node.id === call.id);
	const spec: PathSpec = { region: enclosingBody(tryStatement) ?? region, regionEnd: 'exit', isRetryCall: isReplay };
	const mentioned = statusesIn(handlerBody);
	const verdict = walkStatuses(spec, original, mentioned);
	if (!retriesSomething(verdict)) return undefined;
	const refresh = refreshesCredentials(handlerBody);
	const nested = collectTyped(handlerBody, typeSet('try_statement')).length;
	let delay = readDelay(handlerBody, context);
	if (refresh && delay.kind === 'none') delay = { kind: 'unknown' };
	return {
		kind: 'catch-retry',
		span: spanOf(tryStatement),
		headSpan: { ...spanOf(handler), ...headEnd(handler) },
		callIds: [original.fact.id, ...replays.filter((replay) => isReplay(replay.recognised.node)).map((replay) => replay.fact.id)],
		attempts: { kind: 'bounded', max: 2 + nested },
		hasDeadline: false,
		delay,
		retryOn: conditionOf(verdict, original.recognised.throwsOnHttpError, mentioned, conditionSpan(handlerBody).span),
		honoursRetryAfter: RETRY_AFTER.test(handlerBody.text),
		refreshesCredentials: refresh,
	};
}

function enclosingBody(node: Node): Node | undefined {
	for (let current = node.parent; current; current = current.parent) {
		if (FUNCTION_TYPES.has(current.type)) return functionBody(current);
		if (current.type === 'program') return current;
	}
	return undefined;
}

/** The end of a `catch (e)` head, as span fields. */
export function headEnd(clause: Node): Pick<Span, 'endIndex' | 'end'> {
	const endIndex = catchHeadEnd(clause);
	const last = clause.children.find((child) => child && child.endIndex === endIndex);
	return { endIndex, end: last ? { line: last.endPosition.row, character: last.endPosition.column } : spanOf(clause).end };
}

/** `request().catch(() => request())`: a promise chain that sends the request again. */
export function promiseChainRetry(catchCall: Node, context: FileContext): RetryDraft | undefined {
	const callee = unwrap(field(catchCall, 'function'));
	if (callee?.type !== 'member_expression' || field(callee, 'property')?.text !== 'catch') return undefined;
	const receiver = field(callee, 'object');
	const handler = unwrap(callArguments(catchCall)[0]);
	if (!receiver || !handler || !FUNCTION_TYPES.has(handler.type)) return undefined;
	const originals = callsWithin(context, receiver);
	const replays = callsWithin(context, handler);
	const original = originals.find((call) => replays.some((replay) => replay.recognised.callee.text === call.recognised.callee.text));
	if (!original) return undefined;
	const handlerBody = functionBody(handler)!;
	const conditional = collectTyped(handlerBody, typeSet('if_statement', 'ternary_expression')).length > 0;
	const throwing = original.recognised.throwsOnHttpError;
	// `if (<401/403 test>) throw err` in the handler: those statuses end the chain, they are not retried.
	const stopsOnAuth = collectTyped(handlerBody, typeSet('if_statement')).some((branch) => /\b40[13]\b/.test(field(branch, 'condition')?.text ?? '') && /^\{?\s*throw\b/.test(field(branch, 'consequence')?.text ?? ''));
	const retryOn: RetryCondition = conditional
		? { kind: 'unknown', statuses: statusesIn(handlerBody).filter((code) => !stopsOnAuth || (code !== 401 && code !== 403)), excludesAuthFailures: stopsOnAuth }
		: { kind: 'any-error', statuses: [], excludesAuthFailures: !throwing };
	const property = field(callee, 'property')!;
	return {
		kind: 'promise-chain',
		span: spanOf(catchCall),
		headSpan: spanOf(property),
		callIds: [original.fact.id, ...replays.filter((replay) => replay.recognised.callee.text === original.recognised.callee.text).map((replay) => replay.fact.id)],
		attempts: { kind: 'bounded', max: 2 },
		hasDeadline: false,
		delay: readDelay(handlerBody, context),
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(handlerBody.text),
		refreshesCredentials: collectTyped(handlerBody, typeSet('call_expression'), (n) => REFRESH_NAME.test(calleeName(field(n, 'function')) ?? '')).length > 0,
	};
}

export { LOOP_TYPES, REFRESH_NAME };
