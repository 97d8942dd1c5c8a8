// Fixes for single C# calls: a status check with its own 401/403 error, a timeout for
// the call (or its client), and an Idempotency-Key made once for a retried POST/PATCH.
import type { Node } from 'web-tree-sitter';
import type { Fix, HttpCall, RetryConstruct } from '../../types';
import type { FixContext } from '../index';
import { BACKOFF } from '../snippets';
import { children, closest, descendants, encloses, nodeForSpan } from '../tree';
import { CsFile, fix } from './file';
import { AUTH_CHECK, authError, TIMEOUT } from './snippets';
import { appendArgument, argumentsOf, callNode, cancellationToken, enclosingFunction, FUNCTIONS, isAsync, LOOPS, responseStatement, statementOf } from './syntax';

/**
 * A distinct 401/403 error, then `EnsureSuccessStatusCode()` for every other non-2xx: it
 * is the idiom readers know, it puts the status on the `HttpRequestException`, and it
 * keeps the check one line instead of a second branch that would have to invent a message.
 */
export function statusCheckFix(file: CsFile, call: HttpCall): Fix[] {
	const node = callNode(file, call);
	if (!node) return [];
	file.requireUsing('System.Net');
	file.requireUsing('System.Net.Http');
	const title = 'Check the status: a distinct error for 401/403, then any non-2xx';
	const declaration = responseStatement(call, node);
	if (declaration) {
		const response = call.response.variable!;
		const lines = [...file.block(`if (${AUTH_CHECK(`${response}.StatusCode`)})`, [authError(response)]), `${response}.EnsureSuccessStatusCode();`];
		return [fix(title, [file.insertAfter(declaration, lines), ...file.preambleEdits()])];
	}
	// `(await client.GetAsync(url)).Content...`: the response gets a name first. Only when the
	// call is the first thing the statement evaluates, so nothing runs in a new order.
	const awaited = node.parent?.type === 'await_expression' ? node.parent : undefined;
	const parenthesized = awaited?.parent?.type === 'parenthesized_expression' ? awaited.parent : undefined;
	if (!awaited || !parenthesized) return [];
	let top: Node = parenthesized;
	while (top.parent && ((top.parent.type === 'member_access_expression' && top.parent.childForFieldName('expression')?.id === top.id) || (top.parent.type === 'invocation_expression' && top.parent.childForFieldName('function')?.id === top.id) || top.parent.type === 'await_expression')) top = top.parent;
	const declarator = top.parent?.type === 'variable_declarator' ? top.parent : undefined;
	const statement = declarator ? closest(declarator, ['local_declaration_statement'], FUNCTIONS) : top.parent;
	if (!statement || !['return_statement', 'expression_statement', 'local_declaration_statement'].includes(statement.type) || statement.parent?.type !== 'block') return [];
	if (declarator && descendants(statement, ['variable_declarator'], FUNCTIONS).length !== 1) return [];
	const response = file.freshName('response', node);
	const lines = [`var ${response} = ${awaited.text};`, ...file.block(`if (${AUTH_CHECK(`${response}.StatusCode`)})`, [authError(response)]), `${response}.EnsureSuccessStatusCode();`];
	return [fix(title, [file.insertBefore(statement, lines), { startIndex: parenthesized.startIndex, endIndex: parenthesized.endIndex, newText: response }, ...file.preambleEdits()])];
}

/** A `CancellationTokenSource` that cancels this call after 10 s (linked to the method's token). */
function callTimeoutFix(file: CsFile, node: Node): Fix[] {
	const configured = node.parent?.type === 'member_access_expression' && node.parent.childForFieldName('name')?.text === 'ConfigureAwait' ? node.parent.parent : undefined;
	const awaited = (configured ?? node).parent?.type === 'await_expression';
	const statement = statementOf(node);
	// A source disposed while the request still runs would never fire: the call must be awaited here.
	if (!awaited || !statement || !isAsync(enclosingFunction(node))) return [];
	const token = cancellationToken(node);
	const args = argumentsOf(node);
	const untimed = untimedSource(args, statement);
	if (untimed) {
		file.requireUsing('System');
		return [fix(`Cancel this request after ${BACKOFF.timeoutMs / 1000} s`, [file.insertAfter(untimed.declaration, [`${untimed.name}.CancelAfter(${TIMEOUT});`]), ...file.preambleEdits()], { safe: true })];
	}
	const passed = token ? args.find((arg) => arg.text === token) : undefined;
	if (args.some((arg) => arg.id !== passed?.id && /token|cancel|\bct\b/i.test(arg.text))) return [];
	const source = file.freshName('timeout', node);
	const lines = token
		? [`using var ${source} = CancellationTokenSource.CreateLinkedTokenSource(${token});`, `${source}.CancelAfter(${TIMEOUT});`]
		: [`using var ${source} = new CancellationTokenSource(${TIMEOUT});`];
	const argument = passed ? { startIndex: passed.startIndex, endIndex: passed.endIndex, newText: `${source}.Token` } : appendArgument(node, `${source}.Token`, 'cancellationToken');
	if (!argument) return [];
	file.requireUsing('System');
	file.requireUsing('System.Threading');
	return [fix(`Cancel this request after ${BACKOFF.timeoutMs / 1000} s`, [file.insertBefore(statement, lines), argument, ...file.preambleEdits()], { safe: true })];
}

