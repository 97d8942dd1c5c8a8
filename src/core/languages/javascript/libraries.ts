// Retry libraries and client retry options: axios-retry, p-retry, exponential-backoff,
// and the `retry` option of got and ky. Their settings are read as the library would
// run them, with its defaults where an option is missing.
import type { Node } from 'web-tree-sitter';
import type { AttemptBound, Delay, RetryCondition } from '../../types';
import { spanOf } from '../adapter';
import { callsWithin, type CallInfo, type FileContext } from './context';
import { delayOfFunction } from './delays';
import type { PathSpec } from './paths';
import { conditionOf, walkStatuses, type RetryDraft } from './retries';
import { evalStatus, statusList, statusesIn } from './status';
import { callArguments, FUNCTION_TYPES, functionBody, inSameFunction, numberValue, readObject, stringValue, unwrap, type ObjectLiteral, collectTyped, typeSet, field } from './syntax';

const RETRY_AFTER = /retry[-_]?after/i;

function headOf(call: Node): ReturnType<typeof spanOf> {
	const callee = field(call, 'function') ?? call;
	return call.startPosition.row === call.endPosition.row ? spanOf(call) : spanOf(callee);
}

function attemptsFrom(value: Node | undefined, defaultRetries: number, extra: number): AttemptBound {
	if (!value) return { kind: 'bounded', max: defaultRetries + extra };
	const n = numberValue(value);
	if (n === Infinity) return { kind: 'unbounded' };
	if (n !== undefined) return { kind: 'bounded', max: n + extra, span: spanOf(value) };
	return { kind: 'bounded' };
}

/** The function a library retries: inline, or a function declared in the file. */
function retriedFunction(arg: Node | undefined, context: FileContext): Node | undefined {
	const value = unwrap(arg);
	if (!value) return undefined;
	if (FUNCTION_TYPES.has(value.type)) {
		// `() => fetchDashboard(id)`: the work happens in a local function; read that one.
		const body = unwrap(functionBody(value));
		if (body?.type === 'call_expression') {
			const callee = unwrap(field(body, 'function'));
			const local = callee?.type === 'identifier' ? context.functions.get(callee.text) : undefined;
			if (local && local.id !== value.id) return local;
		}
		return value;
	}
	if (value.type === 'identifier') return context.functions.get(value.text);
	return undefined;
}

/** Which statuses a predicate option (`retryCondition`, `shouldRetry`, `retry`) lets through. */
function predicateCondition(fn: Node): RetryCondition {
	const body = functionBody(fn);
	let expression: Node | undefined = body;
	if (body?.type === 'statement_block') {
		const returns = collectTyped(body, typeSet('return_statement'), undefined, 'function');
		expression = returns.length === 1 && collectTyped(body, typeSet('if_statement')).length === 0 ? returns[0].namedChildren[0] ?? undefined : undefined;
	}
	const span = spanOf(fn);
	const statuses = statusesIn(fn);
	if (!expression) return { kind: 'unknown', statuses, excludesAuthFailures: false, span };
	const at = (code: number) => evalStatus(expression, code);
	const samples = [400, 401, 403, 404, 429, 500, 502, 503, 504, ...statuses];
	const results = samples.map(at);
	if (results.some((r) => r === undefined)) return { kind: 'unknown', statuses, excludesAuthFailures: false, span };
	const retried = samples.filter((_, i) => results[i]);
	if (!at(401) && !at(403)) return { kind: 'statuses', statuses: statuses.filter((code) => retried.includes(code)), excludesAuthFailures: true, span };
	if (retried.length === samples.length) return { kind: 'any-error', statuses, excludesAuthFailures: false, span };
	return { kind: 'statuses', statuses: statuses.filter((code) => retried.includes(code)), excludesAuthFailures: false, span };
}

