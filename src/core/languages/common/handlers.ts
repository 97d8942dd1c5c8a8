// Catch clauses around HTTP calls (what they do with the error) and 401 handlers that
// refresh credentials and replay the request, read through a dialect.
import type { Node } from 'web-tree-sitter';
import type { AuthRefreshHandler, CatchClause, Span } from '../../types';
import { spanBetween, spanOf } from '../adapter';
import { readingAt } from '../names';
import type { Dialect } from './dialect';
import { enclosingFunction, REFRESH_NAME } from './retries';
import { collect, within } from './tree';

/** How a handler's statements treat the error. */
export function handlingOf(body: Node[], errorName: string | undefined, dialect: Dialect): CatchClause['handling'] {
	if (body.length === 0) return 'empty';
	const mentionsError = (node: Node) => errorName !== undefined && (node.text === errorName || collect(node, (n) => n.type === 'identifier' && n.text === errorName).length > 0);
	if (body.some(mentionsError)) return 'handled';
	for (const statement of body) {
		const stmt = dialect.statement(statement);
		if (stmt.kind === 'return') {
			const value = returnValue(statement);
			if (value && !dialect.isPlainValue(value)) return 'handled';
			continue;
		}
		if (stmt.kind === 'other') {
			const assigned = dialect.assignments(statement);
			if (assigned.length > 0 && assigned.every((a) => dialect.isPlainValue(a.value)) && collect(statement, (n) => dialect.callTypes.has(n.type)).length === 0) continue;
			if (/^(empty_statement|;)$/.test(statement.type)) continue;
		}
		return 'handled';
	}
	return 'default-value';
}

function returnValue(statement: Node): Node | undefined {
	return statement.namedChildren.find((c) => c !== null && !/comment/.test(c.type)) ?? undefined;
}

const ONCE_GUARD = /\b_?(retry|retried|isRetry|isRetried|hasRetried|alreadyRetried|didRetry|retryCount|retries|attempts?|refreshed|hasRefreshed|triedRefresh|isReplay|replayed|secondTry)\b/i;

export interface RefreshContext {
	dialect: Dialect;
	/** HTTP call nodes of the file. */
	calls: readonly Node[];
	/** Names of client instances (a call on one is a replay). */
	clientNames: { has(name: string): boolean };
}

function refreshCalls(nodes: Node[], dialect: Dialect): Node[] {
	return nodes.flatMap((node) => [node, ...collect(node, () => true)].filter((n) => dialect.callTypes.has(n.type) && REFRESH_NAME.test(dialect.calleeName(n) ?? '')));
}

function replays(nodes: Node[], context: RefreshContext, selfName: string | undefined): boolean {
	const { dialect } = context;
	for (const node of nodes) {
		for (const call of [node, ...collect(node, () => true)].filter((n) => dialect.callTypes.has(n.type))) {
			if (context.calls.some((c) => c.id === call.id)) return true;
			if (selfName && dialect.calleeName(call) === selfName) return true;
			const receiver = dialect.callee(call)?.text.split('.')[0];
			if (receiver && context.clientNames.has(receiver) && !REFRESH_NAME.test(dialect.calleeName(call) ?? '')) return true;
		}
	}
	return false;
}

const tests401 = (text: string) => /\b401\b|Unauthorized|UNAUTHORIZED|Status401/.test(text);

/**
 * Status branches and catch clauses that refresh credentials on 401; with `inside`, only those
 * of the statements it accepts (the rest of the tree is there for its names).
 */
export function authRefreshHandlers(root: Node, context: RefreshContext, inside?: (node: Node) => boolean): AuthRefreshHandler[] {
	const { dialect } = context;
	const handlers: AuthRefreshHandler[] = [];
	for (const node of collect(root, (n) => ['if', 'try'].includes(dialect.statement(n).kind))) {
		if (inside && !inside(node)) continue;
		readingAt(node, () => handlersAt(node, context, handlers));
	}
	// A 401 branch inside a catch is reported once, as the branch.
	return handlers.filter((handler, index) => !handlers.some((other, j) => j !== index && other.kind === 'catch' && handler.kind === 'status-branch' && handler.span.startIndex >= other.span.startIndex && handler.span.endIndex <= other.span.endIndex));
}

/** The handlers one `if` or `try` statement holds, added to `handlers`. */
function handlersAt(node: Node, context: RefreshContext, handlers: AuthRefreshHandler[]): void {
	const { dialect } = context;
	const stmt = dialect.statement(node);
	const fn = enclosingFunction(node, dialect);
	const selfName = fn ? dialect.functionName(fn) : undefined;
	const params = fn ? dialect.parameterNames(fn) : [];
	if (stmt.kind === 'if') {
		if (!stmt.condition || !tests401(stmt.condition.text) || refreshCalls(stmt.then, dialect).length === 0) return;
		const condition = stmt.condition;
		const guardedByParam = params.some((param) => ONCE_GUARD.test(param) && condition.text.includes(param));
		const flagAssigned = stmt.then.some((s) => dialect.assignments(s).some((a) => ONCE_GUARD.test(a.name)));
		handlers.push({
			kind: 'status-branch',
			span: spanOf(node),
			headSpan: spanBetween(node, condition),
			replays: replays(stmt.then, context, selfName),
			hasOnceGuard: guardedByParam || ONCE_GUARD.test(condition.text) || flagAssigned,
		});
	} else if (stmt.kind === 'try') {
		for (const part of stmt.catches) {
			if (!tests401(`${part.types.join(' ')} ${part.filter?.text ?? ''}`)) {
				continue;
			}
			if (refreshCalls(part.body, dialect).length === 0) continue;
			const flagAssigned = part.body.some((s) => dialect.assignments(s).some((a) => ONCE_GUARD.test(a.name)));
			const guarded = params.some((param) => ONCE_GUARD.test(param) && part.body.some((s) => s.text.includes(param))) || ONCE_GUARD.test(part.filter?.text ?? '') || flagAssigned;
			handlers.push({ kind: 'catch', span: spanOf(part.node), headSpan: part.head as Span, replays: replays(part.body, context, selfName), hasOnceGuard: guarded });
		}
	}
}

export { within };
