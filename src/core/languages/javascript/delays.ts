// The wait between attempts: finds sleeps (`await sleep(ms)`, `await new Promise(r =>
// setTimeout(r, ms))`, `await setTimeout(ms)` from timers/promises, backoff helpers) and
// reads their shape: none, not awaited, constant, exponential (with or without jitter).
import type { Node } from 'web-tree-sitter';
import type { Delay } from '../../types';
import { spanOf } from '../adapter';
import { callArguments, calleeName, FUNCTION_TYPES, functionBody, nearestDeclaration, numberValue, unwrap, collectTyped, typeSet, field, parentOf, textOf, typeOf } from './syntax';

/** Helpers that wait for their argument in milliseconds. */
const SLEEP_NAMES = /^(sleep|delay|wait|pause|snooze|timeout|setTimeout|waitFor|waitMs|sleepMs|delayMs|wait_?ms)$/i;
/** Helpers that compute or wait a backoff themselves. */
const BACKOFF_NAMES = /backoff|jitter|retryDelay|waitBefore|sleepFor|delayFor|waitFor/i;

/** Lookups the delay reader needs from the file. */
export interface DelayScope {
	/** Functions declared in the file, by name. */
	functions: ReadonlyMap<string, Node>;
}

interface WaitCall {
	/** The call (or `new Promise`) that waits. */
	node: Node;
	awaited: boolean;
	/** The milliseconds expression, when the wait takes one. */
	duration?: Node;
	/** A local backoff helper: its body says the shape. */
	helper?: Node;
	/** A backoff helper from elsewhere: shape unknown. */
	opaque?: boolean;
}

function isAwaited(node: Node): boolean {
	let current = node;
	for (let parent = parentOf(current); parent && (typeOf(parent) === 'parenthesized_expression' || typeOf(parent) === 'as_expression'); parent = parentOf(current)) current = parent;
	const parent = parentOf(current);
	return !!parent && (typeOf(parent) === 'await_expression' || typeOf(parent) === 'yield_expression');
}

/** `new Promise(r => setTimeout(r, ms))`: the ms node, if this is that. */
function promiseTimeout(node: Node): Node | undefined | null {
	if (typeOf(node) !== 'new_expression' || textOf(field(node, 'constructor')) !== 'Promise') return null;
	const timer = collectTyped(node, typeSet('call_expression'), (n) => calleeName(field(n, 'function')) === 'setTimeout')[0];
	if (!timer) return null;
	return callArguments(timer)[1];
}

/** Reads one call as a wait, or undefined when it is not one. */
export function asWait(node: Node, scope: DelayScope): WaitCall | undefined {
	const promise = promiseTimeout(node);
	if (promise !== null) return { node, awaited: isAwaited(node), duration: promise };
	if (typeOf(node) !== 'call_expression') return undefined;
	const callee = field(node, 'function');
	const name = calleeName(callee);
	if (!name || !mayWaitBy(name)) return undefined;
	// `AbortSignal.timeout(5000)` makes a signal that aborts the request; nothing waits on it.
	const target = unwrap(callee);
	if (target && typeOf(target) === 'member_expression' && textOf(unwrap(field(target, 'object'))) === 'AbortSignal') return undefined;
	const args = callArguments(node);
	if (name === 'setTimeout') {
		// timers/promises `await setTimeout(ms)`, or a callback timer `setTimeout(fn, ms)`.
		const first = unwrap(args[0]);
		if (first && (FUNCTION_TYPES.has(first.type) || first.type === 'identifier' && args.length > 1)) return { node, awaited: false, duration: args[1] };
		return { node, awaited: isAwaited(node), duration: args[0] };
	}
	if (SLEEP_NAMES.test(name) && args.length > 0) return { node, awaited: isAwaited(node), duration: args[0] };
	if (BACKOFF_NAMES.test(name)) {
		if (!isAwaited(node)) return undefined; // computing a backoff is not waiting
		const local = scope.functions.get(name);
		return local ? { node, awaited: true, helper: local } : { node, awaited: true, opaque: true };
	}
	return undefined;
}

/** A callee name `asWait` reads as a wait (`setTimeout` is a sleep name too). */
function mayWaitBy(name: string): boolean {
	return SLEEP_NAMES.test(name) || BACKOFF_NAMES.test(name);
}

