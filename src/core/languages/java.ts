// The Java adapter: java.net.http `HttpClient.send/sendAsync`, OkHttp `newCall(...).execute()`,
// Spring `RestTemplate` (throws on 4xx/5xx) and `WebClient` (`retrieve()` throws; Reactor
// `retryWhen(Retry.backoff(...))`), `HttpURLConnection`, Apache HttpClient 5 `execute`,
// `Thread.sleep` retry loops, resilience4j `RetryConfig`, catch clauses, and status references
// (`response.statusCode() == 403`, `HttpStatus.FORBIDDEN`, `HttpURLConnection.HTTP_UNAUTHORIZED`).
import { engineAdapter } from './common/adapter';
import type { Node, Tree } from 'web-tree-sitter';
import { statusCodeForConstant } from '../knowledge/constants';
import type { CatchClause, Delay, FileFacts, HttpCall, LanguageId, ResponseUse, RetryConstruct, StatusCodeRef } from '../types';
import type { AdapterOptions } from './adapter';
import { emptyFacts, spanBetween, spanOf } from './adapter';
import { idempotencyKeyOf } from './common/calls';
import type { CatchPart, Dialect, LoopInfo, Stmt, WaitInfo } from './common/dialect';
import { authRefreshHandlers, handlingOf } from './common/handlers';
import { evalCondition } from './common/paths';
import { assignRetryIds, enclosingFunction, loopRetry, SAMPLE_STATUSES, type LoopCall, type RetryDraft } from './common/retries';
import { collect, kids, lazySeq, literalNumber, memoByNode, operatorOf, safely, within } from './common/tree';

const FUNCTION_TYPES = new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']);
const CALL_TYPES = new Set(['method_invocation']);
const LOOP_TYPES = new Set(['for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement']);
const STATUS_HOLDERS = /^((org\.springframework\.http\.)?HttpStatus|(java\.net\.)?HttpURLConnection|HttpServletResponse|HttpStatusCodes|StatusCodes|HttpStatusCode)$/;
const STATUS_METHODS = /^(statusCode|getStatusCode|getRawStatusCode|getResponseCode|code|getCode|getStatusCodeValue)$/;
const INT_TYPES = /^(decimal_integer_literal|hex_integer_literal|decimal_floating_point_literal)$/;