/** `axiosRetry(client, { retries, retryDelay, retryCondition })`. */
export function axiosRetry(call: Node, context: FileContext): RetryDraft {
	const options = readObject(callArguments(call)[1]);
	const delayOption = options?.values.get('retryDelay');
	let delay: Delay = { kind: 'none' };
	if (delayOption) {
		const value = unwrap(delayOption)!;
		if (/exponentialDelay$/.test(value.text)) delay = { kind: 'exponential', jitter: true, span: spanOf(value) };
		else if (/linearDelay/.test(value.text)) delay = { kind: 'unknown', span: spanOf(value) };
		else if (FUNCTION_TYPES.has(value.type)) delay = delayOfFunction(value, context);
		else delay = { kind: 'unknown', span: spanOf(value) };
	} else if (options === undefined && callArguments(call)[1]) {
		delay = { kind: 'unknown' };
	} else if (options?.hasSpread) {
		delay = { kind: 'unknown' };
	}
	const conditionFn = unwrap(options?.values.get('retryCondition'));
	let retryOn: RetryCondition = { kind: 'unknown', statuses: [], excludesAuthFailures: true };
	if (conditionFn) {
		if (FUNCTION_TYPES.has(conditionFn.type)) retryOn = predicateCondition(conditionFn);
		else if (/isNetworkOrIdempotentRequestError|isRetryableError|isNetworkError|isIdempotentRequestError/.test(conditionFn.text)) retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: true, span: spanOf(conditionFn) };
		else retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(conditionFn) };
	}
	return {
		kind: 'library',
		library: 'axios-retry',
		span: spanOf(call),
		headSpan: headOf(call),
		callIds: [],
		attempts: options || !callArguments(call)[1] ? attemptsFrom(options?.values.get('retries'), 3, 1) : { kind: 'unknown' },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(delayOption?.text ?? ''),
		refreshesCredentials: false,
	};
}

