// Which calls send HTTP requests (requests, httpx, aiohttp, urllib3, urlopen, configured
// wrappers), on which client instances, with what timeout and method, and how the response
// is used afterwards in the enclosing function.
import type { Node } from 'web-tree-sitter';
import type { HttpCall, ResponseUse } from '../../types';
import { spanOf } from '../adapter';
import { collect, kids, safely } from '../common/tree';
import { defineName, lookUpEveryName, lookUpName, readingAt } from '../names';
import type { PythonScope } from './dialect';
import { calleeName, calleeOf, canonicalPath, enclosingFunctionOf, hasSplat, keywordArgs, positionalArgs, receiverOf, stringValue, unwrap } from './syntax';

export type ClientLibrary = 'requests' | 'httpx' | 'aiohttp' | 'urllib3';

/** A client instance bound to a name (`session`, `self.http`). */
export interface ClientBinding {
	library: ClientLibrary;
	/** The timeout the instance gives its calls. */
	timeout: HttpCall['timeout'];
	/** aiohttp `ClientSession(raise_for_status=True)`. */
	raises: boolean;
}

export interface PythonCall {
	node: Node;
	fact: HttpCall;
}

const VERBS = /^(get|post|put|patch|delete|head|options)$/;
const CONSTRUCTORS: Record<string, ClientLibrary> = {
	'requests.Session': 'requests',
	'requests.session': 'requests',
	'httpx.Client': 'httpx',
	'httpx.AsyncClient': 'httpx',
	'aiohttp.ClientSession': 'aiohttp',
	'urllib3.PoolManager': 'urllib3',
	'urllib3.ProxyManager': 'urllib3',
	'urllib3.HTTPConnectionPool': 'urllib3',
	'urllib3.HTTPSConnectionPool': 'urllib3',
	'urllib3.connection_from_url': 'urllib3',
};

function isNone(node: Node | undefined): boolean {
	return !!node && unwrap(node).type === 'none';
}

/** The library a constructor call makes a client of, if any. */
export function clientConstructor(call: Node, scope: PythonScope): ClientLibrary | undefined {
	const resolved = scope.imports.resolve(calleeOf(call));
	return resolved ? CONSTRUCTORS[canonicalPath(resolved)] : undefined;
}

function bindingFor(library: ClientLibrary, creation: Node): ClientBinding {
	const options = keywordArgs(creation);
	const timeoutArg = options.get('timeout');
	let timeout: HttpCall['timeout'];
	if (library === 'httpx' || library === 'aiohttp') timeout = timeoutArg && isNone(timeoutArg) ? 'none' : timeoutArg ? 'set' : hasSplat(creation) ? 'unknown' : 'default';
	else if (library === 'urllib3') timeout = timeoutArg ? (isNone(timeoutArg) ? 'none' : 'set') : hasSplat(creation) ? 'unknown' : 'none';
	else timeout = 'none';
	const raiseArg = options.get('raise_for_status');
	return { library, timeout, raises: library === 'aiohttp' && !!raiseArg && unwrap(raiseArg).type !== 'false' && !isNone(raiseArg) };
}

/**
 * Client instances made in the file: `s = requests.Session()`, `self.http = httpx.Client()`,
 * `with requests.Session() as s`, `async with aiohttp.ClientSession() as session`, and parameters
 * annotated with a client type. A session with a mounted adapter or a patched `request` hides its
 * timeout. Each statement that binds or changes a client defines its name; each look-up is
 * logged as the statement's (`names.ts`).
 */