/**
 * `source.Token` passed to the call, from `var source = new CancellationTokenSource();` declared
 * before it in its block and used nowhere else: a deadline on it cannot cut short other work.
 */
function untimedSource(args: Node[], statement: Node): { name: string; declaration: Node } | undefined {
	const fnBody = enclosingFunction(statement)?.childForFieldName('body');
	for (const arg of args) {
		const name = /^(\w+)\.Token$/.exec(arg.text)?.[1];
		const declaration = name && children(statement.parent!).find(
			(s) => s.endIndex <= statement.startIndex && s.type === 'local_declaration_statement' && descendants(s, ['variable_declarator'], FUNCTIONS).some((d) => d.childForFieldName('name')?.text === name && /^new CancellationTokenSource\(\s*\)$/.test(d.namedChildren.at(-1)?.text ?? '')),
		);
		const uses = name && fnBody ? descendants(fnBody, ['identifier']).filter((identifier) => identifier.text === name).length : 0;
		if (name && declaration && uses === 2) return { name, declaration };
	}
	return undefined;
}

/** `Timeout = Timeout.InfiniteTimeSpan` on the client the call uses, made 10 s (every call of that client). */
function clientTimeoutFix(file: CsFile, node: Node): Fix[] {
	const receiver = node.childForFieldName('function')?.childForFieldName('expression')?.text.replace(/^this\./, '');
	if (!receiver) return [];
	const infinite = descendants(file.root, ['assignment_expression']).filter((a) => /^(System\.Threading\.)?Timeout\.InfiniteTimeSpan$/.test(a.childForFieldName('right')?.text ?? ''));
	const ofClient = infinite.find((a) => {
		const left = a.childForFieldName('left')?.text ?? '';
		if (left.replace(/^this\./, '') === `${receiver}.Timeout`) return true;
		// `_http = new HttpClient { Timeout = ... }`, as a declaration or an assignment.
		const owner = left === 'Timeout' && a.parent?.parent?.type === 'object_creation_expression' ? a.parent.parent.parent : undefined;
		const name = owner?.type === 'variable_declarator' ? owner.childForFieldName('name')?.text : owner?.type === 'assignment_expression' ? owner.childForFieldName('left')?.text.replace(/^this\./, '') : undefined;
		return name === receiver;
	});
	const right = ofClient?.childForFieldName('right');
	if (!right) return [];
	file.requireUsing('System');
	return [fix(`Give the client a ${BACKOFF.timeoutMs / 1000} s timeout (every request it sends)`, [{ startIndex: right.startIndex, endIndex: right.endIndex, newText: TIMEOUT }, ...file.preambleEdits()], { preferred: false })];
}

export function timeoutFixes(context: FixContext, call: HttpCall): Fix[] {
	// Each fix asks for its own usings: one file state per fix.
	const node = callNode(new CsFile(context), call);
	if (!node) return [];
	const perCall = callTimeoutFix(new CsFile(context), node);
	const client = clientTimeoutFix(new CsFile(context), node);
	return [...perCall, ...client.map((f) => ({ ...f, isPreferred: perCall.length === 0 }))];
}

const CONTENT_METHODS: Record<string, string> = { PostAsync: 'Post', PatchAsync: 'Patch', PostAsJsonAsync: 'Post', PatchAsJsonAsync: 'Patch' };

