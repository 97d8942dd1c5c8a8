// Retry libraries and their settings: tenacity (`@retry(...)`, `Retrying(...)`), backoff
// (`@backoff.on_exception`, `@backoff.on_predicate`) and urllib3 `Retry(...)` (mounted through
// `HTTPAdapter(max_retries=...)` or given to `PoolManager(retries=...)`), with library defaults.
import type { Node } from 'web-tree-sitter';
import type { AttemptBound, Delay, RetryCondition, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import type { Dialect } from '../common/dialect';
import { evalCondition } from '../common/paths';
import { RETRY_AFTER, SAMPLE_STATUSES, type RetryDraft } from '../common/retries';
import { collect, kids, within } from '../common/tree';
import type { PythonCall } from './clients';
import { exceptionKind } from './dialect';
import { raisesOnStatus } from './retries';
import { calleeOf, canonicalPath, collectionItems, type ImportTable, keywordArgs, numberOf, positionalArgs, stringValue, unwrap } from './syntax';

export interface LibraryContext {
	dialect: Dialect;
	imports: ImportTable;
	calls: readonly PythonCall[];
	/** Module-level assignments by name, to read a setting kept in a constant (`RETRYABLE = [429, 503]`). */
	constants: ReadonlyMap<string, Node>;
}

const ALL_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'POST', 'PATCH'];

/** A decorator or call head kept to one line: the whole thing when short, else up to the callee. */
function oneLineHead(node: Node, callee: Node | undefined): Span {
	if (node.startPosition.row === node.endPosition.row || !callee) return spanOf(node);
	return spanBetween(node, callee);
}

function resolvedName(node: Node | undefined, imports: ImportTable): string {
	if (!node) return '';
	const n = unwrap(node);
	const target = n.type === 'call' ? calleeOf(n) : n;
	return canonicalPath(imports.resolve(target) ?? target?.text ?? '');
}

/** The value of a setting, looking through a module-level constant. */
function valueOf(node: Node | undefined, context: LibraryContext): Node | undefined {
	if (!node) return undefined;
	const n = unwrap(node);
	if (n.type === 'identifier') return context.constants.get(n.text) ?? n;
	return n;
}

/** The parts of `a | b` / `a + b` (tenacity composes stops and waits with operators). */
function terms(node: Node | undefined): Node[] {
	if (!node) return [];
	const n = unwrap(node);
	if (n.type === 'binary_operator') return [...terms(n.childForFieldName('left') ?? undefined), ...terms(n.childForFieldName('right') ?? undefined)];
	return [n];
}

function lastName(path: string): string {
	return path.slice(path.lastIndexOf('.') + 1);
}

/** HTTP calls made in a decorated function's own body. */
function callsIn(fn: Node | undefined, calls: readonly PythonCall[]): PythonCall[] {
	if (!fn) return [];
	return calls.filter((call) => within(call.node, fn));
}

/** What a retry on exceptions catches, given the exception types it names and whether the work raises on statuses. */
function exceptionCondition(types: Node[], raisesStatus: boolean, visibleWork: boolean, span: Span | undefined): RetryCondition {
	const kinds = types.map((t) => {
		const items = collectionItems(t) ?? [t];
		return items.map((item) => exceptionKind(item.text));
	}).flat();
	if (kinds.length === 0) kinds.push('all');
	if (kinds.includes('other')) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span };
	if (kinds.every((k) => k === 'network')) return { kind: 'any-error', statuses: [], excludesAuthFailures: true, span };
	// A client that does not raise on HTTP errors, with nothing raising on a status: only network errors are retried.
	const excluded = visibleWork && !raisesStatus;
	if (!visibleWork && !kinds.includes('status')) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span };
	return { kind: kinds.includes('all') ? 'any-error' : 'any-non-ok', statuses: [], excludesAuthFailures: excluded, span };
}