export function readClients(assignments: readonly Node[], withItems: readonly Node[], functions: readonly Node[], calls: readonly Node[], scope: PythonScope): Map<string, ClientBinding> {
	const clients = new Map<string, ClientBinding>();
	const get = (name: string) => {
		lookUpName('binding', name);
		return clients.get(name);
	};
	const set = (name: string, binding: ClientBinding, node: Node) => {
		clients.set(name, binding);
		defineName('binding', name, node);
	};
	for (const node of assignments) {
		const right = node.childForFieldName('right');
		const left = node.childForFieldName('left');
		if (!right || !left || right.type !== 'call') continue;
		const library = readingAt(node, () => clientConstructor(right, scope));
		if (library) set(left.text, bindingFor(library, right), node);
	}
	for (const item of withItems) {
		const value = item.childForFieldName('value');
		if (value?.type !== 'as_pattern') continue;
		const made = kids(value)[0];
		const alias = value.childForFieldName('alias');
		if (!made || !alias || made.type !== 'call') continue;
		const library = readingAt(item, () => clientConstructor(made, scope));
		if (library) set(alias.text, bindingFor(library, made), item);
	}
	for (const fn of functions) {
		readingAt(fn, () => {
			for (const param of kids(fn.childForFieldName('parameters'))) {
				const type = param.childForFieldName('type');
				const name = param.type === 'typed_parameter' ? kids(param).find((c) => c.type === 'identifier')?.text : param.childForFieldName('name')?.text;
				if (!type || !name) continue;
				const annotation = kids(type)[0] ?? type;
				const resolved = scope.imports.resolve(annotation.type === 'string' ? undefined : annotation);
				const library = resolved ? CONSTRUCTORS[canonicalPath(resolved)] : undefined;
				// Made elsewhere: its settings are not visible.
				if (library && !get(name)) set(name, { library, timeout: 'unknown', raises: false }, param);
			}
		});
	}
	// `s.mount("https://", HTTPAdapter(...))`, `s.request = partial(...)`: the session's calls may get a timeout we cannot see.
	for (const call of calls) {
		const receiver = receiverOf(call)?.text;
		if (!receiver || calleeName(call) !== 'mount') continue;
		const binding = readingAt(call, () => get(receiver));
		if (binding?.library === 'requests') set(receiver, { ...binding, timeout: 'unknown' }, call);
	}
	for (const node of assignments) {
		const left = node.childForFieldName('left');
		if (left?.type !== 'attribute') continue;
		if (!/^(request|send|timeout)$/.test(left.childForFieldName('attribute')?.text ?? '')) continue;
		const owner = left.childForFieldName('object')?.text ?? '';
		const binding = readingAt(node, () => get(owner));
		if (binding?.library === 'requests') set(owner, { ...binding, timeout: 'unknown' }, node);
	}
	return clients;
}

function callTimeout(call: Node, base: HttpCall['timeout'], positionalIndex?: number): HttpCall['timeout'] {
	const options = keywordArgs(call);
	const value = options.get('timeout') ?? (positionalIndex !== undefined ? positionalArgs(call)[positionalIndex] : undefined);
	if (value) return isNone(value) ? 'none' : 'set';
	if (hasSplat(call)) return 'unknown';
	return base;
}

function methodOf(call: Node, verb: string | undefined, methodArgIndex: number | undefined): string | undefined {
	if (verb && VERBS.test(verb)) return verb.toUpperCase();
	const option = keywordArgs(call).get('method');
	const literal = stringValue(option ?? (methodArgIndex !== undefined ? positionalArgs(call)[methodArgIndex] : undefined));
	return literal && /^[A-Za-z]+$/.test(literal) ? literal.toUpperCase() : undefined;
}

/**
 * The calls of the file that send a request. Only the `wanted` ones (all by default) get their
 * response use read: the others are there for the response variables they bind.
 */
export function recogniseCalls(calls: readonly Node[], clients: ReadonlyMap<string, ClientBinding>, scope: PythonScope, extraFunctions: ReadonlySet<string>, wanted?: (node: Node) => boolean): PythonCall[] {
	const out: PythonCall[] = [];
	for (const node of calls) {
		const call = readingAt(node, () => safely(() => recogniseCall(node, clients, scope, extraFunctions, !wanted || wanted(node))));
		if (call) out.push({ node, fact: { id: out.length, ...call } });
	}
	return out;
}

