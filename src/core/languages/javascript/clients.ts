// Which calls are HTTP calls: the names a file binds to HTTP clients (imports, requires,
// `axios.create` / `got.extend` / `ky.create` instances), and per call its client,
// method, timeout and whether the client throws on a non-2xx status.
import type { Node } from 'web-tree-sitter';
import type { ImportFact } from '../../types';
import { spanOf } from '../adapter';
import { callArguments, namedChildren, readObject, stringValue, unwrap, type ObjectLiteral, field, textOf, typeOf } from './syntax';

/** What a name in the file stands for. */
export type Binding =
	/** Callable, with per-method shortcuts: axios, got, ky, superagent, ofetch. */
	| { kind: 'client'; client: string; timeout: TimeoutState; throws: boolean; retryPair?: Node }
	/** A function that sends a request: fetch, node-fetch, undici request/fetch, http.get. */
	| { kind: 'function'; client: string; method?: string }
	/** `http` / `https` module: `.request` and `.get`. */
	| { kind: 'node-http' }
	/** A module namespace of a retry library or a client whose members we know. */
	| { kind: 'module'; module: string };

export type TimeoutState = 'set' | 'default' | 'none' | 'unknown';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** Clients that throw on a non-2xx status by default. */
const THROWING = new Set(['axios', 'got', 'ky', 'ofetch', 'superagent']);

/** The module a file imports, with its default/named/namespace bindings. */
export interface ModuleImport {
	module: string;
	/** Local name -> imported name (`default`, `*` for a namespace, or the export's name). */
	names: Map<string, string>;
}

function normaliseModule(module: string): string {
	return module.replace(/^node:/, '');
}

/** Reads `import ... from 'm'` into local names. */
export function readImportStatement(node: Node): ModuleImport | undefined {
	const source = stringValue(field(node, 'source'));
	if (source === undefined) return undefined;
	const names = new Map<string, string>();
	for (const child of namedChildren(node)) {
		if (child.type !== 'import_clause') continue;
		for (const part of namedChildren(child)) {
			if (part.type === 'identifier') names.set(part.text, 'default');
			else if (part.type === 'namespace_import') {
				const id = namedChildren(part).find((n) => n.type === 'identifier');
				if (id) names.set(id.text, '*');
			} else if (part.type === 'named_imports') {
				for (const spec of namedChildren(part)) {
					if (spec.type !== 'import_specifier') continue;
					const name = field(spec, 'name')?.text;
					const alias = field(spec, 'alias')?.text;
					if (name) names.set(alias ?? name, name);
				}
			}
		}
	}
	return { module: normaliseModule(source), names };
}

/** Reads `const x = require('m')`, `const { a, b: c } = require('m')`, `const x = require('m').default`. */
export function readRequire(declarator: Node): ModuleImport | undefined {
	let value = unwrap(field(declarator, 'value'));
	let member: string | undefined;
	if (value?.type === 'member_expression') {
		member = field(value, 'property')?.text;
		value = unwrap(field(value, 'object'));
	}
	if (value?.type === 'await_expression') value = unwrap(namedChildren(value)[0]);
	if (value?.type !== 'call_expression') return undefined;
	const callee = field(value, 'function')?.text;
	if (callee !== 'require' && callee !== 'import') return undefined;
	const module = stringValue(callArguments(value)[0]);
	if (module === undefined) return undefined;
	const names = new Map<string, string>();
	const target = field(declarator, 'name');
	if (target?.type === 'identifier') names.set(target.text, member ?? 'default');
	else if (target?.type === 'object_pattern') {
		for (const part of namedChildren(target)) {
			if (part.type === 'shorthand_property_identifier_pattern') names.set(part.text, part.text);
			else if (part.type === 'pair_pattern') {
				const key = field(part, 'key')?.text;
				const local = field(part, 'value');
				if (key && local?.type === 'identifier') names.set(local.text, key);
			}
		}
	}
	return { module: normaliseModule(module), names };
}