/** A predicate on a response (`lambda r: r.status_code in (429, 503)`), read into the statuses it retries. */
function predicateCondition(predicate: Node | undefined, dialect: Dialect): RetryCondition {
	const lambda = predicate ? unwrap(predicate) : undefined;
	const body = lambda?.type === 'lambda' ? lambda.childForFieldName('body') : undefined;
	if (!lambda || !body) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: predicate ? spanOf(predicate) : undefined };
	const values = SAMPLE_STATUSES.map((status) => evalCondition(body, { status }, dialect));
	if (values.some((v) => v === undefined)) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	const retried = SAMPLE_STATUSES.filter((_, i) => values[i]);
	const auth = retried.includes(401) || retried.includes(403);
	const named = [...new Set(collect(body, (n) => n.type === 'integer' || n.type === 'attribute').map((n) => dialect.statusValue(n)).filter((v): v is number => v !== undefined))].filter((c) => retried.includes(c));
	if (auth && named.length === 0) return { kind: 'any-non-ok', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	return { kind: 'statuses', statuses: named.length > 0 ? named : retried, excludesAuthFailures: !auth, span: spanOf(lambda) };
}

// ---------------------------------------------------------------------------
// tenacity
// ---------------------------------------------------------------------------

/** `@retry`, `@retry(...)`, `@tenacity.retry(...)`, `Retrying(...)`, `AsyncRetrying(...)`. */
export function tenacityRetry(head: Node, options: Node | undefined, work: Node | undefined, context: LibraryContext): RetryDraft {
	const settings = options ? keywordArgs(options) : new Map<string, Node>();
	// stop: absent → never stops.
	let attempts: AttemptBound = { kind: 'unbounded' };
	let hasDeadline = false;
	const stop = settings.get('stop');
	if (stop) {
		attempts = { kind: 'unknown' };
		for (const term of terms(stop)) {
			const name = lastName(resolvedName(term, context.imports));
			const arg = term.type === 'call' ? positionalArgs(term)[0] : undefined;
			if (name === 'stop_after_attempt') {
				const n = numberOf(valueOf(arg, context));
				attempts = n === Infinity ? attempts : { kind: 'bounded', max: n, span: spanOf(term) };
			} else if (name === 'stop_after_delay' || name === 'stop_before_delay') hasDeadline = true;
			else if (name === 'stop_never' && attempts.kind === 'unknown') attempts = { kind: 'unbounded' };
		}
		if (attempts.kind === 'unknown' && hasDeadline) attempts = { kind: 'unbounded' };
	}
	// wait: absent → no wait at all.
	let delay: Delay = { kind: 'none' };
	const wait = settings.get('wait');
	if (wait) {
		const parts = terms(wait).map((term) => ({ term, name: lastName(resolvedName(term, context.imports)) }));
		const random = parts.some((p) => /^wait_random$|jitter/.test(p.name));
		const exponential = parts.find((p) => /^wait_(random_)?exponential(_jitter)?$/.test(p.name));
		const fixed = parts.find((p) => p.name === 'wait_fixed');
		if (exponential) {
			const args = exponential.term.type === 'call' ? keywordArgs(exponential.term) : new Map<string, Node>();
			const multiplier = numberOf(args.get('multiplier'));
			const cap = numberOf(args.get('max'));
			delay = {
				kind: 'exponential',
				baseMs: multiplier !== undefined ? multiplier * 1000 : undefined,
				capMs: cap !== undefined ? cap * 1000 : undefined,
				jitter: random || /random|jitter/.test(exponential.name),
				span: spanOf(wait),
			};
		} else if (fixed && parts.length === 1) {
			const seconds = numberOf(valueOf(fixed.term.type === 'call' ? positionalArgs(fixed.term)[0] ?? keywordArgs(fixed.term).get('wait') : undefined, context));
			delay = { kind: 'constant', ms: seconds !== undefined ? seconds * 1000 : undefined, span: spanOf(wait) };
		} else if (parts.length === 1 && parts[0].name === 'wait_none') delay = { kind: 'none' };
		else delay = { kind: 'unknown', span: spanOf(wait) };
	}
	// retry: absent → every exception.
	const fn = work?.childForFieldName('body') ?? undefined;
	const calls = callsIn(fn, context.calls);
	const raises = fn ? raisesOnStatus(fn, context.calls) : false;
	let retryOn: RetryCondition;
	const condition = settings.get('retry');
	if (!condition) retryOn = exceptionCondition([], raises, calls.length > 0, undefined);
	else {
		const parts = terms(condition);
		const part = parts[0];
		const name = lastName(resolvedName(part, context.imports));
		if (parts.length === 1 && name === 'retry_if_exception_type') retryOn = exceptionCondition(part.type === 'call' ? positionalArgs(part) : [], raises, calls.length > 0, spanOf(condition));
		else if (parts.length === 1 && name === 'retry_if_result' && part.type === 'call') retryOn = predicateCondition(positionalArgs(part)[0], context.dialect);
		else retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(condition) };
	}
	return {
		kind: 'library',
		library: 'tenacity',
		span: spanOf(work ?? head),
		headSpan: oneLineHead(head, head.type === 'decorator' ? kids(head)[0] && (kids(head)[0].type === 'call' ? calleeOf(kids(head)[0]) : kids(head)[0]) : calleeOf(head)),
		callIds: calls.map((call) => call.fact.id),
		attempts,
		hasDeadline,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(wait?.text ?? ''),
		refreshesCredentials: false,
	};
}

