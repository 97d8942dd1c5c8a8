// Hand-written retries in Python: loops (`for attempt in range(3)`, `while True:`), a function
// that calls itself from its failure path, an except clause that sends the request again; and
// the wait between attempts (`time.sleep`, `await asyncio.sleep`, delays that grow with `**`).
import type { Node } from 'web-tree-sitter';
import type { Delay, RetryCondition, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import type { Dialect } from '../common/dialect';
import type { Outcomes, WalkSpec } from '../common/paths';
import { conditionOf, conditionSpan, type Verdict, loopAttempts, mentionedStatuses, only, RETRY_AFTER, refreshesCredentials, retriesSomething, sameFunction, walkVerdict, type RetryDraft } from '../common/retries';
import { collect, endOf, kids, parentOf, within } from '../common/tree';
import { exceptBody, exceptionKind, exceptTypes, parameterNames } from './dialect';
import type { PythonCall } from './clients';
import { calleeName, calleeOf, FUNCTION_TYPES, headColon, receiverOf } from './syntax';
import { lookUpEveryName, lookUpName } from '../names';

/** What the retry readers share: the dialect, the file's HTTP calls and functions. */
export interface RetryContext {
	dialect: Dialect;
	calls: readonly PythonCall[];
	/** Functions of the file by name, to read the delay a helper computes (`time.sleep(backoff(n))`). */
	functionsByName: ReadonlyMap<string, Node>;
	root: Node;
	/** Status codes written in membership tests (`in (429, 503)`), by position, which the engine's comparison reader does not see. */
	listedStatuses: ReadonlyArray<{ node: Node; code: number }>;
	/** Module-level assignments (constants a delay may read), gathered once; each defines a `constant` name. */
	moduleAssignments: ReadonlyArray<{ name: string; value: Node; node: Node; compound?: string }>;
	/** Calls by the last name of their callee, for finding a function's calls to itself. */
	callsByName: ReadonlyMap<string, readonly Node[]>;
}

const isRaiseForStatus = (call: Node) => calleeName(call) === 'raise_for_status';
const skipFunctions = (n: Node) => FUNCTION_TYPES.has(n.type) || n.type === 'class_definition';

function scopeOf(node: Node, root: Node): Node {
	for (let current = parentOf(node); current; current = parentOf(current)) if (current.type === 'function_definition') return current.childForFieldName('body') ?? current;
	return root;
}

/** The calls inside `region` (bounds read once). */
function callsWithin(calls: readonly PythonCall[], region: Node): PythonCall[] {
	const start = region.startIndex;
	const end = endOf(region);
	return calls.filter((call) => call.node.startIndex >= start && endOf(call.node) <= end);
}

function statusesIn(region: Node, context: RetryContext): number[] {
	const codes = new Set(mentionedStatuses(region, context.dialect));
	for (const { node, code } of context.listedStatuses) if (within(node, region)) codes.add(code);
	return [...codes].sort((a, b) => a - b);
}

function walkSpec(call: PythonCall, dialect: Dialect): Omit<WalkSpec, 'regionEnd'> {
	return {
		dialect,
		call: call.node,
		callThrows: (scenario) => scenario.status === undefined || (call.fact.throwsOnHttpError && scenario.status >= 400),
		isEnsureCall: isRaiseForStatus,
	};
}

const sameOutcomes = (a: Outcomes | undefined, b: Outcomes | undefined) => !!a && !!b && a.size === b.size && [...a].every((x) => b.has(x));

/**
 * The engine's reading, widened for the Python habit of checking the attempt counter inside the
 * failure branch (`if attempt == MAX: raise`): a status that may go round again is retried, and a
 * 401 handled exactly like a 500 is retried like one.
 */
function conditionFor(verdict: Verdict, throwing: boolean, mentioned: number[], span: Span | undefined): RetryCondition {
	const base = conditionOf(verdict, throwing, mentioned, span);
	if (base.kind !== 'unknown' && base.kind !== 'statuses') return base;
	const mayRetry = mentioned.filter((code) => code >= 400 && verdict.byStatus.get(code)?.has('retry'));
	const a401 = verdict.byStatus.get(401);
	if (base.kind === 'unknown' && a401?.has('retry') && sameOutcomes(a401, verdict.byStatus.get(403)) && sameOutcomes(a401, verdict.byStatus.get(500))) {
		return { kind: throwing ? 'any-error' : 'any-non-ok', statuses: mayRetry, excludesAuthFailures: false, span };
	}
	if (base.statuses.length === 0 && mayRetry.length > 0) return { kind: 'statuses', statuses: mayRetry, excludesAuthFailures: base.excludesAuthFailures || (!mayRetry.includes(401) && !mayRetry.includes(403) && !a401?.has('retry')), span };
	return base;
}

const DEADLINE = /time\.(monotonic|time|perf_counter)\(\)|datetime\.(utc)?now\(|loop\.time\(\)|deadline|elapsed|budget|time_left|remaining_time|give_up_at/i;

function hasDeadline(loop: Node, dialect: Dialect): boolean {
	const info = dialect.loop(loop);
	if (info?.condition && DEADLINE.test(info.condition.text)) return true;
	for (const node of collect(info?.body ?? loop, (n) => n.type === 'if_statement', skipFunctions)) {
		const condition = node.childForFieldName('condition');
		const consequence = node.childForFieldName('consequence');
		if (condition && consequence && DEADLINE.test(condition.text) && /\b(raise|return|break)\b/.test(consequence.text)) return true;
	}
	return false;
}

/** A `for`/`while` loop that goes round again after a failed request and leaves on success. */
export function loopRetry(loop: Node, context: RetryContext): RetryDraft | undefined {
	const { dialect } = context;
	const info = dialect.loop(loop);
	if (!info || info.kind === 'data') return undefined;
	const body = info.body;
	const inside = callsWithin(context.calls, body).filter((call) => sameFunction(call.node, body, dialect));
	if (inside.length === 0) return undefined;
	const first = inside[0];
	const mentioned = statusesIn(body, context);
	const verdict = walkVerdict({ ...walkSpec(first, dialect), regionEnd: 'retry' }, kids(body), mentioned);
	if (!only(verdict.success, 'exit') || !retriesSomething(verdict)) return undefined;
	const refresh = refreshesCredentials(body, dialect);
	const { attempts, hasDeadline: engineDeadline } = loopAttempts(loop, dialect);
	let delay = readDelay(body, context, scopeOf(loop, context.root));
	if (refresh && delay.kind === 'none') delay = { kind: 'unknown' };
	return {
		kind: 'loop',
		span: spanOf(loop),
		headSpan: spanBetween(loop, info.headEnd),
		callIds: inside.map((call) => call.fact.id),
		attempts,
		hasDeadline: engineDeadline || hasDeadline(loop, dialect),
		delay,
		retryOn: excludingReraisedAuth(conditionFor(verdict, first.fact.throwsOnHttpError, mentioned, conditionSpan(body, dialect)), body),
		honoursRetryAfter: RETRY_AFTER.test(body.text),
		refreshesCredentials: refresh,
	};
}

/**
 * 401/403 are not retried when an except clause in the region has `if <401/403 test on the
 * error>: raise`: the path walker does not read status tests on a caught exception
 * (`getattr(exc.response, "status_code", None)`), so they are read here, as for
 * except-clause retries.
 */
function excludingReraisedAuth(condition: RetryCondition, region: Node): RetryCondition {
	if (condition.excludesAuthFailures) return condition;
	const clauses = region.type === 'except_clause' ? [region] : collect(region, (n) => n.type === 'except_clause', skipFunctions);
	const reraises = clauses.some((clause) =>
		collect(clause, (n) => n.type === 'if_statement', skipFunctions).some((branch) => EXCLUDES_AUTH.test(branch.childForFieldName('condition')?.text ?? '') && /^raise\b/.test(branch.childForFieldName('consequence')?.text.trim() ?? '')),
	);
	return reraises ? { ...condition, statuses: condition.statuses.filter((code) => code !== 401 && code !== 403), excludesAuthFailures: true } : condition;
}

// ---------------------------------------------------------------------------
// Recursion
// ---------------------------------------------------------------------------

const DEPTH_PARAM = /^_?(retr(y|ies|ied)|attempts?|tries|depth|remaining|retry_count|attempt_no|n_?retries|max_retries|tries_left|is_retry|second_try)$/i;

function selfCalls(fn: Node, name: string, body: Node, context: RetryContext): Node[] {
	return (context.callsByName.get(name) ?? []).filter((n) => {
		if (!within(n, body)) return false;
		const callee = calleeOf(n);
		if (!callee) return false;
		if (callee.type !== 'identifier' && !/^(self|cls)$/.test(receiverOf(n)?.text ?? '')) return false;
		return sameFunction(n, fn, { functionTypes: FUNCTION_TYPES } as Dialect);
	});
}

/** The branch a call sits in (an except clause, an if/elif/else body), where its failure-path wait would be. */
function branchOf(node: Node, fn: Node): Node {
	for (let current = node.parent; current && current.id !== fn.id; current = current.parent) {
		if (current.type === 'block' && current.parent && /^(except_clause|if_statement|elif_clause|else_clause)$/.test(current.parent.type)) return current;
	}
	return fn.childForFieldName('body') ?? fn;
}

/** A function that calls itself from its failure path after an HTTP call. */
export function recursionRetry(fn: Node, context: RetryContext): RetryDraft | undefined {
	const { dialect } = context;
	const name = fn.childForFieldName('name');
	const body = fn.childForFieldName('body');
	if (!name || !body) return undefined;
	const inside = callsWithin(context.calls, body).filter((call) => sameFunction(call.node, fn, dialect));
	if (inside.length === 0) return undefined;
	const repeats = selfCalls(fn, name.text, body, context);
	if (repeats.length === 0) return undefined;
	const first = inside[0];
	const mentioned = statusesIn(body, context);
	const spec: WalkSpec = {
		...walkSpec(first, dialect),
		regionEnd: 'exit',
		onReturn: (ret) => (repeats.some((call) => within(call, ret)) ? 'retry' : 'exit'),
	};
	const verdict = walkVerdict(spec, kids(body), mentioned);
	if (!only(verdict.success, 'exit') || !retriesSomething(verdict)) return undefined;
	const refresh = refreshesCredentials(body, dialect);
	if (refresh && !verdict.network.has('retry')) {
		// Only 401/403 are replayed, after a refresh: an auth-refresh handler, read as such.
		const retried = [...verdict.byStatus].filter(([, outcomes]) => outcomes.has('retry')).map(([code]) => code);
		if (retried.every((code) => code === 401 || code === 403)) return undefined;
	}
	const params = parameterNames(fn);
	const depth = params.find((param) => DEPTH_PARAM.test(param) && collect(body, (n) => n.type === 'identifier' && n.text === param).length > 0);
	const replayBranch = branchOf(repeats[0], fn);
	let delay = readDelay(replayBranch, context, body);
	if (refresh && delay.kind === 'none') delay = { kind: 'unknown' };
	const condition = conditionFor(verdict, first.fact.throwsOnHttpError, mentioned, conditionSpan(body, dialect));
	const retryOn = replayBranch.parent?.type === 'except_clause' ? excludingReraisedAuth(condition, replayBranch.parent) : condition;
	return {
		kind: 'recursion',
		span: spanOf(fn),
		headSpan: spanOf(name),
		callIds: inside.map((call) => call.fact.id),
		attempts: depth ? { kind: 'bounded' } : { kind: 'unbounded' },
		hasDeadline: DEADLINE.test(body.text),
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(body.text),
		refreshesCredentials: refresh,
	};
}

// ---------------------------------------------------------------------------
// Retry in an except clause
// ---------------------------------------------------------------------------

/** Whether the failures a `try` body raises include HTTP error statuses (a throwing client, `raise_for_status()`). */
export function raisesOnStatus(tryBody: Node, calls: readonly PythonCall[]): boolean {
	if (calls.some((call) => call.fact.throwsOnHttpError && within(call.node, tryBody))) return true;
	return collect(tryBody, (n) => n.type === 'raise_statement' || (n.type === 'call' && isRaiseForStatus(n)), skipFunctions).length > 0;
}

const EXCLUDES_AUTH = /\b40[13]\b|<\s*500\b|is_client_error|UNAUTHORIZED|FORBIDDEN|Unauthorized|Forbidden/;

/** What an except clause retries, from its types and the try body. */
export function exceptCondition(types: string[], raisesStatus: boolean, handlerText: string, span: ReturnType<typeof spanOf>): RetryCondition {
	const kinds = types.length === 0 ? ['all'] : types.map(exceptionKind);
	const excluded = EXCLUDES_AUTH.test(handlerText);
	if (kinds.includes('other')) return { kind: 'unknown', statuses: [], excludesAuthFailures: excluded, span };
	if (kinds.every((k) => k === 'network')) return { kind: 'any-error', statuses: [], excludesAuthFailures: true, span };
	if (kinds.includes('all')) return { kind: 'any-error', statuses: [], excludesAuthFailures: excluded || !raisesStatus, span };
	return { kind: 'any-non-ok', statuses: [], excludesAuthFailures: excluded || !raisesStatus, span };
}

/** `except ...: return requests.get(url)`: the same request sent again from the handler, without a loop. */
export function catchRetries(tryNode: Node, context: RetryContext, guarded: readonly PythonCall[]): RetryDraft[] {
	const drafts: RetryDraft[] = [];
	const tryBody = tryNode.childForFieldName('body');
	if (!tryBody || guarded.length === 0) return drafts;
	const callees = new Set(guarded.map((call) => calleeOf(call.node)?.text));
	for (const clause of kids(tryNode).filter((c) => c.type === 'except_clause')) {
		const handler = exceptBody(clause);
		if (!handler) continue;
		const again = context.calls.filter((call) => within(call.node, handler) && callees.has(calleeOf(call.node)?.text) && sameFunction(call.node, handler, context.dialect));
		if (again.length === 0) continue;
		const colon = clause.children.find((c) => c?.type === ':') ?? headColon(clause);
		const head = spanBetween(clause, colon ?? clause.children[0]!);
		const { types } = exceptTypes(clause);
		const nested = collect(handler, (n) => n.type === 'try_statement', skipFunctions).length;
		drafts.push({
			kind: 'catch-retry',
			span: spanOf(tryNode),
			headSpan: head,
			callIds: [...guarded, ...again].map((call) => call.fact.id),
			attempts: { kind: 'bounded', max: 2 + nested },
			hasDeadline: false,
			delay: readDelay(handler, context, scopeOf(tryNode, context.root)),
			retryOn: exceptCondition(types, raisesOnStatus(tryBody, context.calls), handler.text, head),
			honoursRetryAfter: RETRY_AFTER.test(handler.text),
			refreshesCredentials: refreshesCredentials(tryNode, context.dialect) || /refresh|reauth|re_?login|authenticate|renew|new_token|get_token/i.test(handler.text),
		});
	}
	return drafts;
}

// ---------------------------------------------------------------------------
// Delays
// ---------------------------------------------------------------------------

const WAIT_HELPER = /sleep|wait|delay|backoff|pause|throttle/i;
const EXPONENTIAL = /\*\*|\bpow\(|<<|\bexp\(|expo/;
const JITTER = /random|uniform|randint|randrange|jitter|secrets\./;

/** The wait on the failure path of a retry region: none, not awaited, constant, exponential or unknown. */
export function readDelay(region: Node, context: RetryContext, scope: Node): Delay {
	const { dialect } = context;
	const calls = [...(region.type === 'call' ? [region] : []), ...collect(region, (n) => n.type === 'call', skipFunctions)];
	let helper: Node | undefined;
	for (const call of calls) {
		const wait = dialect.wait(call);
		if (wait) {
			if (!wait.awaited) return { kind: 'not-awaited', span: spanOf(call) };
			if (wait.opaque || !wait.duration) return { kind: 'unknown', span: spanOf(call) };
			return shapeOf(wait.duration, wait.unitMs, region, scope, spanOf(call), context);
		}
		if (!helper && WAIT_HELPER.test(calleeName(call) ?? '')) helper = call;
	}
	if (helper) return { kind: 'unknown', span: spanOf(helper) };
	return { kind: 'none' };
}

function shapeOf(duration: Node, unitMs: number, region: Node, scope: Node, span: ReturnType<typeof spanOf>, context: RetryContext): Delay {
	const { dialect } = context;
	const ms = dialect.durationMs(duration, unitMs);
	if (ms !== undefined) return { kind: 'constant', ms, span };
	const identifiers = [...(duration.type === 'identifier' ? [duration] : []), ...collect(duration, (n) => n.type === 'identifier')];
	const names = new Set(identifiers.map((n) => n.text));
	// Outside any function the scope is the module: assignments anywhere in the file.
	if (scope.id === context.root.id) lookUpEveryName('text');
	let assignments = dialect.assignments(scope).filter((a) => names.has(a.name));
	if (assignments.length === 0 && names.size > 0) {
		for (const name of names) lookUpName('constant', name);
		assignments = context.moduleAssignments.filter((a) => names.has(a.name));
	}
	// A helper of this file that computes the wait: read its body as the formula.
	const helpers = [...(duration.type === 'call' ? [duration] : []), ...collect(duration, (n) => n.type === 'call')]
		.map((call) => context.functionsByName.get(calleeName(call) ?? ''))
		.filter((fn): fn is Node => fn !== undefined);
	const sources = [duration.text, ...assignments.map((a) => `${a.compound ?? ''} ${a.value.text}`), ...helpers.map((fn) => fn.childForFieldName('body')?.text ?? '')].join('\n');
	// `delay *= 2`, `delay = delay * 2`: the wait grows with each attempt.
	const growsInLoop = assignments.some((a) => /[*]|<</.test(a.compound ?? '') || new RegExp(`\\b${escape(a.name)}\\b\\s*(\\*|<<)|\\*\\s*\\b${escape(a.name)}\\b`).test(a.value.text));
	if (growsInLoop || EXPONENTIAL.test(sources)) return { kind: 'exponential', jitter: JITTER.test(sources), span };
	if (helpers.length === 0 && assignments.length === 1 && !within(assignments[0].node, region) && !assignments[0].compound) {
		const value = dialect.durationMs(assignments[0].value, unitMs);
		if (value !== undefined && identifiers.length === 1) return { kind: 'constant', ms: value, span };
	}
	return { kind: 'unknown', span };
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