function recogniseCall(node: Node, clients: ReadonlyMap<string, ClientBinding>, scope: PythonScope, extraFunctions: ReadonlySet<string>, wanted: boolean): Omit<HttpCall, 'id'> | undefined {
	const fn = calleeOf(node);
	if (!fn) return undefined;
	const name = calleeName(node) ?? '';
	const resolved = canonicalPath(scope.imports.resolve(fn) ?? '');
	let fact: Omit<HttpCall, 'id' | 'response' | 'idempotencyKey' | 'span' | 'calleeSpan'> | undefined;
	let match: RegExpExecArray | null;
	if ((match = /^(requests|httpx)\.(get|post|put|patch|delete|head|options|request|stream)$/.exec(resolved))) {
		const library = match[1] as ClientLibrary;
		const verb = match[2];
		fact = { client: library, throwsOnHttpError: false, method: methodOf(node, verb, 0), timeout: callTimeout(node, library === 'httpx' ? 'default' : 'none') };
	} else if (resolved === 'urllib3.request') {
		fact = { client: 'urllib3', throwsOnHttpError: false, method: methodOf(node, undefined, 0), timeout: callTimeout(node, 'none') };
	} else if (resolved === 'urllib.request.urlopen') {
		const target = positionalArgs(node)[0];
		const hasData = keywordArgs(node).has('data') || positionalArgs(node).length > 1;
		const method = target?.type === 'string' && !hasData ? 'GET' : undefined;
		fact = { client: 'urllib', throwsOnHttpError: true, method, timeout: callTimeout(node, 'none', 2) };
	} else {
		// Looked up only here: a call the import table names is not a call on a client.
		const receiver = receiverOf(node);
		const binding = receiver ? clients.get(receiver.text) : undefined;
		if (binding) {
			const verbs = binding.library === 'urllib3' ? /^(request|urlopen|request_encode_url|request_encode_body)$/ : binding.library === 'httpx' ? /^(get|post|put|patch|delete|head|options|request|stream)$/ : /^(get|post|put|patch|delete|head|options|request)$/;
			if (verbs.test(name)) {
				fact = {
					client: binding.library,
					throwsOnHttpError: binding.raises,
					method: methodOf(node, name, name === 'request' || binding.library === 'urllib3' ? 0 : undefined),
					timeout: callTimeout(node, binding.timeout),
				};
			}
		} else if (extraFunctions.has(fn.text)) {
			fact = { client: fn.text, throwsOnHttpError: false, method: methodOf(node, name, undefined), timeout: 'unknown' };
		}
	}
	if (!fact) return undefined;
	return { span: spanOf(node), calleeSpan: spanOf(fn), ...fact, response: wanted ? responseUse(node) : { statusChecked: false, bodyUsed: false, escapes: false }, idempotencyKey: 'none' };
}

// ---------------------------------------------------------------------------
// Response use
// ---------------------------------------------------------------------------

const STATUS_MEMBERS = /^(status_code|status|ok|reason|raise_for_status|is_success|is_error|is_client_error|is_server_error|getcode|getstatus|code)$/;
const BODY_MEMBERS = /^(json|text|content|read|data|iter_content|iter_lines|iter_bytes|iter_text|aiter_bytes|aiter_text|aiter_lines|body|readlines)$/;

/** The statement-level expression around a call: `await` and parentheses peeled off. */
function valueTop(call: Node): Node {
	let top = call;
	while (top.parent && (top.parent.type === 'await' || top.parent.type === 'parenthesized_expression')) top = top.parent;
	return top;
}

/** The variable a call's response is bound to, and where that name is written (`r = ...`, `with ... as r`). */
export function responseVariable(call: Node): { variable: string; name: Node } | undefined {
	const top = valueTop(call);
	const parent = top.parent;
	if (!parent) return undefined;
	if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === top.id) {
		const left = parent.childForFieldName('left');
		return left?.type === 'identifier' ? { variable: left.text, name: left } : undefined;
	}
	if (parent.type === 'as_pattern' && parent.parent?.type === 'with_item') {
		const alias = parent.childForFieldName('alias');
		return alias?.text ? { variable: alias.text, name: alias } : undefined;
	}
	return undefined;
}

