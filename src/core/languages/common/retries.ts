// Hand-written retry loops, read through a dialect: whether a loop is a retry (it leaves
// on success and goes round again on some failure), its attempts, deadline, wait, the
// statuses it repeats, Retry-After and credential refreshes.
import type { Node } from 'web-tree-sitter';
import type { AttemptBound, Delay, FileFacts, RetryCondition, RetryConstruct, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import { lookUpName } from '../names';
import type { Dialect } from './dialect';
import { type Check, evalCondition, PathWalker, type Outcomes, type Scenario, type WalkSpec } from './paths';
import { collect, operatorOf, parentOf, within } from './tree';

export type RetryDraft = Omit<RetryConstruct, 'id'>;

export const SAMPLE_STATUSES = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];
export const REFRESH_NAME = /refresh|reauth|re_?login|login|authenticate|renew|(get|fetch|obtain|new|acquire)_?(access_?)?token/i;
export const RETRY_AFTER = /retry[-_]?after/i;
const TIME_CHECK = /time\.Since|time\.Until|time\.Now\(\)|\.Before\(|\.After\(|deadline|elapsed|budget|currentTimeMillis|nanoTime|Instant\.now|Stopwatch|DateTime(Offset)?\.(Utc)?Now|Environment\.TickCount|ctx\.Done|ctx\.Err|IsCancellationRequested|Duration\.between/i;

export interface Verdict {
	success: Outcomes;
	network: Outcomes;
	byStatus: Map<number, Outcomes>;
}

export function walkVerdict(spec: WalkSpec, statements: Node[], extraCodes: number[]): Verdict {
	// A scenario that answers every question of an earlier walk as it did takes the same path:
	// its outcomes are that walk's, without walking again.
	const walks: Array<{ trace: readonly Check[]; outcomes: Outcomes }> = [];
	const walk = (scenario: Scenario): Outcomes => {
		for (const done of walks) if (done.trace.every(([question, answer]) => question(scenario) === answer)) return new Set(done.outcomes);
		const walker = new PathWalker(spec, scenario);
		const outcomes = walker.run(statements);
		walks.push({ trace: walker.trace, outcomes });
		return outcomes;
	};
	const byStatus = new Map<number, Outcomes>();
	for (const code of new Set([...SAMPLE_STATUSES, ...extraCodes])) {
		if (code < 400 || code > 599) continue;
		byStatus.set(code, walk({ status: code }));
	}
	return {
		success: walk({ status: 200 }),
		network: walk({}),
		byStatus,
	};
}

export const only = (outcomes: Outcomes | undefined, outcome: 'exit' | 'retry') => outcomes !== undefined && outcomes.size === 1 && outcomes.has(outcome);

export function retriesSomething(verdict: Verdict): boolean {
	if (verdict.network.has('retry')) return true;
	return [...verdict.byStatus.values()].some((outcomes) => outcomes.has('retry'));
}

/** The retry condition a verdict shows. */
export function conditionOf(verdict: Verdict, throwing: boolean, mentioned: number[], span: Span | undefined): RetryCondition {
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

/** Status codes compared with a status, or listed as case labels of a status switch, in `region`. */
export function mentionedStatuses(region: Node, dialect: Dialect): number[] {
	const codes = new Set<number>();
	// One walk for both kinds of node; the codes are sorted at the end, so the order of finding does not matter.
	const switches: Node[] = [];
	for (const node of collect(region, (n) => {
		if (dialect.statement(n).kind === 'switch') switches.push(n);
		return dialect.comparison(n) !== undefined;
	})) {
		const cmp = dialect.comparison(node)!;
		const left = dialect.unwrap(cmp.left);
		const right = dialect.unwrap(cmp.right);
		const value = dialect.isStatusExpr(left) ? dialect.statusValue(right) ?? dialect.numberValue(right) : dialect.isStatusExpr(right) ? dialect.statusValue(left) ?? dialect.numberValue(left) : undefined;
		if (value !== undefined && value >= 100 && value <= 599) codes.add(value);
	}
	for (const node of switches) {
		const stmt = dialect.statement(node);
		if (stmt.kind !== 'switch' || !stmt.value || !dialect.isStatusExpr(dialect.unwrap(stmt.value))) continue;
		for (const part of stmt.cases) {
			if (part.labels === 'default') continue;
			for (const label of part.labels) {
				const value = dialect.statusValue(label) ?? dialect.numberValue(label);
				if (value !== undefined && value >= 100 && value <= 599) codes.add(value);
			}
		}
	}
	return [...codes].sort((a, b) => a - b);
}

/** The first `if` condition in the region that reads a status. */
export function conditionSpan(region: Node, dialect: Dialect): Span | undefined {
	for (const node of collect(region, (n) => dialect.statement(n).kind === 'if', (n) => dialect.functionTypes.has(n.type))) {
		const stmt = dialect.statement(node);
		if (stmt.kind !== 'if' || !stmt.condition) continue;
		const cond = stmt.condition;
		if (dialect.isStatusExpr(dialect.unwrap(cond)) || dialect.statusPredicate(dialect.unwrap(cond)) || collect(cond, (n) => dialect.isStatusExpr(n) || dialect.statusPredicate(n) !== undefined).length > 0) return spanOf(cond);
	}
	return undefined;
}

/** A refresh of credentials on the 401 path. */
export function refreshesCredentials(region: Node, dialect: Dialect): boolean {
	for (const node of collect(region, (n) => dialect.statement(n).kind === 'if' || dialect.statement(n).kind === 'try' || dialect.statement(n).kind === 'switch')) {
		const stmt = dialect.statement(node);
		const branches: Array<{ test: string; body: Node[] }> = [];
		if (stmt.kind === 'if' && stmt.condition) branches.push({ test: stmt.condition.text, body: stmt.then });
		if (stmt.kind === 'try') for (const part of stmt.catches) branches.push({ test: `${part.types.join(' ')} ${part.filter?.text ?? ''}`, body: part.body });
		if (stmt.kind === 'switch') for (const part of stmt.cases) if (part.labels !== 'default') branches.push({ test: part.labels.map((l) => l.text).join(' '), body: part.body });
		for (const branch of branches) {
			if (!/\b401\b|Unauthorized|UNAUTHORIZED/.test(branch.test)) continue;
			if (branch.body.some((s) => collect(s, (n) => dialect.callTypes.has(n.type) && REFRESH_NAME.test(dialect.calleeName(n) ?? '')).length > 0 || (dialect.callTypes.has(s.type) && REFRESH_NAME.test(dialect.calleeName(s) ?? '')))) return true;
		}
	}
	return false;
}

// ---------------------------------------------------------------------------
// Attempts
// ---------------------------------------------------------------------------

interface Limit {
	counter: string;
	max?: number;
	op: string;
	span: Span;
}

function counterLimit(node: Node | undefined, dialect: Dialect, exitTest = false): Limit | undefined {
	if (!node) return undefined;
	const cond = dialect.unwrap(node);
	const logic = dialect.logic(cond);
	if (logic && logic.op === (exitTest ? '||' : '&&')) {
		for (const arg of logic.args) {
			const found = counterLimit(arg, dialect, exitTest);
			if (found) return found;
		}
		return undefined;
	}
	const cmp = dialect.comparison(cond);
	// An exit test may also name the last attempt exactly: `if (attempt == MaxAttempts) throw`.
	const ops = exitTest ? ['<', '<=', '>', '>=', '==', '==='] : ['<', '<=', '>', '>='];
	if (!cmp || !ops.includes(cmp.op)) return undefined;
	const left = dialect.unwrap(cmp.left);
	const right = dialect.unwrap(cmp.right);
	if (dialect.isStatusExpr(left) || dialect.isStatusExpr(right)) return undefined;
	if (TIME_CHECK.test(cond.text)) return undefined;
	const name = (n: Node) => (/^(identifier|field_access|selector_expression|member_access_expression|postfix_unary_expression|prefix_unary_expression|update_expression|inc_statement)$/.test(n.type) ? n.text.replace(/\+\+|--/g, '') : undefined);
	const leftName = name(left);
	if (leftName) return { counter: leftName, max: dialect.numberValue(right), op: cmp.op, span: spanOf(cond) };
	const rightName = name(right);
	if (rightName) return { counter: rightName, max: dialect.numberValue(left), op: FLIP_OP[cmp.op], span: spanOf(cond) };
	return undefined;
}

const FLIP_OP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '===': '===' };

function bareName(name: string): string {
	return name.replace(/^(this\.|self\.)/, '');
}

function counterChanges(region: Node, counter: string, dialect: Dialect): boolean {
	const names = dialect.incrementedNames(region);
	return names.has(counter) || names.has(bareName(counter));
}

export function exits(statements: Node[], dialect: Dialect): boolean {
	return statements.some((s) => {
		const kind = dialect.statement(s).kind;
		if (kind === 'return' || kind === 'throw' || kind === 'break') return true;
		return collect(s, (n) => ['return', 'throw', 'break'].includes(dialect.statement(n).kind), (n) => dialect.functionTypes.has(n.type)).length > 0;
	});
}

/**
 * Calls that throw when the response failed. In a retry loop's give-up branch they end the
 * loop as a `throw` would: success has already left it by then.
 */
const RAISES_ON_ERROR_STATUS = /^(EnsureSuccessStatusCode|raise_for_status)$/;

function raisesOnErrorStatus(statements: Node[], dialect: Dialect): boolean {
	return statements.some((s) => collect(s, (n) => dialect.callTypes.has(n.type) && RAISES_ON_ERROR_STATUS.test(dialect.calleeName(n) ?? ''), (n) => dialect.functionTypes.has(n.type)).length > 0);
}

export function loopAttempts(loop: Node, dialect: Dialect): { attempts: AttemptBound; hasDeadline: boolean } {
	const info = dialect.loop(loop)!;
	const body = info.body;
	const condition = info.condition;
	const ifs = collect(body, (n) => dialect.statement(n).kind === 'if', (n) => dialect.functionTypes.has(n.type));
	const hasDeadline =
		TIME_CHECK.test(condition?.text ?? '') ||
		ifs.some((node) => {
			const stmt = dialect.statement(node);
			return stmt.kind === 'if' && TIME_CHECK.test(stmt.condition?.text ?? '') && exits(stmt.then, dialect);
		}) ||
		collect(body, (n) => /ctx\.Done\(\)|\.Done\(\)/.test(n.type === 'communication_case' ? n.text : '')).length > 0;
	if (info.kind === 'count') {
		const max = info.count ? dialect.numberValue(info.count) : undefined;
		return { attempts: { kind: 'bounded', max, span: info.count ? spanOf(info.count) : undefined }, hasDeadline };
	}
	const limit = counterLimit(condition, dialect);
	if (limit && (counterChanges(loop, limit.counter, dialect) || limit.counter.includes('.'))) {
		let max = limit.max;
		if (max !== undefined && info.kind === 'for') {
			const start = info.initializer ? initialValue(info.initializer, limit.counter, dialect) ?? 0 : 0;
			if (limit.op === '<') max = max - start;
			else if (limit.op === '<=') max = max - start + 1;
			else max = undefined;
		} else if (max !== undefined) {
			max = limit.op === '<' || limit.op === '>' ? max : limit.op === '<=' ? max + 1 : undefined;
			if (/--/.test(condition?.text ?? '')) max = undefined;
		}
		return { attempts: { kind: 'bounded', max: max !== undefined && max > 0 ? max : undefined, span: limit.span }, hasDeadline };
	}
	for (const node of ifs) {
		const stmt = dialect.statement(node);
		if (stmt.kind !== 'if') continue;
		const test = counterLimit(stmt.condition, dialect, true);
		if (test && counterChanges(loop, test.counter, dialect) && (exits(stmt.then, dialect) || raisesOnErrorStatus(stmt.then, dialect))) return { attempts: { kind: 'bounded', max: test.max, span: test.span }, hasDeadline };
	}
	if (info.kind === 'infinite') return { attempts: { kind: 'unbounded' }, hasDeadline };
	if (condition && collect(condition, (n) => dialect.isStatusExpr(n) || dialect.statusPredicate(n) !== undefined).length + (dialect.isStatusExpr(dialect.unwrap(condition)) || dialect.statusPredicate(dialect.unwrap(condition)) ? 1 : 0) > 0 && !/&&|\|\|/.test(condition.text)) {
		return { attempts: { kind: 'unbounded' }, hasDeadline };
	}
	return { attempts: { kind: 'unknown' }, hasDeadline };
}

function initialValue(initializer: Node, counter: string, dialect: Dialect): number | undefined {
	for (const assignment of dialect.assignments(initializer)) if (assignment.name === counter) return dialect.numberValue(assignment.value);
	return undefined;
}

// ---------------------------------------------------------------------------
// Delays
// ---------------------------------------------------------------------------

const WAIT_HELPER = /sleep|wait|delay|backoff|pause|throttle/i;
const EXPONENTIAL = /<<|\bpow\b|\bPow\b|Math\.pow|math\.Pow|Math\.Pow|\bexp\b|Exponential|exponential|\bexpo/;
const JITTER = /\brand\b|rand\.|Random|random|jitter|Jitter|ThreadLocalRandom|SecureRandom|NextDouble|nextDouble|nextInt|Int63n|Float64\(\)/;

/** The wait on the failure path of a retry region: none, not awaited, constant, exponential or unknown. */
export function readDelay(region: Node, dialect: Dialect, scope: Node): Delay {
	const skip = (n: Node) => dialect.functionTypes.has(n.type);
	const calls = collect(region, (n) => dialect.callTypes.has(n.type), skip);
	let helper: Node | undefined;
	for (const call of calls) {
		const wait = dialect.wait(call);
		if (wait) {
			if (!wait.awaited) return { kind: 'not-awaited', span: spanOf(call) };
			if (wait.opaque || !wait.duration) return { kind: 'unknown', span: spanOf(call) };
			return shapeOf(wait.duration, wait.unitMs, dialect, region, scope, spanOf(call));
		}
		const name = dialect.calleeName(call) ?? '';
		if (!helper && WAIT_HELPER.test(name)) helper = call;
	}
	if (helper) return { kind: 'unknown', span: spanOf(helper) };
	return { kind: 'none' };
}

/** Names that build a duration out of numbers: units and the standard constructors. */
const DURATION_PARTS = /^(time|Second|Millisecond|Minute|Duration|TimeSpan|TimeUnit|SECONDS|MILLISECONDS|ofSeconds|ofMillis|FromSeconds|FromMilliseconds)$/;

function shapeOf(duration: Node, unitMs: number, dialect: Dialect, region: Node, scope: Node, span: Span): Delay {
	const text = duration.text;
	const ms = dialect.durationMs(duration, unitMs);
	if (ms !== undefined) return { kind: 'constant', ms, span };
	// Variables the duration reads, and how they are made.
	const names = new Set(collect(duration, (n) => n.type === 'identifier').map((n) => n.text));
	if (duration.type === 'identifier') names.add(duration.text);
	let assignments = dialect.assignments(scope).filter((a) => names.has(a.name));
	if (assignments.length === 0 && names.size > 0) {
		// Package-level or class-level constants (each a `constant` name another statement gives).
		for (const name of names) lookUpName('constant', name);
		assignments = dialect.assignments(scope.tree.rootNode).filter((a) => names.has(a.name) && !enclosingFunction(a.node, dialect));
	}
	const sources = [text, ...assignments.map((a) => `${a.compound ?? ''} ${a.value.text}`)].join('\n');
	const growsInLoop = assignments.some((a) => within(a.node, region) && (/[*]/.test(a.compound ?? '') || new RegExp(`\\b${a.name}\\b\\s*\\*|\\*\\s*\\b${a.name}\\b|\\b${a.name}\\b\\s*<<`).test(a.value.text)));
	const expOnAttempt = EXPONENTIAL.test(sources);
	if (growsInLoop || expOnAttempt) return { kind: 'exponential', jitter: JITTER.test(sources), span };
	// A duration from a variable assigned once, outside the region, to a constant — unless the
	// variable is handed to a helper (`Delay(Backoff(attempt))`: the counter's first value says
	// nothing about the wait).
	const isCall = (n: Node) => dialect.callTypes.has(n.type);
	const helperCall = [duration, ...collect(duration, isCall)].filter(isCall).some((call) => !DURATION_PARTS.test(dialect.calleeName(call) ?? ''));
	if (!helperCall && assignments.length > 0 && assignments.every((a) => !within(a.node, region) && !a.compound)) {
		const values = assignments.map((a) => dialect.durationMs(a.value, unitMs));
		if (values.length === 1 && values[0] !== undefined) return { kind: 'constant', ms: values[0], span };
	}
	// Composed only of constants we could not total: still a fixed wait.
	if (collect(duration, (n) => dialect.callTypes.has(n.type) || n.type === 'identifier').every((n) => DURATION_PARTS.test(n.text) || dialect.callTypes.has(n.type)) && !JITTER.test(text) && names.size === 0) {
		return { kind: 'constant', span };
	}
	if (JITTER.test(sources)) return { kind: 'unknown', span };
	return { kind: 'unknown', span };
}

// ---------------------------------------------------------------------------
// Loops
// ---------------------------------------------------------------------------

const DATA_CONDITION = /len\(|\.length\b|\.size\(\)|\.Count\b|\.Length\b|hasNext|\.Next\(|\bnext\b|\bpage|cursor|\.Scan\(|MoveNext|\.Read\(\)|!=\s*""|!= null|!= nil/i;

export interface LoopCall {
	node: Node;
	id: number;
	throwsOnHttpError: boolean;
	errorName?: string;
}

export interface LoopOptions {
	/** The call raises on the scenario (network errors in Java/C#; error statuses for throwing clients). */
	callThrows: (call: LoopCall, scenario: Scenario) => boolean;
	isEnsureCall?: (call: Node) => boolean;
	/** The function around the loop, for reading variables. */
	scope: (node: Node) => Node;
}

export function loopRetry(loop: Node, dialect: Dialect, calls: readonly LoopCall[], options: LoopOptions): RetryDraft | undefined {
	const info = dialect.loop(loop);
	if (!info || info.kind === 'data') return undefined;
	const body = info.body;
	const inside = calls.filter((call) => within(call.node, body) && sameFunction(call.node, body, dialect));
	if (inside.length === 0) return undefined;
	if (info.condition && DATA_CONDITION.test(info.condition.text)) return undefined;
	const first = inside[0];
	const spec: WalkSpec = {
		dialect,
		call: first.node,
		callThrows: (scenario) => options.callThrows(first, scenario),
		isEnsureCall: options.isEnsureCall,
		errorName: first.errorName,
		regionEnd: 'retry',
	};
	const statements = dialect.statement(body).kind === 'seq' ? (dialect.statement(body) as { body: Node[] }).body : [body];
	const mentioned = mentionedStatuses(body, dialect);
	const verdict = walkVerdict(spec, statements, mentioned);
	if (!only(verdict.success, 'exit') || !retriesSomething(verdict)) return undefined;
	const refresh = refreshesCredentials(body, dialect);
	const { attempts, hasDeadline } = loopAttempts(loop, dialect);
	let delay = readDelay(body, dialect, options.scope(loop));
	if (refresh && delay.kind === 'none') delay = { kind: 'unknown' };
	return {
		kind: 'loop',
		span: spanOf(loop),
		headSpan: spanBetween(loop, info.headEnd),
		callIds: inside.map((call) => call.id),
		attempts,
		hasDeadline,
		delay,
		retryOn: conditionOf(verdict, first.throwsOnHttpError, mentioned, conditionSpan(body, dialect)),
		honoursRetryAfter: RETRY_AFTER.test(body.text),
		refreshesCredentials: refresh,
	};
}

export function sameFunction(node: Node, scope: Node, dialect: Dialect): boolean {
	for (let current: Node | null = parentOf(node); current; current = parentOf(current)) {
		if (current.id === scope.id) return true;
		if (dialect.functionTypes.has(current.type)) return false;
	}
	return false;
}

export function enclosingFunction(node: Node, dialect: Dialect): Node | undefined {
	for (let current = parentOf(node); current; current = parentOf(current)) if (dialect.functionTypes.has(current.type)) return current;
	return undefined;
}

/** Evaluates a condition as a whole for a quick test (used by auth-refresh readers). */
export function conditionTrueFor(node: Node, scenario: Scenario, dialect: Dialect): boolean | undefined {
	return evalCondition(node, scenario, dialect);
}

export { operatorOf };

/** Each call's innermost retry: the smallest construct that lists it. */
export function assignRetryIds(facts: FileFacts): void {
	const size = (r: RetryConstruct) => r.span.endIndex - r.span.startIndex;
	for (const retry of facts.retries) {
		for (const id of retry.callIds) {
			const call = facts.httpCalls[id];
			if (!call) continue;
			const current = call.retryId === undefined ? undefined : facts.retries[call.retryId];
			if (!current || size(retry) < size(current)) call.retryId = retry.id;
		}
	}
}