// ---------------------------------------------------------------------------
// backoff
// ---------------------------------------------------------------------------

/** `@backoff.on_exception(wait_gen, exception, max_tries=..., max_time=..., jitter=..., giveup=...)` and `on_predicate`. */
export function backoffRetry(decorator: Node, call: Node, kind: 'on_exception' | 'on_predicate', work: Node | undefined, context: LibraryContext): RetryDraft {
	const settings = keywordArgs(call);
	const args = positionalArgs(call);
	const waitGen = settings.get('wait_gen') ?? args[0];
	const generator = lastName(resolvedName(waitGen, context.imports));
	const jitterArg = settings.get('jitter');
	const jitter = !(jitterArg && unwrap(jitterArg).type === 'none');
	let delay: Delay;
	if (generator === 'expo' || generator === 'fibo') delay = { kind: 'exponential', jitter, span: waitGen ? spanOf(waitGen) : undefined };
	else if (generator === 'constant') {
		const interval = numberOf(valueOf(settings.get('interval'), context)) ?? (settings.has('interval') ? undefined : 1);
		delay = { kind: 'constant', ms: interval !== undefined ? interval * 1000 : undefined, span: waitGen ? spanOf(waitGen) : undefined };
	} else delay = { kind: 'unknown', span: waitGen ? spanOf(waitGen) : undefined };

	const maxTries = settings.get('max_tries');
	const maxTime = settings.get('max_time');
	const hasDeadline = !!maxTime && unwrap(maxTime).type !== 'none';
	let attempts: AttemptBound;
	if (!maxTries || unwrap(maxTries).type === 'none') attempts = { kind: 'unbounded' };
	else {
		const n = numberOf(valueOf(maxTries, context));
		attempts = n === Infinity ? { kind: 'unbounded' } : { kind: 'bounded', max: n, span: spanOf(maxTries) };
	}

	const fn = work?.childForFieldName('body') ?? undefined;
	const calls = callsIn(fn, context.calls);
	let retryOn: RetryCondition;
	if (kind === 'on_exception') {
		const exception = settings.get('exception') ?? args[1];
		retryOn = exceptionCondition(exception ? [exception] : [], fn ? raisesOnStatus(fn, context.calls) : false, calls.length > 0, exception ? spanOf(exception) : undefined);
		const giveup = settings.get('giveup');
		if (giveup) {
			// A give-up test on the status: 401/403 end the retry when it gives up on them (or on all 4xx).
			const body = unwrap(giveup).type === 'lambda' ? unwrap(giveup).childForFieldName('body') : undefined;
			const values = body ? [401, 403].map((status) => evalCondition(body, { status }, context.dialect)) : [];
			if (values.length === 2 && values.every((v) => v === true)) retryOn = { ...retryOn, excludesAuthFailures: true };
			else if (/\b40[13]\b|<\s*500|is_client_error|4\d\d/.test(giveup.text)) retryOn = { ...retryOn, excludesAuthFailures: true };
			else if (!retryOn.excludesAuthFailures) retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(giveup) };
		}
	} else {
		const predicate = settings.get('predicate') ?? args[1];
		retryOn = predicate ? predicateCondition(predicate, context.dialect) : { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	}
	return {
		kind: 'library',
		library: 'backoff',
		span: spanOf(work ?? decorator),
		headSpan: oneLineHead(decorator, calleeOf(call)),
		callIds: calls.map((c) => c.fact.id),
		attempts,
		hasDeadline,
		delay,
		retryOn,
		honoursRetryAfter: generator === 'runtime' && RETRY_AFTER.test(call.text),
		refreshesCredentials: false,
	};
}