/** False when `asWait` is sure to say no: a call by another name, a `new` of something else. Looks up no name. */
function mayWait(node: Node): boolean {
	const type = typeOf(node);
	if (type === 'new_expression') return textOf(field(node, 'constructor')) === 'Promise';
	if (type !== 'call_expression') return false;
	const name = calleeName(field(node, 'function'));
	return !!name && mayWaitBy(name);
}

/** The ancestor `levels` up, if there is one. */
function ancestor(node: Node, levels: number): Node | undefined {
	let current: Node | null = node;
	for (let i = 0; i < levels && current; i++) current = parentOf(current);
	return current ?? undefined;
}

/** Waits inside `region` (not inside nested functions, except promise executors). */
export function findWaits(region: Node, scope: DelayScope): WaitCall[] {
	const waits: WaitCall[] = [];
	const nodes = collectTyped(region, typeSet('call_expression', 'new_expression'), undefined, 'function-not-executor');
	for (const node of nodes) {
		// Most calls in a retry loop are not waits: rule them out before reading their ancestors.
		if (!mayWait(node)) continue;
		// `sleep` inside `new Promise(r => setTimeout(r, ms))` is read through the promise.
		if (typeOf(node) === 'call_expression') {
			const executor = ancestor(node, 3);
			const promise = executor && typeOf(executor) === 'arrow_function' ? ancestor(executor, 2) : undefined;
			if (promise && typeOf(promise) === 'new_expression') continue;
		}
		const wait = asWait(node, scope);
		if (wait) waits.push(wait);
	}
	return waits;
}

interface Shape {
	exponential: boolean;
	random: boolean;
	constant?: number;
	/** Depends on something we cannot read. */
	opaque: boolean;
}

/** The shape of a delay expression, following local variables and helpers (a few levels). */
function shapeOf(expression: Node | undefined, scope: DelayScope, region: Node | undefined, depth = 0): Shape {
	const shape: Shape = { exponential: false, random: false, opaque: false };
	if (!expression || depth > 3) return { ...shape, opaque: true };
	const literal = numberValue(expression);
	if (literal !== undefined) return { ...shape, constant: literal };
	const bare = unwrap(expression);
	if (bare?.type === 'identifier') {
		const variable = variableShape(bare, scope, region, depth);
		if (/jitter|random/i.test(bare.text)) variable.random = true;
		return variable;
	}
	const visit = (node: Node, parentKnown: boolean, parentNode: Node | null) => {
		const type = node.type;
		if (type === 'binary_expression') {
			const op = field(node, 'operator')?.text;
			if (op === '**' || op === '<<') {
				const base = numberValue(field(node, 'left'));
				if (op === '<<' || base === undefined || base > 1) shape.exponential = true;
			}
		} else if (type === 'augmented_assignment_expression') {
			const op = field(node, 'operator')?.text;
			const right = numberValue(field(node, 'right'));
			if ((op === '*=' && right !== undefined && right > 1) || op === '**=' || op === '<<=') shape.exponential = true;
		} else if (type === 'call_expression') {
			const callee = field(node, 'function')?.text ?? '';
			if (callee === 'Math.pow') shape.exponential = true;
			else if (callee === 'Math.random' || /random|jitter/i.test(callee)) shape.random = true;
			else if (callee === 'Math.min' || callee === 'Math.max' || callee === 'Math.floor' || callee === 'Math.round' || callee === 'Math.ceil' || callee === 'Number') {
				// arithmetic wrappers: look inside
			} else {
				const name = calleeName(field(node, 'function'));
				const helper = name ? scope.functions.get(name) : undefined;
				if (helper) merge(shape, shapeOf(functionBody(helper), scope, undefined, depth + 1));
				else shape.opaque = true;
			}
		} else if (type === 'identifier') {
			if (/jitter|random/i.test(node.text)) shape.random = true;
			// A child's parent is the node it was read from; only the expression's own is asked of the tree.
			const parent = parentKnown ? parentNode : parentOf(node);
			const isCallee = !!parent && typeOf(parent) === 'call_expression' && field(parent, 'function')?.id === node.id;
			if (!isCallee) merge(shape, variableShape(node, scope, region, depth));
		}
		for (const child of node.namedChildren) if (child && !FUNCTION_TYPES.has(child.type)) visit(child, true, node);
	};
	visit(expression, false, null);
	return shape;
}