/** Where the response goes: the variable it is bound to, or a direct use of the call's value. */
export function responseUse(call: Node): ResponseUse {
	const use: ResponseUse = { statusChecked: false, bodyUsed: false, escapes: false };
	const top = valueTop(call);
	const parent = top.parent;
	if (!parent) return use;
	let variable: string | undefined;
	let bindingEnd = top.endIndex;
	if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === top.id) {
		const left = parent.childForFieldName('left');
		if (left?.type === 'identifier') variable = left.text;
		else {
			use.escapes = true; // `self.last = requests.get(...)`, tuple unpacking
			return use;
		}
	} else if (parent.type === 'as_pattern' && parent.parent?.type === 'with_item') {
		variable = parent.childForFieldName('alias')?.text;
		bindingEnd = parent.endIndex;
	} else if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === top.id) {
		classifyMember(parent, use);
		return use;
	} else if (parent.type === 'expression_statement') {
		return use;
	} else {
		// Returned, yielded, passed on, put in a literal: the caller may check it.
		use.escapes = true;
		if (parent.type === 'argument_list' || parent.type === 'keyword_argument') use.statusChecked = true;
		return use;
	}
	if (!variable) return use;
	use.variable = variable;
	const fn = enclosingFunctionOf(call);
	// Outside any function the mentions are looked for in the whole file.
	if (!fn) lookUpEveryName('text');
	const scopeNode = fn?.childForFieldName('body') ?? call.tree.rootNode;
	const mentions = collect(scopeNode, (n) => n.type === 'identifier' && n.text === variable && n.startIndex >= bindingEnd);
	for (const mention of mentions) {
		if (rebinds(mention)) break;
		classifyMention(mention, use);
	}
	return use;
}

/** The mention is a new binding of the name (`r = ...`, `as r`, `for r in`): later uses are about another value. */
function rebinds(mention: Node): boolean {
	const parent = mention.parent;
	if (!parent) return false;
	if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === mention.id) return true;
	if (parent.type === 'as_pattern_target') return true;
	if (parent.type === 'for_statement' && parent.childForFieldName('left')?.id === mention.id) return true;
	return false;
}

function classifyMember(member: Node, use: ResponseUse): void {
	const attr = member.childForFieldName('attribute')?.text ?? '';
	if (STATUS_MEMBERS.test(attr)) use.statusChecked = true;
	else if (BODY_MEMBERS.test(attr) && !use.bodyUsed) {
		use.bodyUsed = true;
		use.bodyUseSpan = spanOf(member);
	}
}

function classifyMention(mention: Node, use: ResponseUse): void {
	let parent = mention.parent;
	while (parent?.type === 'parenthesized_expression') parent = parent.parent;
	if (!parent) return;
	switch (parent.type) {
		case 'attribute':
			if (parent.childForFieldName('object')?.id === mention.id) classifyMember(parent, use);
			return;
		case 'not_operator':
		case 'if_statement':
		case 'elif_clause':
		case 'while_statement':
		case 'boolean_operator':
		case 'assert_statement':
		case 'conditional_expression':
			// `if not r:` / `if r:`: a Response is truthy when it is ok.
			use.statusChecked = true;
			return;
		case 'argument_list':
		case 'keyword_argument':
			use.escapes = true;
			use.statusChecked = true;
			return;
		case 'for_statement':
		case 'for_in_clause':
			if (!use.bodyUsed) {
				use.bodyUsed = true;
				use.bodyUseSpan = spanOf(mention);
			}
			return;
		case 'assignment':
			if (parent.childForFieldName('right')?.id === mention.id) use.escapes = true;
			return;
		case 'comparison_operator':
			return;
		default:
			// Returned, yielded, in a literal, an expression list, a subscript store: out of sight.
			if (/^(return_statement|yield|list|tuple|dictionary|pair|set|expression_list|subscript|lambda|await)$/.test(parent.type)) use.escapes = true;
	}
}