function makeDialect(statusNames: Set<string>): Dialect {
	const unwrap = (node: Node): Node => {
		let current = node;
		for (;;) {
			if (current.type === 'parenthesized_expression' && kids(current)[0]) current = kids(current)[0];
			else if (current.type === 'cast_expression' && current.childForFieldName('value')) current = current.childForFieldName('value')!;
			else return current;
		}
	};
	const block = (node: Node | null | undefined): Node[] => {
		if (!node) return [];
		if (node.type === 'block') return kids(node);
		return [node];
	};
	const name = (call: Node) => call.childForFieldName('name')?.text;
	const durationMs = (node: Node, unitMs: number): number | undefined => {
		const n = unwrap(node);
		if (INT_TYPES.test(n.type)) {
			const v = literalNumber(n.text);
			return v === undefined ? undefined : v * unitMs;
		}
		if (n.type === 'method_invocation' && n.childForFieldName('object')?.text === 'Duration') {
			const unit = ({ ofMillis: 1, ofSeconds: 1000, ofMinutes: 60000 } as Record<string, number>)[name(n) ?? ''];
			const arg = kids(n.childForFieldName('arguments'))[0];
			const v = unit && arg ? durationMs(arg, 1) : undefined;
			return v === undefined ? undefined : v * unit;
		}
		if (n.type === 'binary_expression') {
			const l = durationMs(n.childForFieldName('left')!, unitMs);
			const r = durationMs(n.childForFieldName('right')!, 1);
			if (l === undefined || r === undefined) return undefined;
			if (operatorOf(n) === '*') return l * r;
		}
		return undefined;
	};
	const statusValue = (node: Node): number | undefined => {
		const n = unwrap(node);
		if (n.type === 'decimal_integer_literal') {
			const v = literalNumber(n.text);
			return v !== undefined && v >= 100 && v <= 599 ? v : undefined;
		}
		if (n.type === 'field_access' && STATUS_HOLDERS.test(n.childForFieldName('object')?.text ?? '')) return statusCodeForConstant(n.childForFieldName('field')?.text ?? '');
		if (n.type === 'identifier' && /^(HTTP_|SC_)/.test(n.text)) return statusCodeForConstant(n.text);
		return undefined;
	};
	const isStatusExpr = (node: Node): boolean => {
		const n = unwrap(node);
		if (n.type === 'method_invocation') {
			const method = name(n) ?? '';
			if (STATUS_METHODS.test(method) && kids(n.childForFieldName('arguments')).length === 0) return true;
			if (method === 'value' && n.childForFieldName('object') && isStatusExpr(n.childForFieldName('object')!)) return true;
			return false;
		}
		if (n.type === 'identifier') return statusNames.has(n.text);
		return false;
	};
	const dialect: Dialect = {
		functionTypes: FUNCTION_TYPES,
		loopTypes: LOOP_TYPES,
		callTypes: CALL_TYPES,
		unwrap,
		statement(node): Stmt {
			switch (node.type) {
				case 'block':
					return lazySeq(() => block(node));
				case 'labeled_statement': {
					const inner = kids(node).find((c) => c.type !== 'identifier');
					return inner ? dialect.statement(inner) : { kind: 'other' };
				}
				case 'if_statement':
					return { kind: 'if', condition: node.childForFieldName('condition') ?? undefined, then: block(node.childForFieldName('consequence')), else: node.childForFieldName('alternative') ? block(node.childForFieldName('alternative')) : undefined };
				case 'switch_expression':
				case 'switch_statement': {
					const cases: Array<{ labels: Node[] | 'default'; body: Node[] }> = [];
					let pending: Node[] = [];
					for (const group of kids(node.childForFieldName('body'))) {
						const label = kids(group).find((c) => c.type === 'switch_label');
						const isDefault = !!label && (label.text.startsWith('default') || kids(label).length === 0);
						const body = kids(group).filter((c) => c.type !== 'switch_label').flatMap((c) => (c.type === 'block' && group.type === 'switch_rule' ? kids(c) : c.type === 'expression_statement' || /_statement$|^block$/.test(c.type) ? [c] : []));
						if (isDefault) cases.push({ labels: 'default', body });
						else {
							pending.push(...kids(label));
							if (body.length === 0 && group.type !== 'switch_rule') continue;
							cases.push({ labels: pending, body });
						}
						pending = [];
					}
					return { kind: 'switch', value: node.childForFieldName('condition') ?? undefined, cases };
				}
				case 'try_statement':
				case 'try_with_resources_statement': {
					const catches: CatchPart[] = kids(node)
						.filter((c) => c.type === 'catch_clause')
						.map((clause) => {
							const param = kids(clause).find((c) => c.type === 'catch_formal_parameter');
							const types = kids(kids(param).find((c) => c.type === 'catch_type')).map((t) => t.text);
							const body = clause.childForFieldName('body');
							const closing = clause.children.filter((c) => c && c.type === ')').pop();
							return { node: clause, types, name: param?.childForFieldName('name')?.text, body: block(body), bodyNode: body ?? undefined, head: spanBetween(clause, closing ?? clause.children[0]!) };
						});
					const resources = node.childForFieldName('resources');
					return { kind: 'try', body: [...(resources ? [resources] : []), ...block(node.childForFieldName('body'))], catches };
				}
				case 'return_statement':
					return { kind: 'return', node };
				case 'throw_statement':
					return { kind: 'throw' };
				case 'break_statement':
					return { kind: 'break', labelled: kids(node).length > 0 };
				case 'continue_statement':
					return { kind: 'continue', labelled: kids(node).length > 0 };
				default:
					if (LOOP_TYPES.has(node.type)) return { kind: 'loop' };
					return { kind: 'other' };
			}
		},
		logic(node) {
			if (node.type === 'unary_expression' && operatorOf(node) === '!') return { op: '!', args: [node.childForFieldName('operand') ?? kids(node)[0]] };
			if (node.type === 'binary_expression') {
				const op = operatorOf(node);
				if (op === '&&' || op === '||') return { op, args: [node.childForFieldName('left')!, node.childForFieldName('right')!] };
			}
			return undefined;
		},
		comparison(node) {
			if (node.type !== 'binary_expression') return undefined;
			const op = operatorOf(node) ?? '';
			if (!['==', '!=', '<', '<=', '>', '>='].includes(op)) return undefined;
			return { op, left: node.childForFieldName('left')!, right: node.childForFieldName('right')! };
		},
		isStatusExpr,
		statusValue,
		statusPredicate(node) {
			const n = unwrap(node);
			if (n.type !== 'method_invocation' || kids(n.childForFieldName('arguments')).length > 0) return undefined;
			switch (name(n)) {
				case 'isSuccessful':
				case 'is2xxSuccessful':
					return (s) => s >= 200 && s < 300;
				case 'is4xxClientError':
					return (s) => s >= 400 && s < 500;
				case 'is5xxServerError':
					return (s) => s >= 500;
				case 'isError':
					return (s) => s >= 400;
			}
			return undefined;
		},
		numberValue(node) {
			const n = unwrap(node);
			if (INT_TYPES.test(n.type)) return literalNumber(n.text);
			if (/^(Integer|Long)\.MAX_VALUE$/.test(n.text)) return Infinity;
			return undefined;
		},
		loop(node): LoopInfo | undefined {
			const body = node.childForFieldName('body');
			if (!body) return undefined;
			if (node.type === 'enhanced_for_statement') return { body, kind: 'data', headEnd: body };
			const condition = node.childForFieldName('condition') ?? undefined;
			const closing = node.children.filter((c) => c && c.type === ')' && c.endIndex <= body.startIndex).pop();
			const headEnd = closing ?? condition ?? node.children[0]!;
			const text = condition ? unwrap(condition).text : '';
			if (node.type === 'do_statement') return { body, kind: text === 'true' ? 'infinite' : 'do', condition, headEnd: node.children[0]! };
			if (node.type === 'while_statement') return { body, kind: text === 'true' ? 'infinite' : 'while', condition, headEnd };
			return { body, kind: condition ? 'for' : 'infinite', condition, initializer: node.childForFieldName('init') ?? undefined, headEnd };
		},
		wait(call): WaitInfo | undefined {
			const object = call.childForFieldName('object')?.text ?? '';
			const method = name(call);
			const arg = kids(call.childForFieldName('arguments'))[0];
			if (method === 'sleep' && /^(Thread|java\.lang\.Thread)$/.test(object)) return { duration: arg, awaited: true, unitMs: 1 };
			const unit = /^TimeUnit\.(MILLISECONDS|SECONDS|MINUTES)$/.exec(object);
			if (method === 'sleep' && unit) return { duration: arg, awaited: true, unitMs: ({ MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60000 } as Record<string, number>)[unit[1]] };
			return undefined;
		},
		durationMs,
		calleeName: (call) => name(call),
		callee(call) {
			// The receiver when there is one (`client` in `client.send(...)`): replays are told by it.
			return call.childForFieldName('object') ?? call.childForFieldName('name') ?? undefined;
		},
		callArguments(call) {
			return kids(call.childForFieldName('arguments'));
		},
		functionName(fn) {
			return fn.childForFieldName('name')?.text;
		},
		parameterNames(fn) {
			return collect(fn.childForFieldName('parameters') ?? fn, (n) => n.type === 'formal_parameter').map((p) => p.childForFieldName('name')?.text ?? '');
		},
		functionBody(fn) {
			return fn.childForFieldName('body') ?? undefined;
		},
		assignments(scopeNode) {
			const out: Array<{ name: string; value: Node; node: Node; compound?: string }> = [];
			const nodes = [scopeNode, ...collect(scopeNode, (n) => n.type === 'variable_declarator' || n.type === 'assignment_expression' || n.type === 'resource')].filter((n) => n.type === 'variable_declarator' || n.type === 'assignment_expression' || n.type === 'resource');
			for (const node of nodes) {
				if (node.type === 'variable_declarator' || node.type === 'resource') {
					const n = node.childForFieldName('name');
					const value = node.childForFieldName('value');
					if (n && value) out.push({ name: n.text, value, node });
					continue;
				}
				const left = node.childForFieldName('left');
				const right = node.childForFieldName('right');
				const op = operatorOf(node) ?? '=';
				if (left && right) out.push({ name: left.text, value: right, node, compound: op !== '=' ? op : undefined });
			}
			return out;
		},
		incrementedNames(scopeNode) {
			const names = new Set<string>();
			for (const node of collect(scopeNode, (n) => n.type === 'update_expression' || n.type === 'assignment_expression')) {
				if (node.type === 'update_expression') {
					names.add(kids(node)[0]?.text ?? '');
					continue;
				}
				const op = operatorOf(node) ?? '';
				const left = node.childForFieldName('left')?.text ?? '';
				if (op === '+=' || op === '-=' || (op === '=' && new RegExp(`\\b${left.replace(/[.]/g, '\\.')}\\b`).test(node.childForFieldName('right')?.text ?? ''))) names.add(left);
			}
			return names;
		},
		isLogCall(call) {
			return /^(log|logger|LOG|LOGGER)$|Log/.test(call.childForFieldName('object')?.text ?? '');
		},
		isPlainValue(node) {
			if (!node) return true;
			const n = unwrap(node);
			if (['null_literal', 'true', 'false', 'decimal_integer_literal', 'decimal_floating_point_literal', 'string_literal', 'character_literal'].includes(n.type)) return true;
			if (/^(Collections\.empty\w*\(\)|List\.of\(\)|Map\.of\(\)|Set\.of\(\)|Optional\.empty\(\)|"")$/.test(n.text)) return true;
			if (n.type === 'object_creation_expression') return kids(n.childForFieldName('arguments')).length === 0 && !kids(n).some((c) => c.type === 'class_body');
			return false;
		},
	};
	dialect.statement = memoByNode(dialect.statement.bind(dialect));
	dialect.logic = memoByNode(dialect.logic.bind(dialect));
	dialect.comparison = memoByNode(dialect.comparison.bind(dialect));
	// Variable readers ask for the same function body's assignments again and again.
	dialect.assignments = memoByNode(dialect.assignments.bind(dialect));
	return dialect;
}