/** The binding a module import gives a local name. */
export function bindingForImport(module: string, imported: string): Binding | undefined {
	const whole = imported === 'default' || imported === '*';
	switch (module) {
		case 'axios':
			if (whole || imported === 'axios') return { kind: 'client', client: 'axios', timeout: 'none', throws: true };
			return undefined;
		case 'got':
			if (whole || imported === 'got') return { kind: 'client', client: 'got', timeout: 'none', throws: true };
			return undefined;
		case 'ky':
		case 'ky-universal':
			if (whole || imported === 'ky') return { kind: 'client', client: 'ky', timeout: 'default', throws: true };
			return undefined;
		case 'superagent':
			if (whole) return { kind: 'client', client: 'superagent', timeout: 'none', throws: true };
			return undefined;
		case 'ofetch':
			if (imported === 'ofetch' || imported === '$fetch' || imported === 'default') return { kind: 'client', client: 'ofetch', timeout: 'none', throws: true };
			return undefined;
		case 'node-fetch':
		case 'cross-fetch':
		case 'isomorphic-fetch':
			if (whole || imported === 'fetch') return { kind: 'function', client: 'node-fetch' };
			return undefined;
		case 'undici':
			if (imported === 'fetch') return { kind: 'function', client: 'undici' };
			if (imported === 'request') return { kind: 'function', client: 'undici-request' };
			return undefined;
		case 'http':
		case 'https':
			if (whole) return { kind: 'node-http' };
			if (imported === 'request') return { kind: 'function', client: 'node:http' };
			if (imported === 'get') return { kind: 'function', client: 'node:http', method: 'GET' };
			return undefined;
		default:
			return undefined;
	}
}

/** Whether an options object sets a timeout: `set`, `none` (looked, found none), `unknown` (cannot see). */
export function timeoutInOptions(options: Node | undefined, keys: readonly string[]): 'set' | 'none' | 'unknown' | 'disabled' {
	if (!options) return 'none';
	const object = readObject(options);
	if (!object) return 'unknown';
	for (const key of keys) {
		const value = object.values.get(key);
		if (!value) continue;
		const text = unwrap(value)?.text;
		if (text === 'false' || text === '0' || text === 'undefined' || text === 'null') return 'disabled';
		return 'set';
	}
	return object.hasSpread ? 'unknown' : 'none';
}

/** Reads an instance-creating call (`axios.create({...})`, `got.extend({...})`, `ky.create({...})`). */
export function instanceBinding(parent: Binding, options: Node | undefined): Binding | undefined {
	if (parent.kind !== 'client') return undefined;
	const object = options ? readObject(options) : undefined;
	let timeout: TimeoutState = parent.timeout;
	if (options && !object) timeout = 'unknown';
	else {
		const found = timeoutInOptions(options, parent.client === 'got' ? ['timeout'] : ['timeout', 'signal']);
		if (found === 'set') timeout = 'set';
		else if (found === 'unknown') timeout = 'unknown';
		else if (found === 'disabled') timeout = 'none';
	}
	let throws = parent.throws;
	if (object?.values.has('validateStatus')) throws = false;
	const throwHttpErrors = object?.values.get('throwHttpErrors');
	if (throwHttpErrors && unwrap(throwHttpErrors)?.text === 'false') throws = false;
	return { kind: 'client', client: parent.client, timeout, throws, retryPair: object?.pairs.get('retry') };
}

/** Everything known about one recognised HTTP call before its response is followed. */
export interface RecognisedCall {
	node: Node;
	callee: Node;
	client: string;
	method?: string;
	throwsOnHttpError: boolean;
	timeout: TimeoutState;
	/** The options object (or node) the call passes, where headers live. */
	options?: Node;
	/** `retry` option pair on the call (got, ky). */
	retryPair?: Node;
}

function upper(method: string | undefined): string | undefined {
	return method ? method.toUpperCase() : undefined;
}

