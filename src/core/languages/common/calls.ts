// Call-level readers shared by the Go, Java and C# adapters: the cheap prefilter for
// configured wrapper functions and the Idempotency-Key header of a call.
import type { Node } from 'web-tree-sitter';
import type { HttpCall, RetryConstruct } from '../../types';
import type { Dialect } from './dialect';
import { enclosingFunction } from './retries';
import { collect, within } from './tree';

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const extraPatterns = new Map<string, RegExp>();

/** A regex that finds a call of any configured wrapper, or undefined when there are none. */
export function extraPattern(names: readonly string[]): RegExp | undefined {
	if (names.length === 0) return undefined;
	const key = names.join('\n');
	let pattern = extraPatterns.get(key);
	if (!pattern) {
		pattern = new RegExp(names.map((name) => `${escapeRegExp(name)}\\s*\\(`).join('|'));
		extraPatterns.set(key, pattern);
	}
	return pattern;
}

const KEY_HEADER = /^[@$]?["'`](x-)?idempotency-key["'`]$/i;
export const KEY_GENERATOR = /uuid|UUID|Guid\.NewGuid|NewGuid|randomUUID|NewString|nanoid|ulid|xid\.New|ksuid|RandomString|randomBytes/;

/**
 * The Idempotency-Key header set in the function around a call (`req.Header.Set(...)`,
 * `.header(...)`, `Headers.Add(...)`), and whether its value is made anew inside the retry.
 */
export function idempotencyKeyOf(call: Node, retry: RetryConstruct | undefined, dialect: Dialect, _scope?: (fn: Node) => Node): HttpCall['idempotencyKey'] {
	const fn = enclosingFunction(call, dialect);
	const body = fn ? dialect.functionBody(fn) ?? fn : call.tree.rootNode;
	const setters = collect(body, (n) => dialect.callTypes.has(n.type) && dialect.callArguments(n).some((arg) => KEY_HEADER.test(arg.text)));
	if (setters.length === 0) return 'none';
	const setter = setters[0];
	const args = dialect.callArguments(setter);
	const index = args.findIndex((arg) => KEY_HEADER.test(arg.text));
	const value = args[index + 1];
	if (!value) return 'unknown';
	const inRetry = (node: Node) => !!retry && node.startIndex >= retry.span.startIndex && node.endIndex <= retry.span.endIndex && (retry.kind === 'loop' || retry.kind === 'library' || retry.kind === 'recursion');
	if (KEY_GENERATOR.test(value.text)) return inRetry(setter) ? 'fresh-per-call' : 'literal-or-outer';
	if (value.type !== 'identifier') return 'literal-or-outer';
	const made = dialect.assignments(body).filter((a) => a.name === value.text && a.node.startIndex < value.startIndex);
	const last = made[made.length - 1];
	if (last && inRetry(last.node) && KEY_GENERATOR.test(last.value.text)) return 'fresh-per-call';
	return 'literal-or-outer';
}

export { within };