// ---------------------------------------------------------------------------
// Clients and calls
// ---------------------------------------------------------------------------

type ClientKind = 'java.net.http' | 'okhttp' | 'RestTemplate' | 'WebClient' | 'apache-httpclient5' | 'HttpURLConnection';

interface ClientInfo {
	kind: ClientKind;
	/** The creation is visible in the file (its defaults are known). */
	made: boolean;
	configured: boolean;
}

function kindForType(type: string, imports: string): ClientKind | undefined {
	switch (type) {
		case 'HttpClient':
			return /import java\.net\.http\./.test(imports) ? 'java.net.http' : /org\.apache\.hc/.test(imports) ? 'apache-httpclient5' : undefined;
		case 'OkHttpClient':
			return 'okhttp';
		case 'RestTemplate':
			return 'RestTemplate';
		case 'WebClient':
			return 'WebClient';
		case 'CloseableHttpClient':
			return 'apache-httpclient5';
		case 'HttpURLConnection':
		case 'HttpsURLConnection':
			return 'HttpURLConnection';
	}
	return undefined;
}

function kindForValue(text: string, imports: string): ClientKind | undefined {
	if (/^HttpClient\.(newHttpClient|newBuilder)\(/.test(text) && /java\.net\.http/.test(imports)) return 'java.net.http';
	if (/^new OkHttpClient\b|^new OkHttpClient\.Builder\(/.test(text)) return 'okhttp';
	if (/^new RestTemplate\(|RestTemplateBuilder|restTemplateBuilder/.test(text)) return 'RestTemplate';
	if (/^WebClient\.(create|builder)\(/.test(text)) return 'WebClient';
	if (/^HttpClients\.(create|custom)/.test(text)) return 'apache-httpclient5';
	if (/^\(\s*Https?URLConnection\s*\)/.test(text)) return 'HttpURLConnection';
	return undefined;
}

function readClients(root: Node, imports: string): Map<string, ClientInfo> {
	const clients = new Map<string, ClientInfo>();
	for (const decl of collect(root, (n) => ['local_variable_declaration', 'field_declaration', 'formal_parameter'].includes(n.type))) {
		const type = decl.childForFieldName('type');
		const typeText = type?.type === 'generic_type' ? kids(type)[0]?.text ?? '' : type?.text ?? '';
		const declarators = decl.type === 'formal_parameter' ? [decl] : kids(decl).filter((c) => c.type === 'variable_declarator');
		for (const declarator of declarators) {
			const n = declarator.childForFieldName('name')?.text;
			const value = declarator.childForFieldName('value');
			const kind = kindForType(typeText, imports) ?? (value ? kindForValue(value.text, imports) : undefined);
			if (n && kind) clients.set(n, { kind, made: !!value && !!kindForValue(value.text, imports), configured: /timeout|Timeout|requestFactory|RequestFactory|clientConnector/.test(value?.text ?? '') });
		}
	}
	return clients;
}

const REST_METHODS: Record<string, string | undefined> = {
	getForObject: 'GET', getForEntity: 'GET', postForObject: 'POST', postForEntity: 'POST', postForLocation: 'POST',
	put: 'PUT', delete: 'DELETE', patchForObject: 'PATCH', exchange: undefined, execute: undefined, headForHeaders: 'HEAD',
};

interface JavaCall {
	node: Node;
	fact: HttpCall;
	/** The WebClient chain's top, for `retryWhen`. */
	chainTop?: Node;
}

function receiverName(node: Node | null | undefined): string | undefined {
	if (!node) return undefined;
	if (node.type === 'identifier') return node.text;
	if (node.type === 'field_access' && node.childForFieldName('object')?.text === 'this') return node.childForFieldName('field')?.text;
	return undefined;
}

/** The outermost invocation of a fluent chain that starts at `node`. */
function chainTop(node: Node): Node {
	let top = node;
	while (top.parent?.type === 'method_invocation' && top.parent.childForFieldName('object')?.id === top.id) top = top.parent;
	return top;
}

function builderMethod(text: string): string | undefined {
	const m = /\.(GET|POST|PUT|DELETE|HEAD|get|post|put|patch|delete|head)\s*\(|\.method\s*\(\s*"(\w+)"/.exec(text);
	if (!m) return undefined;
	return (m[1] ?? m[2]).toUpperCase();
}

function requestBuilder(request: Node | undefined, fnBody: Node | undefined, dialect: Dialect): Node | undefined {
	if (!request) return undefined;
	if (request.type !== 'identifier') return request;
	if (!fnBody) return undefined;
	return dialect.assignments(fnBody).filter((a) => a.name === request.text && a.node.startIndex < request.startIndex).map((a) => a.value).pop();
}

function responseUse(call: Node, fnBody: Node | undefined, dialect: Dialect, statusMethods: RegExp, bodyMethods: RegExp): ResponseUse {
	const use: ResponseUse = { statusChecked: false, bodyUsed: false, escapes: false };
	const parent = call.parent;
	if (!parent) return use;
	const classify = (member: Node) => {
		const method = member.childForFieldName('name')?.text ?? '';
		if (statusMethods.test(method)) use.statusChecked = true;
		else if (bodyMethods.test(method) && !use.bodyUsed) {
			use.bodyUsed = true;
			use.bodyUseSpan = spanOf(member);
		}
	};
	if (parent.type === 'method_invocation' && parent.childForFieldName('object')?.id === call.id) {
		classify(parent);
		return use;
	}
	if (parent.type === 'return_statement' || parent.type === 'argument_list' || parent.type === 'lambda_expression') {
		use.escapes = true;
		return use;
	}
	let name: string | undefined;
	if (parent.type === 'variable_declarator' || parent.type === 'resource') name = parent.childForFieldName('name')?.text;
	else if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.id === call.id) {
		const left = parent.childForFieldName('left');
		if (left?.type === 'identifier') name = left.text;
		else use.escapes = true;
	}
	if (!name || !fnBody) return use;
	use.variable = name;
	for (const ident of collect(fnBody, (n) => n.type === 'identifier' && n.text === name && n.startIndex > call.endIndex)) {
		const p = ident.parent;
		if (!p) continue;
		if (p.type === 'method_invocation' && p.childForFieldName('object')?.id === ident.id) {
			classify(p);
			continue;
		}
		if (p.type === 'argument_list') {
			use.escapes = true;
			use.statusChecked = true;
			continue;
		}
		if (p.type === 'return_statement' || (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === ident.id)) use.escapes = true;
	}
	void dialect;
	return use;
}

function recogniseCalls(root: Node, dialect: Dialect, clients: Map<string, ClientInfo>, options: AdapterOptions): JavaCall[] {
	const calls: JavaCall[] = [];
	const extra = new Set(options.extraHttpFunctions);
	const fileText = root.text;
	for (const node of collect(root, (n) => n.type === 'method_invocation')) {
		const method = node.childForFieldName('name')?.text ?? '';
		const object = node.childForFieldName('object');
		const nameNode = node.childForFieldName('name')!;
		const fnNode = enclosingFunction(node, dialect);
		const fnBody = fnNode ? dialect.functionBody(fnNode) : root;
		const args = kids(node.childForFieldName('arguments'));
		let fact: Omit<HttpCall, 'id'> | undefined;
		let top: Node | undefined;
		const base = (client: string, throwsOnHttpError: boolean, httpMethod: string | undefined, timeout: HttpCall['timeout'], response: ResponseUse) => ({
			span: spanOf(node),
			calleeSpan: spanBetween(node, nameNode),
			client,
			throwsOnHttpError,
			method: httpMethod,
			timeout,
			response,
			idempotencyKey: 'none' as const,
		});
		const info = clients.get(receiverName(object) ?? '');
		if (info?.kind === 'java.net.http' && (method === 'send' || method === 'sendAsync')) {
			const request = requestBuilder(args[0], fnBody, dialect);
			const timeout = !request ? 'unknown' : /\.timeout\s*\(/.test(request.text) ? 'set' : /HttpRequest\.newBuilder/.test(request.text) ? 'none' : 'unknown';
			let response: ResponseUse;
			if (method === 'sendAsync') {
				const chain = chainTop(node);
				response = /thenApply\(\s*HttpResponse::body\s*\)/.test(chain.text) && !/statusCode/.test(chain.text) ? { statusChecked: false, bodyUsed: true, escapes: false, bodyUseSpan: spanOf(chain) } : { statusChecked: false, bodyUsed: false, escapes: true };
			} else response = responseUse(node, fnBody, dialect, /^statusCode$/, /^body$/);
			fact = base('java.net.http', false, request ? builderMethod(request.text) ?? 'GET' : undefined, timeout, response);
		} else if (method === 'execute' && object?.type === 'method_invocation' && object.childForFieldName('name')?.text === 'newCall' && clients.get(receiverName(object.childForFieldName('object')) ?? '')?.kind === 'okhttp') {
			const request = requestBuilder(kids(object.childForFieldName('arguments'))[0], fnBody, dialect);
			fact = base('okhttp', false, request ? builderMethod(request.text) ?? 'GET' : undefined, 'default', responseUse(node, fnBody, dialect, /^(code|isSuccessful|message)$/, /^body$/));
		} else if (info?.kind === 'RestTemplate' && method in REST_METHODS) {
			let httpMethod = REST_METHODS[method];
			if (method === 'exchange') httpMethod = /HttpMethod\.(\w+)/.exec(args[1]?.text ?? '')?.[1];
			const timeout = info.made ? (info.configured || /setReadTimeout|setConnectTimeout|readTimeout\(|setResponseTimeout/.test(fileText) ? 'set' : 'none') : 'unknown';
			fact = base('RestTemplate', true, httpMethod, timeout, { statusChecked: false, bodyUsed: false, escapes: true });
		} else if (method === 'retrieve' || method === 'exchangeToMono' || method === 'exchangeToFlux') {
			// `webClient.post().uri(...).retrieve()`: find the WebClient at the root of the chain.
			let root2: Node = node;
			while (root2.type === 'method_invocation' && root2.childForFieldName('object')) root2 = root2.childForFieldName('object')!;
			const client = clients.get(receiverName(root2) ?? '');
			if (client?.kind === 'WebClient') {
				top = chainTop(node);
				const first = collect(node, (n) => n.type === 'method_invocation' && receiverName(n.childForFieldName('object')) === root2.text).pop();
				const verb = first?.childForFieldName('name')?.text ?? '';
				const httpMethod = /^(get|post|put|patch|delete|head|options)$/.test(verb) ? verb.toUpperCase() : /HttpMethod\.(\w+)/.exec(first?.text ?? '')?.[1];
				const timeout = /\.timeout\s*\(/.test(top.text) ? 'set' : client.made && !client.configured ? 'none' : 'unknown';
				fact = base('WebClient', method === 'retrieve', httpMethod, timeout, { statusChecked: false, bodyUsed: false, escapes: true });
				fact.calleeSpan = spanBetween(root2, nameNode);
			}
		} else if (info?.kind === 'apache-httpclient5' && method === 'execute') {
			const handler = args.length > 1;
			fact = base('apache-httpclient5', false, builderMethod(`.${args[0]?.text ?? ''}`) ?? /new Http(Get|Post|Put|Patch|Delete)\b/.exec(requestBuilder(args[0], fnBody, dialect)?.text ?? '')?.[1].toUpperCase(), 'unknown', handler ? { statusChecked: false, bodyUsed: false, escapes: true } : responseUse(node, fnBody, dialect, /^(getCode|getReasonPhrase)$/, /^getEntity$/));
		} else if (method === 'openConnection' && node.parent && /^\(\s*Https?URLConnection\s*\)/.test(node.parent.text)) {
			const holder = node.parent.parent;
			const conn = holder?.type === 'variable_declarator' ? holder.childForFieldName('name')?.text : holder?.type === 'assignment_expression' ? holder.childForFieldName('left')?.text : undefined;
			const body = fnBody?.text ?? '';
			const timeout = conn && new RegExp(`\\b${conn}\\.setReadTimeout\\(`).test(body) ? 'set' : 'none';
			const httpMethod = conn ? /setRequestMethod\(\s*"(\w+)"/.exec(body)?.[1] ?? 'GET' : undefined;
			fact = base('HttpURLConnection', true, httpMethod, timeout, { statusChecked: false, bodyUsed: false, escapes: false });
		} else if (extra.has(object ? `${object.text}.${method}` : method)) {
			fact = base(object ? `${object.text}.${method}` : method, false, undefined, 'unknown', responseUse(node, fnBody, dialect, STATUS_METHODS, /^(body|getBody|getEntity)$/));
		}
		if (fact) calls.push({ node, fact: { id: calls.length, ...fact }, chainTop: top });
	}
	return calls;
}

// ---------------------------------------------------------------------------
// Retry libraries
// ---------------------------------------------------------------------------

function predicateCondition(lambda: Node | undefined, dialect: Dialect): RetryConstruct['retryOn'] {
	const body = lambda?.type === 'lambda_expression' ? lambda.childForFieldName('body') : undefined;
	if (!lambda || !body || body.type === 'block') return { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	const values = SAMPLE_STATUSES.map((status) => evalCondition(body, { status }, dialect));
	if (values.some((v) => v === undefined)) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	const retried = SAMPLE_STATUSES.filter((_, i) => values[i]);
	const auth = retried.includes(401) || retried.includes(403);
	const named = [...new Set(collect(body, (n) => dialect.statusValue(n) !== undefined).map((n) => dialect.statusValue(n)!))].filter((c) => retried.includes(c));
	if (auth && named.length === 0) return { kind: 'any-non-ok', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	return { kind: 'statuses', statuses: named.length > 0 ? named : retried, excludesAuthFailures: !auth, span: spanOf(lambda) };
}

/** resilience4j `RetryConfig.custom()...build()` / `RetryConfig.ofDefaults()`: 3 attempts, 500 ms constant by default. */
function resilience4j(start: Node, dialect: Dialect): RetryDraft {
	const top = chainTop(start);
	const steps = [top, ...collect(top, (n) => n.type === 'method_invocation')].filter((n) => within(n, top) && n.startIndex === top.startIndex);
	let max: number | undefined = 3;
	let delay: Delay = { kind: 'constant', ms: 500 };
	let retryOn: RetryConstruct['retryOn'] = { kind: 'any-error', statuses: [], excludesAuthFailures: true };
	for (const step of steps) {
		const args = kids(step.childForFieldName('arguments'));
		switch (step.childForFieldName('name')?.text) {
			case 'maxAttempts':
				max = dialect.numberValue(args[0]);
				break;
			case 'waitDuration':
				delay = { kind: 'constant', ms: args[0] ? dialect.durationMs(args[0], 1) : undefined, span: spanOf(step.childForFieldName('name')!) };
				break;
			case 'intervalFunction': {
				const text = args[0]?.text ?? '';
				if (/ofExponentialRandomBackoff/.test(text)) delay = { kind: 'exponential', jitter: true, span: spanOf(args[0]) };
				else if (/ofExponentialBackoff/.test(text)) delay = { kind: 'exponential', jitter: false, span: spanOf(args[0]) };
				else if (/ofRandomized/.test(text)) delay = { kind: 'unknown', span: spanOf(args[0]) };
				else delay = { kind: 'unknown' };
				break;
			}
			case 'retryOnResult':
				retryOn = predicateCondition(args[0], dialect);
				break;
			case 'retryOnException':
			case 'retryExceptions':
				retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false };
				break;
		}
	}
	return {
		kind: 'library',
		library: 'resilience4j',
		span: spanOf(top),
		headSpan: spanOf(start),
		callIds: [],
		attempts: max === Infinity ? { kind: 'unbounded' } : { kind: 'bounded', max },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: false,
		refreshesCredentials: false,
	};
}

/** Reactor `retryWhen(Retry.backoff(...))`, `retry(n)` on a WebClient chain. */
function reactorRetry(step: Node, call: JavaCall | undefined, dialect: Dialect): RetryDraft | undefined {
	const method = step.childForFieldName('name')?.text;
	const args = kids(step.childForFieldName('arguments'));
	let attempts: RetryConstruct['attempts'] = { kind: 'unbounded' };
	let delay: Delay = { kind: 'none' };
	let filtered = false;
	if (method === 'retry') {
		if (args[0]) {
			const n = dialect.numberValue(args[0]);
			attempts = n === Infinity ? { kind: 'unbounded' } : { kind: 'bounded', max: n === undefined ? undefined : n + 1 };
		}
	} else if (method === 'retryWhen') {
		const spec = args[0];
		if (!spec) return undefined;
		const text = spec.text;
		const calls = [spec, ...collect(spec, (n) => n.type === 'method_invocation')];
		const factory = calls.find((n) => n.childForFieldName('object')?.text === 'Retry');
		if (!factory) return undefined;
		const fargs = kids(factory.childForFieldName('arguments'));
		const n = fargs[0] ? dialect.numberValue(fargs[0]) : undefined;
		const bounded = (count: number | undefined): RetryConstruct['attempts'] => (count === Infinity ? { kind: 'unbounded' } : { kind: 'bounded', max: count === undefined ? undefined : count + 1 });
		switch (factory.childForFieldName('name')?.text) {
			case 'backoff':
				attempts = bounded(n);
				delay = { kind: 'exponential', jitter: !/\.jitter\(\s*0(\.0*)?d?\s*\)/.test(text), span: spanOf(factory) };
				break;
			case 'fixedDelay':
				attempts = bounded(n);
				delay = { kind: 'constant', ms: fargs[1] ? dialect.durationMs(fargs[1], 1) : undefined, span: spanOf(factory) };
				break;
			case 'max':
			case 'maxInARow':
				attempts = bounded(n);
				break;
			case 'indefinitely':
				break;
			default:
				return undefined;
		}
		if (/\.maxBackoff\(|\.timeout\(/.test(text)) void 0;
		filtered = /\.filter\(/.test(text);
	} else return undefined;
	const throwing = call?.fact.throwsOnHttpError ?? false;
	return {
		kind: 'library',
		library: 'reactor',
		span: spanOf(step),
		headSpan: spanOf(step.childForFieldName('name')!),
		callIds: call ? [call.fact.id] : [],
		attempts,
		hasDeadline: false,
		delay,
		retryOn: filtered ? { kind: 'unknown', statuses: [], excludesAuthFailures: false } : { kind: 'any-error', statuses: [], excludesAuthFailures: !throwing },
		honoursRetryAfter: false,
		refreshesCredentials: false,
	};
}

// ---------------------------------------------------------------------------
// Catches and status references
// ---------------------------------------------------------------------------

function catchClauses(root: Node, dialect: Dialect, calls: JavaCall[], inRetry: (node: Node) => boolean): CatchClause[] {
	const clauses: CatchClause[] = [];
	for (const node of collect(root, (n) => n.type === 'try_statement' || n.type === 'try_with_resources_statement')) {
		const stmt = dialect.statement(node);
		if (stmt.kind !== 'try') continue;
		const regions = [node.childForFieldName('body'), node.childForFieldName('resources')].filter((r): r is Node => !!r);
		const guarded = calls.filter((call) =>
			regions.some((region) => {
				if (!within(call.node, region)) return false;
				for (let current = call.node.parent; current && current.id !== region.id; current = current.parent) {
					if (FUNCTION_TYPES.has(current.type)) return false;
					if (current.type === 'block' && (current.parent?.type === 'try_statement' || current.parent?.type === 'try_with_resources_statement') && current.parent.id !== node.id) return false;
				}
				return true;
			}),
		);
		if (guarded.length === 0) continue;
		for (const part of stmt.catches) {
			const handling = inRetry(part.node) ? 'handled' : handlingOf(part.body, part.name, dialect);
			clauses.push({ span: spanOf(part.node), headSpan: part.head, guardedCallIds: guarded.map((c) => c.fact.id), handling });
		}
	}
	return clauses;
}

function statusRefs(root: Node, dialect: Dialect): StatusCodeRef[] {
	const refs: StatusCodeRef[] = [];
	const seen = new Set<number>();
	const add = (node: Node, form: 'literal' | 'constant') => {
		if (seen.has(node.startIndex)) return;
		const code = dialect.statusValue(node);
		if (code === undefined) return;
		seen.add(node.startIndex);
		refs.push({ span: spanOf(node), code, form });
	};
	for (const node of collect(root, (n) => n.type === 'field_access' || n.type === 'decimal_integer_literal')) {
		if (node.type === 'field_access') {
			if (STATUS_HOLDERS.test(node.childForFieldName('object')?.text ?? '')) add(node, 'constant');
			continue;
		}
		let context = node.parent;
		while (context?.type === 'parenthesized_expression') context = context.parent;
		if (!context) continue;
		const cmp = dialect.comparison(context);
		if (cmp && (dialect.isStatusExpr(cmp.left) || dialect.isStatusExpr(cmp.right))) {
			add(node, 'literal');
			continue;
		}
		if (context.type === 'switch_label') {
			const sw = context.parent?.parent?.parent;
			const value = sw?.childForFieldName('condition');
			if (value && dialect.isStatusExpr(value)) add(node, 'literal');
			continue;
		}
		if (context.type === 'argument_list') {
			const call = context.parent;
			const method = call?.childForFieldName('name')?.text ?? '';
			const object = call?.childForFieldName('object')?.text ?? '';
			if (/^(sendError|setStatus)$/.test(method) || (/^(status|valueOf|resolve)$/.test(method) && /^(ResponseEntity|HttpStatus|HttpStatusCode)$/.test(object))) add(node, 'literal');
		}
	}
	return refs;
}

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

export function extractJavaFacts(tree: Tree, language: LanguageId, options: AdapterOptions): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	const importNodes = collect(root, (n) => n.type === 'import_declaration');
	for (const imp of importNodes) {
		const name = kids(imp).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
		if (name) facts.imports.push({ module: name.text, span: spanOf(imp) });
	}
	const importText = importNodes.map((n) => n.text).join('\n');
	const statusNames = new Set<string>();
	const dialect = makeDialect(statusNames);
	for (const a of dialect.assignments(root)) if (/^\w+$/.test(a.name) && dialect.isStatusExpr(a.value)) statusNames.add(a.name);
	const clients = readClients(root, importText);
	const calls = safely(() => recogniseCalls(root, dialect, clients, options)) ?? [];
	facts.httpCalls = calls.map((c) => c.fact);

	const drafts: RetryDraft[] = [];
	const loopCalls: LoopCall[] = calls.map((c) => ({ node: c.node, id: c.fact.id, throwsOnHttpError: c.fact.throwsOnHttpError }));
	const isEnsureCall = (call: Node) => call.childForFieldName('name')?.text === 'getInputStream' && calls.some((c) => c.fact.client === 'HttpURLConnection');
	for (const loop of collect(root, (n) => LOOP_TYPES.has(n.type))) {
		const draft = safely(() =>
			loopRetry(loop, dialect, loopCalls, {
				callThrows: (call, scenario) => scenario.status === undefined || (call.throwsOnHttpError && scenario.status >= 400),
				isEnsureCall,
				scope: (node) => {
					const fn = enclosingFunction(node, dialect);
					return (fn && dialect.functionBody(fn)) || root;
				},
			}),
		);
		if (draft) drafts.push(draft);
	}
	for (const node of collect(root, (n) => n.type === 'method_invocation')) {
		const method = node.childForFieldName('name')?.text;
		const object = node.childForFieldName('object')?.text;
		if (object === 'RetryConfig' && (method === 'custom' || method === 'ofDefaults')) {
			const draft = safely(() => resilience4j(node, dialect));
			if (draft) drafts.push(draft);
		} else if (method === 'retryWhen' || method === 'retry') {
			const call = calls.find((c) => c.chainTop && within(node, c.chainTop) && node.startIndex === c.chainTop.startIndex && c.node.endIndex <= node.endIndex);
			if (!call && method === 'retry') continue;
			const draft = safely(() => reactorRetry(node, call, dialect));
			if (draft) drafts.push(draft);
		}
	}
	drafts.sort((a, b) => a.span.startIndex - b.span.startIndex);
	facts.retries = drafts.map((draft, id): RetryConstruct => ({ id, ...draft }));
	assignRetryIds(facts);
	for (const call of calls) call.fact.idempotencyKey = safely(() => idempotencyKeyOf(call.node, facts.retries[call.fact.retryId ?? -1], dialect)) ?? 'unknown';

	const loopSpans = facts.retries.filter((r) => r.kind === 'loop').map((r) => r.span);
	facts.catches = safely(() => catchClauses(root, dialect, calls, (node) => loopSpans.some((span) => node.startIndex >= span.startIndex && node.endIndex <= span.endIndex))) ?? [];
	facts.authRefreshes = safely(() => authRefreshHandlers(root, { dialect, calls: calls.map((c) => c.node), clientNames: new Set(clients.keys()) })) ?? [];
	facts.statusCodeRefs = safely(() => statusRefs(root, dialect)) ?? [];
	return facts;
}

const MIGHT_MATTER = /java\.net\.http|HttpURLConnection|okhttp3|RestTemplate|WebClient|org\.apache\.hc|resilience4j|HttpStatus|statusCode\(\)|getStatusCode|getResponseCode/;

export const javaAdapter = engineAdapter({
	language: 'java',
	grammar: 'tree-sitter-java',
	lineComment: '//',
	mightMatter: MIGHT_MATTER,
	extract: extractJavaFacts,
});