function methodFromOptions(object: ObjectLiteral | undefined): string | undefined | null {
	if (!object) return null;
	const value = object.values.get('method');
	if (!value) return undefined;
	const literal = stringValue(value);
	return literal === undefined ? null : literal.toUpperCase();
}

/** Resolves the calls of one client binding: the callee shape decides method and options. */
function clientCall(node: Node, callee: Node, binding: Extract<Binding, { kind: 'client' }>, member: string | undefined): RecognisedCall | undefined {
	const args = callArguments(node);
	const client = binding.client;
	let method: string | undefined;
	let options: Node | undefined;
	if (member === undefined || member === 'request') {
		// axios(config) / axios(url, config) / got(url, options) / ky(url, options) / ofetch(url, options)
		const first = unwrap(args[0]);
		options = first?.type === 'object' ? first : args[1];
		const object = readObject(options);
		const fromOptions = methodFromOptions(object);
		method = fromOptions === null ? (options ? undefined : 'GET') : fromOptions ?? 'GET';
		if (client === 'superagent') {
			// superagent(method, url)
			method = upper(stringValue(args[0]));
			options = undefined;
		}
	} else if (METHODS.has(member)) {
		method = member.toUpperCase();
		if (client === 'axios') options = ['post', 'put', 'patch'].includes(member) ? args[2] : args[1];
		else if (client !== 'superagent') options = args[1];
	} else if (client === 'superagent' && member === 'del') {
		method = 'DELETE';
	} else {
		return undefined;
	}
	let timeout: TimeoutState = binding.timeout;
	let throws = binding.throws;
	const object = readObject(options);
	if (client === 'superagent') {
		timeout = superagentChainHasTimeout(node) ? 'set' : binding.timeout;
	} else if (options) {
		const found = timeoutInOptions(options, client === 'got' ? ['timeout', 'signal'] : ['timeout', 'signal']);
		if (found === 'set') timeout = 'set';
		else if (found === 'unknown') timeout = timeout === 'set' ? 'set' : 'unknown';
		else if (found === 'disabled') timeout = 'none';
	}
	if (object?.values.has('validateStatus')) throws = false;
	const throwHttpErrors = object?.values.get('throwHttpErrors');
	if (throwHttpErrors && unwrap(throwHttpErrors)?.text === 'false') throws = false;
	if (client === 'ofetch' && object?.values.has('ignoreResponseError')) throws = false;
	return { node, callee, client, method, throwsOnHttpError: throws, timeout, options, retryPair: object?.pairs.get('retry') };
}

/** superagent sets its timeout on the request chain: `superagent.get(u).timeout(5000)`. */
function superagentChainHasTimeout(call: Node): boolean {
	let current = call;
	while (current.parent?.type === 'member_expression' && current.parent.parent?.type === 'call_expression') {
		if (current.parent.childForFieldName('property')?.text === 'timeout') return true;
		current = current.parent.parent;
	}
	return false;
}

/** A fetch-style call: `fetch(url, { method, signal, headers })`. */
function fetchCall(node: Node, callee: Node, client: string): RecognisedCall {
	const args = callArguments(node);
	let options = args[1];
	let method: string | undefined = 'GET';
	const first = unwrap(args[0]);
	if (first?.type === 'new_expression' && field(first, 'constructor')?.text === 'Request') {
		// fetch(new Request(url, init)): the init carries method and signal.
		options = callArguments(first)[1] ?? args[1];
	}
	let timeout: TimeoutState;
	if (options) {
		const object = readObject(options);
		const fromOptions = methodFromOptions(object);
		method = fromOptions === null ? undefined : fromOptions ?? 'GET';
		const keys = client === 'node-fetch' ? ['signal', 'timeout'] : client === 'undici-request' ? ['signal', 'headersTimeout', 'bodyTimeout'] : ['signal'];
		const found = timeoutInOptions(options, keys);
		timeout = found === 'set' ? 'set' : found === 'unknown' ? 'unknown' : 'none';
		// undici's request has 300 s headers/body timeouts by default.
		if (client === 'undici-request' && timeout === 'none') timeout = 'default';
	} else {
		timeout = client === 'undici-request' ? 'default' : 'none';
	}
	if (first && first.type !== 'string' && first.type !== 'template_string' && first.type !== 'identifier' && first.type !== 'member_expression' && first.type !== 'binary_expression' && first.type !== 'call_expression') {
		// A Request object or something stranger: we cannot see its settings.
		timeout = 'unknown';
	}
	return { node, callee, client: client === 'undici-request' ? 'undici' : client, method, throwsOnHttpError: false, timeout, options };
}