function merge(into: Shape, from: Shape): void {
	into.exponential ||= from.exponential;
	into.random ||= from.random;
	into.opaque ||= from.opaque;
}

const COUNTER = /^(attempt|attempts|retry|retries|tries|try|count|n|i|retryCount|attemptNumber|attemptCount)$/;

/** A variable in a delay: its initialiser, and how the retry region updates it. */
function variableShape(identifier: Node, scope: DelayScope, region: Node | undefined, depth: number): Shape {
	const shape: Shape = { exponential: false, random: false, opaque: false };
	const name = identifier.text;
	if (COUNTER.test(name)) return shape; // the attempt number: grows linearly on its own
	const declarator = nearestDeclaration(identifier);
	if (!declarator) return { ...shape, opaque: true };
	const value = field(declarator, 'value') ?? undefined;
	const literal = numberValue(value);
	if (literal !== undefined) {
		shape.constant = literal;
	} else {
		merge(shape, shapeOf(value, scope, region, depth + 1));
	}
	// `delay *= 2` in the loop makes it grow.
	if (region) {
		for (const update of collectTyped(region, typeSet('augmented_assignment_expression', 'assignment_expression'))) {
			if (field(update, 'left')?.text !== name) continue;
			shape.constant = undefined;
			merge(shape, shapeOf(update, scope, undefined, depth + 1));
			if (update.type === 'assignment_expression' && !shape.exponential) shape.opaque = true;
		}
	}
	return shape;
}

/** Reads the delay a retry region waits before the next attempt. */
export function readDelay(region: Node, scope: DelayScope): Delay {
	const waits = findWaits(region, scope);
	const awaited = waits.find((wait) => wait.awaited || wait.node.type === 'call_expression' && isTimerCallbackRetry(wait.node));
	if (!awaited) {
		const loose = waits.find((wait) => !wait.awaited);
		return loose ? { kind: 'not-awaited', span: spanOf(loose.node) } : { kind: 'none' };
	}
	return delayOf(awaited, scope, region);
}

/** `setTimeout(() => retry(), ms)`: the timer's callback holds the next attempt. */
function isTimerCallbackRetry(node: Node): boolean {
	if (calleeName(field(node, 'function')) !== 'setTimeout') return false;
	const callback = unwrap(callArguments(node)[0]);
	return !!callback && FUNCTION_TYPES.has(callback.type) && collectTyped(callback, typeSet('call_expression')).length > 0;
}

function delayOf(wait: WaitCall, scope: DelayScope, region: Node | undefined): Delay {
	const span = spanOf(wait.node);
	if (wait.opaque) return { kind: 'unknown', span };
	const shape = wait.helper ? shapeOf(functionBody(wait.helper), scope, undefined, 1) : shapeOf(wait.duration, scope, region);
	if (shape.exponential) return { kind: 'exponential', jitter: shape.random, span };
	if (shape.opaque || shape.random) return { kind: 'unknown', span };
	if (shape.constant !== undefined) return { kind: 'constant', ms: shape.constant, span };
	return { kind: 'unknown', span };
}

/** The delay of a function-valued option (`retryDelay: () => 1000`, `calculateDelay`). */
export function delayOfFunction(fn: Node, scope: DelayScope): Delay {
	const span = spanOf(fn);
	const body = functionBody(fn);
	if (!body) return { kind: 'unknown', span };
	const literal = numberValue(body);
	if (literal !== undefined) return { kind: 'constant', ms: literal, span };
	const returns = body.type === 'statement_block' ? collectTyped(body, typeSet('return_statement'), undefined, 'function') : [];
	if (returns.length === 1) {
		const value = returns[0].namedChildren[0];
		const returned = numberValue(value);
		if (returned !== undefined) return { kind: 'constant', ms: returned, span };
	}
	const shape = shapeOf(body, scope, undefined, 1);
	if (shape.exponential) return { kind: 'exponential', jitter: shape.random, span };
	return { kind: 'unknown', span };
}