/** The retry condition of a function p-retry / exponential-backoff calls: any throw goes round, except AbortError. */
function thrownCondition(fn: Node | undefined, calls: CallInfo[], abortName: RegExp | undefined): RetryCondition {
	const body = fn ? functionBody(fn) : undefined;
	// No HTTP call in sight: what the function throws on is unknown.
	if (!body || calls.length === 0) return { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	const region = body;
	const spec: PathSpec = {
		region,
		regionEnd: 'exit',
		throwOutcome: (thrown) => (abortName && thrown && abortName.test(thrown.text) ? 'exit' : 'retry'),
	};
	const mentioned = statusesIn(body);
	// An expression-bodied arrow returns the call: the path is the call alone.
	if (body.type !== 'statement_block') {
		const throwing = calls[0].recognised.throwsOnHttpError;
		return throwing ? { kind: 'any-error', statuses: [], excludesAuthFailures: false } : { kind: 'any-error', statuses: [], excludesAuthFailures: true };
	}
	const verdict = walkStatuses(spec, calls[0], mentioned);
	return conditionOf(verdict, calls[0].recognised.throwsOnHttpError, mentioned, undefined);
}

/** `pRetry(fn, { retries, factor, minTimeout, maxTimeout, randomize, maxRetryTime })`. */
export function pRetry(call: Node, context: FileContext): RetryDraft {
	const args = callArguments(call);
	const fn = retriedFunction(args[0], context);
	const calls = fn ? callsWithin(context, fn).filter((c) => inSameFunction(c.recognised.node, fn)) : [];
	const options = readObject(args[1]);
	const known = !!options || !args[1];
	const factor = numberValue(options?.values.get('factor')) ?? 2;
	const minTimeout = numberValue(options?.values.get('minTimeout')) ?? 1000;
	const randomize = unwrap(options?.values.get('randomize'))?.text === 'true';
	let delay: Delay = !known || options?.hasSpread ? { kind: 'unknown' } : factor === 1 ? (randomize ? { kind: 'unknown' } : { kind: 'constant', ms: minTimeout }) : { kind: 'exponential', baseMs: minTimeout, capMs: numberValue(options?.values.get('maxTimeout')), jitter: randomize };
	if (minTimeout === 0 && factor !== 1 && !randomize) delay = { kind: 'none' };
	const maxRetryTime = numberValue(options?.values.get('maxRetryTime'));
	const retryOn = options?.values.has('shouldRetry') ? { kind: 'unknown' as const, statuses: [], excludesAuthFailures: false } : thrownCondition(fn, calls, /AbortError/);
	return {
		kind: 'library',
		library: 'p-retry',
		span: spanOf(call),
		headSpan: headOf(call),
		callIds: calls.map((c) => c.fact.id),
		attempts: known ? attemptsFrom(options?.values.get('retries'), 10, 1) : { kind: 'unknown' },
		hasDeadline: maxRetryTime !== undefined && maxRetryTime !== Infinity,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(fn?.text ?? '') || RETRY_AFTER.test(options?.node.text ?? ''),
		refreshesCredentials: false,
	};
}

/** `backOff(fn, { numOfAttempts, startingDelay, timeMultiple, jitter, retry })` from exponential-backoff. */
export function exponentialBackoff(call: Node, context: FileContext): RetryDraft {
	const args = callArguments(call);
	const fn = retriedFunction(args[0], context);
	const calls = fn ? callsWithin(context, fn).filter((c) => inSameFunction(c.recognised.node, fn)) : [];
	const options = readObject(args[1]);
	const known = !!options || !args[1];
	const multiple = numberValue(options?.values.get('timeMultiple')) ?? 2;
	const jitter = stringValue(options?.values.get('jitter')) === 'full';
	const startingDelay = numberValue(options?.values.get('startingDelay')) ?? 100;
	const delay: Delay = !known || options?.hasSpread ? { kind: 'unknown' } : multiple === 1 ? (jitter ? { kind: 'unknown' } : { kind: 'constant', ms: startingDelay }) : { kind: 'exponential', baseMs: startingDelay, capMs: numberValue(options?.values.get('maxDelay')), jitter };
	const retryFn = unwrap(options?.values.get('retry'));
	const retryOn = retryFn ? (FUNCTION_TYPES.has(retryFn.type) ? predicateCondition(retryFn) : { kind: 'unknown' as const, statuses: [], excludesAuthFailures: false }) : thrownCondition(fn, calls, undefined);
	return {
		kind: 'library',
		library: 'exponential-backoff',
		span: spanOf(call),
		headSpan: headOf(call),
		callIds: calls.map((c) => c.fact.id),
		attempts: known ? attemptsFrom(options?.values.get('numOfAttempts'), 10, 0) : { kind: 'unknown' },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(fn?.text ?? '') || RETRY_AFTER.test(options?.node.text ?? ''),
		refreshesCredentials: false,
	};
}

const GOT_STATUSES = [408, 413, 429, 500, 502, 503, 504, 521, 522, 524];
const KY_STATUSES = [408, 413, 429, 500, 502, 503, 504];

/** got's / ky's `retry` option (`retry: 2` or `retry: { limit, methods, statusCodes }`). */
export function clientRetryOption(pair: Node, client: 'got' | 'ky', callIds: number[], context: FileContext): RetryDraft | undefined {
	const value = unwrap(field(pair, 'value'));
	if (!value) return undefined;
	let limit: Node | undefined;
	let options: ObjectLiteral | undefined;
	if (value.type === 'number' || value.text === 'Infinity') limit = value;
	else {
		options = readObject(value);
		if (!options) return undefined;
		limit = options.values.get('limit');
	}
	const limitValue = numberValue(limit);
	if (limitValue === 0) return undefined; // retries switched off
	const statusNode = options?.values.get('statusCodes');
	const listed = statusNode ? statusList(statusNode) : client === 'got' ? GOT_STATUSES : KY_STATUSES;
	const retryOn: RetryCondition = listed
		? { kind: 'statuses', statuses: listed, excludesAuthFailures: !listed.includes(401) && !listed.includes(403), span: statusNode ? spanOf(statusNode) : undefined }
		: { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: statusNode ? spanOf(statusNode) : undefined };
	let delay: Delay;
	const custom = unwrap(options?.values.get(client === 'got' ? 'calculateDelay' : 'delay'));
	if (custom && FUNCTION_TYPES.has(custom.type)) delay = delayOfFunction(custom, context);
	else if (custom) delay = { kind: 'unknown' };
	// got adds up to 100 ms of noise to its exponential default; ky's default is not read here.
	else delay = client === 'got' ? { kind: 'exponential', baseMs: 1000, jitter: true } : { kind: 'unknown' };
	const methodsNode = options?.values.get('methods');
	const methods = methodsNode && unwrap(methodsNode)?.type === 'array' ? unwrap(methodsNode)!.namedChildren.map((m) => stringValue(m)?.toUpperCase()).filter((m): m is string => !!m) : undefined;
	return {
		kind: 'library',
		library: client,
		span: spanOf(pair),
		headSpan: spanOf(pair.startPosition.row === pair.endPosition.row ? pair : field(pair, 'key') ?? pair),
		callIds,
		attempts: attemptsFrom(limit, 2, 1),
		hasDeadline: false,
		delay,
		retryOn,
		// Both clients wait for Retry-After on 413/429/503 by default.
		honoursRetryAfter: true,
		refreshesCredentials: false,
		libraryMethods: methods,
	};
}