/** node:http `request(options, cb)` / `get(url, cb)`. */
function nodeHttpCall(node: Node, callee: Node, method: string | undefined): RecognisedCall {
	const args = callArguments(node);
	const options = args.find((arg) => unwrap(arg)?.type === 'object');
	const object = readObject(options);
	const fromOptions = methodFromOptions(object);
	const found = options ? timeoutInOptions(options, ['timeout', 'signal']) : 'none';
	// The request object's `setTimeout` is often called later: stay unsure when the text mentions it.
	const timeout: TimeoutState = found === 'set' ? 'set' : found === 'unknown' ? 'unknown' : 'none';
	return { node, callee, client: 'node:http', method: method ?? (fromOptions === null ? undefined : fromOptions ?? 'GET'), throwsOnHttpError: false, timeout, options };
}

/**
 * Recognises one call expression as an HTTP call, from the file's bindings. `bindings`
 * maps callee object text (`axios`, `api`, `this.http`) to what it stands for.
 */
export function recogniseCall(node: Node, bindings: ReadonlyMap<string, Binding>, fetchIsGlobal: boolean, extra: ReadonlySet<string>): RecognisedCall | undefined {
	let callee = field(node, 'function');
	// TypeScript parses `await api.get<T>(url)` as a call of `await api.get`.
	if (callee && typeOf(callee) === 'await_expression') callee = callee.namedChildren[0];
	if (!callee) return undefined;
	const target = unwrap(callee);
	if (!target) return undefined;
	const text = textOf(target);
	if (extra.size > 0 && extra.has(text)) {
		return { node, callee, client: text, throwsOnHttpError: false, timeout: 'unknown', options: callArguments(node)[1] };
	}
	const type = typeOf(target);
	if (type === 'identifier') {
		const binding = bindings.get(text);
		if (binding?.kind === 'client') return clientCall(node, callee, binding, undefined);
		if (binding?.kind === 'function') {
			if (binding.client === 'node:http') return nodeHttpCall(node, callee, binding.method);
			return fetchCall(node, callee, binding.client);
		}
		if (!binding && text === 'fetch' && fetchIsGlobal) return fetchCall(node, callee, 'fetch');
		return undefined;
	}
	if (type !== 'member_expression') return undefined;
	const object = unwrap(field(target, 'object'));
	const property = textOf(field(target, 'property'));
	if (!object || !property) return undefined;
	const objectText = textOf(object);
	if (property === 'fetch' && (objectText === 'window' || objectText === 'globalThis' || objectText === 'self') && fetchIsGlobal) return fetchCall(node, callee, 'fetch');
	const binding = bindings.get(objectText);
	if (!binding) return undefined;
	if (binding.kind === 'client') return clientCall(node, callee, binding, property);
	if (binding.kind === 'node-http' && (property === 'request' || property === 'get')) return nodeHttpCall(node, callee, property === 'get' ? 'GET' : undefined);
	if (binding.kind === 'module' && binding.module === 'undici' && (property === 'request' || property === 'fetch')) return fetchCall(node, callee, property === 'fetch' ? 'undici' : 'undici-request');
	return undefined;
}

/** True for clients whose errors carry `response.status` (axios-style) or `response.statusCode` (got). */
export function clientThrows(client: string): boolean {
	return THROWING.has(client);
}

export function importFact(module: string, node: Node): ImportFact {
	return { module, span: spanOf(node) };
}