// ---------------------------------------------------------------------------
// urllib3 Retry
// ---------------------------------------------------------------------------

/** `Retry(total=5, backoff_factor=0.5, status_forcelist=[429, 503], allowed_methods=..., respect_retry_after_header=...)`. */
export function urllib3Retry(call: Node, context: LibraryContext): RetryDraft {
	const settings = keywordArgs(call);
	const total = settings.get('total') ?? positionalArgs(call)[0];
	let attempts: AttemptBound;
	if (!total) attempts = { kind: 'bounded', max: 11 };
	else {
		const value = valueOf(total, context);
		const n = numberOf(value);
		if (n !== undefined) attempts = n === Infinity ? { kind: 'unbounded' } : { kind: 'bounded', max: n + 1, span: spanOf(total) };
		else if (value?.type === 'none' || value?.type === 'false') attempts = { kind: 'unknown' };
		else attempts = { kind: 'bounded', span: spanOf(total) };
	}

	const factorNode = settings.get('backoff_factor');
	const factor = factorNode ? numberOf(valueOf(factorNode, context)) : 0;
	const jitterNode = settings.get('backoff_jitter');
	const jitter = jitterNode ? (numberOf(valueOf(jitterNode, context)) ?? 1) > 0 : false;
	const cap = numberOf(valueOf(settings.get('backoff_max'), context));
	let delay: Delay;
	if (factor === undefined) delay = { kind: 'unknown', span: factorNode ? spanOf(factorNode) : undefined };
	else if (factor > 0) delay = { kind: 'exponential', baseMs: factor * 1000, capMs: cap !== undefined ? cap * 1000 : 120_000, jitter, span: factorNode ? spanOf(factorNode) : undefined };
	else delay = { kind: 'none' };

	const forcelist = settings.get('status_forcelist');
	let retryOn: RetryCondition;
	if (!forcelist) {
		// Connection and read errors only, plus 413/429/503 when Retry-After says when.
		retryOn = { kind: 'any-error', statuses: [], excludesAuthFailures: true };
	} else {
		const items = collectionItems(valueOf(forcelist, context));
		const statuses = items?.map((item) => context.dialect.statusValue(item) ?? numberOf(item));
		if (!statuses || statuses.some((s) => s === undefined)) retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(forcelist) };
		else {
			const codes = statuses as number[];
			retryOn = { kind: 'statuses', statuses: codes, excludesAuthFailures: !codes.includes(401) && !codes.includes(403), span: spanOf(forcelist) };
		}
	}

	const methodsNode = settings.get('allowed_methods') ?? settings.get('method_whitelist');
	let libraryMethods: string[] | undefined;
	if (methodsNode) {
		const value = valueOf(methodsNode, context);
		if (value?.type === 'none' || value?.type === 'false') libraryMethods = ALL_METHODS;
		else {
			const items = collectionItems(value);
			const names = items?.map((item) => stringValue(item)?.toUpperCase());
			if (names && names.every((n) => n !== undefined)) libraryMethods = names as string[];
			else if (/POST|PATCH/i.test(methodsNode.text)) libraryMethods = ['POST', 'PATCH'].filter((m) => new RegExp(m, 'i').test(methodsNode.text));
		}
	}
	const respect = settings.get('respect_retry_after_header');
	return {
		kind: 'library',
		library: 'urllib3',
		span: spanOf(call),
		headSpan: oneLineHead(call, calleeOf(call)),
		callIds: [],
		attempts,
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: !respect || unwrap(respect).type !== 'false',
		refreshesCredentials: false,
		libraryMethods,
	};
}