export function idempotencyKeyFix(file: CsFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const node = callNode(file, call);
	const loop = retry && nodeForSpan(file.root, retry.span, LOOPS);
	if (!node || !loop) return [];
	const key = file.freshName('idempotencyKey', loop);
	const made = [`var ${key} = Guid.NewGuid().ToString();`];
	const title = 'Send an Idempotency-Key made once, before the first attempt';
	if (call.idempotencyKey === 'fresh-per-call') {
		// `request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString())` in the loop: hoist the value.
		const setter = descendants(loop, ['invocation_expression'], FUNCTIONS).find((c) => argumentsOf(c).some((arg) => /^"(x-)?idempotency-key"$/i.test(arg.text)));
		const value = setter && argumentsOf(setter)[1];
		if (!value || !/Guid\.NewGuid\(\)/.test(value.text)) return [];
		file.requireUsing('System');
		return [fix('Create the Idempotency-Key once, before the first attempt', [file.insertBefore(loop, [`var ${key} = ${value.text};`]), { startIndex: value.startIndex, endIndex: value.endIndex, newText: key }, ...file.preambleEdits()], { safe: true })];
	}
	if (call.idempotencyKey !== 'none') return [];
	const fn = node.childForFieldName('function');
	const methodName = fn?.childForFieldName('name')?.text ?? '';
	const receiver = fn?.childForFieldName('expression');
	const args = argumentsOf(node);
	const statement = statementOf(node);
	if (/^Send(Async)?$/.test(methodName)) {
		// `SendAsync(request)` with the request made in the loop: the header goes on each attempt's message.
		const request = args[0] && children(args[0])[0];
		const declaration = request?.type === 'identifier' && statement ? requestDeclaration(request.text, statement) : undefined;
		if (!declaration || !encloses(loop, declaration)) return [];
		file.requireUsing('System');
		return [fix(title, [file.insertBefore(loop, made), file.insertAfter(declaration, [`${request!.text}.Headers.Add("Idempotency-Key", ${key});`]), ...file.preambleEdits()], { safe: true })];
	}
	const awaited = node.parent?.type === 'await_expression' ? node.parent : undefined;
	// A request message per attempt, built where the call was: the arguments are evaluated at the same point.
	const first = awaited && statement && firstEvaluated(statement, awaited);
	if (!(methodName in CONTENT_METHODS) || !receiver || args.some((arg) => arg.childForFieldName('name')) || !first || args.length < 2 || args.length > 3) return [];
	const request = file.freshName('request', loop);
	const content = /AsJson/.test(methodName) ? `JsonContent.Create(${args[1].text})` : args[1].text;
	const lines = [
		`using var ${request} = new HttpRequestMessage(HttpMethod.${CONTENT_METHODS[methodName]}, ${args[0].text}) { Content = ${content} };`,
		`${request}.Headers.Add("Idempotency-Key", ${key});`,
	];
	const extra = args[2] ? `, ${args[2].text}` : '';
	file.requireUsing('System');
	file.requireUsing('System.Net.Http');
	if (/AsJson/.test(methodName)) file.requireUsing('System.Net.Http.Json');
	return [
		fix(title, [file.insertBefore(loop, made), file.insertBefore(statement, lines), { startIndex: fn!.startIndex, endIndex: node.endIndex, newText: `${receiver.text}.SendAsync(${request}${extra})` }, ...file.preambleEdits()], { safe: true }),
	];
}

/** The `var request = new HttpRequestMessage(...)` statement before `statement`, in its block. */
function requestDeclaration(name: string, statement: Node): Node | undefined {
	const earlier = children(statement.parent!).filter((s) => s.endIndex <= statement.startIndex && s.type === 'local_declaration_statement');
	return earlier.find((s) => descendants(s, ['variable_declarator'], FUNCTIONS).some((d) => d.childForFieldName('name')?.text === name && /^new HttpRequestMessage\b/.test(d.namedChildren.at(-1)?.text ?? '')));
}

/** True when `node` is the first thing `statement` evaluates (a declaration's value, a return's value, an assignment's right side). */
function firstEvaluated(statement: Node, node: Node): boolean {
	const value = statement.type === 'local_declaration_statement' ? descendants(statement, ['variable_declarator'], FUNCTIONS)[0]?.namedChildren.at(-1) : statement.type === 'return_statement' ? children(statement)[0] : statement.type === 'expression_statement' ? children(statement)[0] : undefined;
	if (!value) return false;
	if (value.id === node.id) return true;
	return value.type === 'assignment_expression' && value.childForFieldName('left')?.type === 'identifier' && value.childForFieldName('right')?.id === node.id;
}

