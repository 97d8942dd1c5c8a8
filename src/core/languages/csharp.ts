// The C# adapter: .NET `HttpClient` (`GetAsync/PostAsync/SendAsync/...`, the throwing
// `GetStringAsync/GetFromJsonAsync`), `EnsureSuccessStatusCode`/`IsSuccessStatusCode`/`StatusCode`
// checks, retry loops with `Task.Delay`, Polly v8 `RetryStrategyOptions`/`HttpRetryStrategyOptions`,
// Polly v7 `WaitAndRetryAsync`-style policies, Microsoft.Extensions.Http.Resilience's standard
// handler, catch clauses, and status references (`HttpStatusCode.Unauthorized`,
// `StatusCodes.Status401Unauthorized`, `(int)response.StatusCode == 429`).
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
import { enclosingFunction, loopRetry, SAMPLE_STATUSES, type LoopCall, type RetryDraft, RETRY_AFTER, assignRetryIds } from './common/retries';
import { collect, kids, lazySeq, literalNumber, memoByNode, operatorOf, safely, within } from './common/tree';

const FUNCTION_TYPES = new Set(['method_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'constructor_declaration', 'accessor_declaration']);
const CALL_TYPES = new Set(['invocation_expression']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'do_statement', 'foreach_statement']);

const STATUS_HOLDERS = /^(System\.Net\.)?HttpStatusCode$|^(Microsoft\.AspNetCore\.Http\.)?StatusCodes$/;

function lastName(node: Node | null | undefined): string | undefined {
	if (!node) return undefined;
	if (node.type === 'identifier') return node.text;
	if (node.type === 'generic_name') return kids(node)[0]?.text;
	if (node.type === 'member_access_expression') return lastName(node.childForFieldName('name'));
	if (node.type === 'qualified_name') return lastName(node.childForFieldName('name'));
	return undefined;
}

/** The text of a type, without generic arguments and nullability: `HttpClient`, `RetryStrategyOptions`. */
function typeName(node: Node | null | undefined): string | undefined {
	if (!node) return undefined;
	if (node.type === 'nullable_type') return typeName(kids(node)[0]);
	if (node.type === 'generic_name') return kids(node)[0]?.text;
	if (node.type === 'qualified_name') return typeName(node.childForFieldName('name'));
	return node.text;
}

function makeDialect(statusNames: Set<string>): Dialect {
	const unwrap = (node: Node): Node => {
		let current = node;
		for (;;) {
			if (current.type === 'parenthesized_expression' && kids(current)[0]) current = kids(current)[0];
			else if (current.type === 'cast_expression' && /^(int|long|short)$/.test(current.childForFieldName('type')?.text ?? '') && current.childForFieldName('value')) current = current.childForFieldName('value')!;
			else return current;
		}
	};
	const block = (node: Node | null | undefined): Node[] => {
		if (!node) return [];
		if (node.type === 'block') return kids(node);
		return [node];
	};
	const durationMs = (node: Node, unitMs: number): number | undefined => {
		const n = unwrap(node);
		if (n.type === 'integer_literal' || n.type === 'real_literal') {
			const v = literalNumber(n.text);
			return v === undefined ? undefined : v * unitMs;
		}
		if (n.type === 'invocation_expression') {
			const fn = n.childForFieldName('function');
			const m = /^TimeSpan\.From(Milliseconds|Seconds|Minutes)$/.exec(fn?.text ?? '');
			const arg = kids(kids(n.childForFieldName('arguments'))[0])[0];
			if (m && arg) {
				const v = durationMs(arg, 1);
				return v === undefined ? undefined : v * ({ Milliseconds: 1, Seconds: 1000, Minutes: 60000 } as Record<string, number>)[m[1]];
			}
			return undefined;
		}
		if (n.type === 'object_creation_expression' && typeName(n.childForFieldName('type')) === 'TimeSpan') {
			const args = kids(n.childForFieldName('arguments')).map((a) => kids(a)[0]);
			if (args.length === 3) {
				const [h, m, s] = args.map((a) => (a ? durationMs(a, 1) : undefined));
				if (h !== undefined && m !== undefined && s !== undefined) return (h * 3600 + m * 60 + s) * 1000;
			}
			return undefined;
		}
		if (n.type === 'binary_expression') {
			const l = durationMs(n.childForFieldName('left')!, unitMs);
			const r = durationMs(n.childForFieldName('right')!, 1);
			if (l === undefined || r === undefined) return undefined;
			switch (operatorOf(n)) {
				case '*':
					return l * r;
				case '+':
					return l + r * unitMs;
			}
		}
		return undefined;
	};
	const statusValue = (node: Node): number | undefined => {
		const n = unwrap(node);
		if (n.type === 'integer_literal') {
			const v = literalNumber(n.text);
			return v !== undefined && v >= 100 && v <= 599 ? v : undefined;
		}
		if (n.type === 'cast_expression' && typeName(n.childForFieldName('type')) === 'HttpStatusCode') return statusValue(n.childForFieldName('value')!);
		if (n.type === 'member_access_expression' && STATUS_HOLDERS.test(n.childForFieldName('expression')?.text ?? '')) return statusCodeForConstant(n.childForFieldName('name')?.text ?? '');
		if (n.type === 'constant_pattern') return kids(n)[0] ? statusValue(kids(n)[0]) : undefined;
		return undefined;
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
				case 'switch_statement': {
					const cases: Array<{ labels: Node[] | 'default'; body: Node[] }> = [];
					let pending: Node[] = [];
					let pendingDefault = false;
					for (const section of kids(node.childForFieldName('body'))) {
						if (section.type !== 'switch_section') continue;
						const labels = kids(section).filter((c) => /pattern|switch_label|_literal$|member_access/.test(c.type) && !/_statement$/.test(c.type));
						const body = kids(section).filter((c) => /_statement$|^block$/.test(c.type));
						const isDefault = section.children.some((c) => c?.type === 'default');
						pending.push(...labels);
						pendingDefault ||= isDefault;
						if (body.length === 0) continue;
						cases.push({ labels: pendingDefault ? 'default' : pending, body });
						if (pendingDefault && pending.length > 0) cases.push({ labels: pending, body });
						pending = [];
						pendingDefault = false;
					}
					return { kind: 'switch', value: node.childForFieldName('value') ?? undefined, cases };
				}
				case 'try_statement': {
					const catches: CatchPart[] = kids(node)
						.filter((c) => c.type === 'catch_clause')
						.map((clause) => {
							const decl = kids(clause).find((c) => c.type === 'catch_declaration');
							const filter = kids(clause).find((c) => c.type === 'catch_filter_clause');
							const body = clause.childForFieldName('body');
							const type = typeName(decl?.childForFieldName('type'));
							const headEnd = filter ?? decl ?? clause.children[0]!;
							return { node: clause, types: type ? [type] : [], name: decl?.childForFieldName('name')?.text, filter: filter ? kids(filter)[0] : undefined, body: block(body), bodyNode: body ?? undefined, head: spanBetween(clause, headEnd) };
						});
					return { kind: 'try', body: block(node.childForFieldName('body')), catches };
				}
				case 'return_statement':
					return { kind: 'return', node };
				case 'throw_statement':
					return { kind: 'throw' };
				case 'break_statement':
					return { kind: 'break', labelled: false };
				case 'continue_statement':
					return { kind: 'continue', labelled: false };
				case 'goto_statement':
					return { kind: 'other' };
				default:
					if (LOOP_TYPES.has(node.type)) return { kind: 'loop' };
					return { kind: 'other' };
			}
		},
		logic(node) {
			if (node.type === 'prefix_unary_expression' && operatorOf(node) === '!') return { op: '!', args: [kids(node)[0]] };
			if (node.type === 'binary_expression') {
				const op = operatorOf(node);
				if (op === '&&' || op === '||') return { op, args: [node.childForFieldName('left')!, node.childForFieldName('right')!] };
			}
			if (node.type === 'is_pattern_expression') return undefined;
			return undefined;
		},
		comparison(node) {
			if (node.type !== 'binary_expression') return undefined;
			const op = operatorOf(node) ?? '';
			if (!['==', '!=', '<', '<=', '>', '>='].includes(op)) return undefined;
			return { op, left: node.childForFieldName('left')!, right: node.childForFieldName('right')! };
		},
		isStatusExpr(node) {
			const n = unwrap(node);
			if (n.type === 'member_access_expression') return n.childForFieldName('name')?.text === 'StatusCode';
			if (n.type === 'conditional_access_expression') return /\.StatusCode$/.test(n.text);
			if (n.type === 'identifier') return statusNames.has(n.text);
			return false;
		},
		statusValue,
		statusPredicate(node) {
			const n = unwrap(node);
			if (n.type === 'member_access_expression' && n.childForFieldName('name')?.text === 'IsSuccessStatusCode') return (status) => status >= 200 && status < 300;
			return undefined;
		},
		numberValue(node) {
			const n = unwrap(node);
			if (n.type === 'integer_literal' || n.type === 'real_literal') return literalNumber(n.text);
			if (/^(int|long)\.MaxValue$/.test(n.text)) return Infinity;
			return undefined;
		},
		loop(node): LoopInfo | undefined {
			const body = node.childForFieldName('body');
			if (!body) return undefined;
			if (node.type === 'foreach_statement') return { body, kind: 'data', headEnd: body };
			const condition = node.childForFieldName('condition') ?? undefined;
			const closing = node.children.filter((c) => c && c.type === ')' && c.endIndex <= body.startIndex).pop();
			const headEnd = closing ?? condition ?? node.children[0]!;
			if (node.type === 'do_statement') return { body, kind: /^true$/.test(condition?.text ?? '') ? 'infinite' : 'do', condition, headEnd: node.children[0]! };
			if (node.type === 'while_statement') return { body, kind: condition?.text === 'true' ? 'infinite' : 'while', condition, headEnd };
			if (node.type === 'for_statement') return { body, kind: condition ? 'for' : 'infinite', condition, initializer: node.childForFieldName('initializer') ?? undefined, headEnd };
			return undefined;
		},
		wait(call): WaitInfo | undefined {
			const fn = call.childForFieldName('function');
			const text = fn?.text ?? '';
			const arg = kids(kids(call.childForFieldName('arguments'))[0])[0];
			if (/^(System\.Threading\.)?Thread\.Sleep$/.test(text)) return { duration: arg, awaited: true, unitMs: 1 };
			if (/^(System\.Threading\.Tasks\.)?Task\.Delay$/.test(text)) {
				let top = call;
				for (;;) {
					const parent = top.parent;
					if (parent?.type === 'parenthesized_expression') top = parent;
					else if (parent?.type === 'member_access_expression' && /^(ConfigureAwait|Wait|GetAwaiter|GetResult)$/.test(parent.childForFieldName('name')?.text ?? '') && parent.parent?.type === 'invocation_expression') {
						if (/^(Wait|GetResult)$/.test(parent.childForFieldName('name')?.text ?? '')) return { duration: arg, awaited: true, unitMs: 1 };
						top = parent.parent;
					} else break;
				}
				const awaited = top.parent?.type === 'await_expression' || top.parent?.type === 'return_statement' || top.parent?.type === 'arrow_expression_clause';
				return { duration: arg, awaited, unitMs: 1 };
			}
			return undefined;
		},
		durationMs,
		calleeName(call) {
			return lastName(call.childForFieldName('function'));
		},
		callee(call) {
			return call.childForFieldName('function') ?? undefined;
		},
		callArguments(call) {
			return kids(call.childForFieldName('arguments')).map((a) => (a.type === 'argument' ? kids(a)[kids(a).length - 1] ?? a : a));
		},
		functionName(fn) {
			return fn.childForFieldName('name')?.text;
		},
		parameterNames(fn) {
			return collect(fn.childForFieldName('parameters') ?? fn, (n) => n.type === 'parameter').map((p) => p.childForFieldName('name')?.text ?? '');
		},
		functionBody(fn) {
			return fn.childForFieldName('body') ?? undefined;
		},
		assignments(scopeNode) {
			const out: Array<{ name: string; value: Node; node: Node; compound?: string }> = [];
			const nodes = [scopeNode, ...collect(scopeNode, (n) => n.type === 'variable_declarator' || n.type === 'assignment_expression')].filter((n) => n.type === 'variable_declarator' || n.type === 'assignment_expression');
			for (const node of nodes) {
				if (node.type === 'variable_declarator') {
					const name = node.childForFieldName('name');
					const value = kids(node).filter((c) => c.id !== name?.id && c.type !== 'bracketed_argument_list').pop();
					if (name && value) out.push({ name: name.text, value, node });
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
			for (const node of collect(scopeNode, (n) => n.type === 'postfix_unary_expression' || n.type === 'prefix_unary_expression' || n.type === 'assignment_expression')) {
				const op = operatorOf(node) ?? '';
				if (node.type === 'assignment_expression') {
					const left = node.childForFieldName('left')?.text ?? '';
					if (op === '+=' || op === '-=' || (op === '=' && new RegExp(`\\b${left.replace(/[.]/g, '\\.')}\\b`).test(node.childForFieldName('right')?.text ?? ''))) names.add(left);
				} else if (op === '++' || op === '--') names.add(kids(node)[0]?.text ?? '');
			}
			return names;
		},
		isLogCall(call) {
			return /log|Log|Console\.|Trace\.|Debug\./.test(call.childForFieldName('function')?.text ?? '');
		},
		isPlainValue(node) {
			if (!node) return true;
			const n = unwrap(node);
			if (['null_literal', 'boolean_literal', 'integer_literal', 'real_literal', 'character_literal', 'default_expression'].includes(n.type)) return true;
			if (n.type === 'string_literal' || n.type === 'verbatim_string_literal' || n.type === 'raw_string_literal') return true;
			if (/^(string\.Empty|String\.Empty|Array\.Empty<.*>\(\)|Enumerable\.Empty<.*>\(\)|default)$/.test(n.text)) return true;
			if (n.type === 'object_creation_expression' || n.type === 'implicit_object_creation_expression') return kids(n.childForFieldName('arguments')).length === 0 && !n.childForFieldName('initializer');
			if (n.type === 'collection_expression') return kids(n).length === 0;
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
// Calls
// ---------------------------------------------------------------------------

const METHODS: Record<string, string | undefined> = {
	GetAsync: 'GET', PostAsync: 'POST', PutAsync: 'PUT', PatchAsync: 'PATCH', DeleteAsync: 'DELETE', SendAsync: undefined, Send: undefined,
	GetStringAsync: 'GET', GetByteArrayAsync: 'GET', GetStreamAsync: 'GET', GetFromJsonAsync: 'GET', GetFromJsonAsAsyncEnumerable: 'GET',
	PostAsJsonAsync: 'POST', PutAsJsonAsync: 'PUT', PatchAsJsonAsync: 'PATCH', DeleteFromJsonAsync: 'DELETE',
};
const THROWING = /^(GetStringAsync|GetByteArrayAsync|GetStreamAsync|GetFromJsonAsync|GetFromJsonAsAsyncEnumerable|DeleteFromJsonAsync)$/;

interface CsCall {
	node: Node;
	fact: HttpCall;
}

interface ClientInfo {
	timeout: HttpCall['timeout'];
}

/** Names typed or made as `HttpClient`: fields, properties, parameters, locals, `new HttpClient()`, `factory.CreateClient()`. */
function readClients(root: Node, dialect: Dialect): Map<string, ClientInfo> {
	const clients = new Map<string, ClientInfo>();
	for (const decl of collect(root, (n) => n.type === 'variable_declaration' || n.type === 'parameter' || n.type === 'property_declaration')) {
		const type = typeName(decl.childForFieldName('type'));
		if (decl.type === 'variable_declaration') {
			for (const declarator of kids(decl).filter((c) => c.type === 'variable_declarator')) {
				const name = declarator.childForFieldName('name')?.text;
				const value = kids(declarator).filter((c) => c.type !== 'identifier' || c.id !== declarator.childForFieldName('name')?.id).pop();
				const made = value && /^new HttpClient\b|\.CreateClient\(|^new\(\)/.test(value.text.replace(/^await\s+/, ''));
				if (name && (type === 'HttpClient' || (made && (type === 'HttpClient' || /HttpClient\b|CreateClient/.test(value!.text))))) {
					clients.set(name, { timeout: /InfiniteTimeSpan/.test(value?.text ?? '') ? 'none' : 'default' });
				}
			}
		} else if (type === 'HttpClient') {
			const name = decl.childForFieldName('name')?.text;
			if (name) clients.set(name, { timeout: 'default' });
		}
	}
	for (const a of dialect.assignments(root)) {
		const m = /^(?:this\.)?(\w+)\.Timeout$/.exec(a.name);
		const client = m ? clients.get(m[1]) : undefined;
		if (client) client.timeout = /InfiniteTimeSpan/.test(a.value.text) ? 'none' : 'set';
		if (/^new HttpClient\b/.test(a.value.text)) clients.set(a.name.replace(/^this\./, ''), { timeout: /InfiniteTimeSpan/.test(a.value.text) ? 'none' : 'default' });
	}
	return clients;
}

/** The outermost expression that is the same value as the call: through `await`, parentheses, `ConfigureAwait`. */
function valueTop(call: Node): Node {
	let top = call;
	for (;;) {
		const parent = top.parent;
		if (!parent) return top;
		if (parent.type === 'await_expression' || parent.type === 'parenthesized_expression') top = parent;
		else if (parent.type === 'member_access_expression' && parent.childForFieldName('expression')?.id === top.id && /^(ConfigureAwait|Result|GetAwaiter|GetResult)$/.test(parent.childForFieldName('name')?.text ?? '')) {
			top = parent.parent?.type === 'invocation_expression' ? parent.parent : parent;
		} else return top;
	}
}

function classifyMember(member: Node, use: ResponseUse): void {
	const name = member.childForFieldName('name')?.text;
	if (name === 'StatusCode' || name === 'IsSuccessStatusCode' || name === 'EnsureSuccessStatusCode' || name === 'ReasonPhrase') use.statusChecked = true;
	else if (name === 'Content' && !use.bodyUsed) {
		use.bodyUsed = true;
		use.bodyUseSpan = spanOf(member);
	}
}

function responseUse(call: Node, fnBody: Node | undefined): ResponseUse {
	const use: ResponseUse = { statusChecked: false, bodyUsed: false, escapes: false };
	const top = valueTop(call);
	const parent = top.parent;
	if (!parent) return use;
	if (parent.type === 'member_access_expression' && parent.childForFieldName('expression')?.id === top.id) {
		classifyMember(parent, use);
		return use;
	}
	if (parent.type === 'return_statement' || parent.type === 'arrow_expression_clause' || parent.type === 'argument' || parent.type === 'yield_statement') {
		use.escapes = true;
		return use;
	}
	let name: string | undefined;
	if (parent.type === 'variable_declarator') name = parent.childForFieldName('name')?.text;
	else if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.id === top.id) {
		const left = parent.childForFieldName('left');
		if (left?.type === 'identifier') name = left.text;
		else use.escapes = true;
	}
	if (!name || !fnBody) return use;
	use.variable = name;
	for (const ident of collect(fnBody, (n) => n.type === 'identifier' && n.text === name && n.startIndex > call.endIndex)) {
		const p = ident.parent;
		if (!p) continue;
		if (p.type === 'member_access_expression' && p.childForFieldName('expression')?.id === ident.id) {
			classifyMember(p, use);
			continue;
		}
		if (p.type === 'conditional_access_expression') {
			const binding = kids(p).find((c) => c.type === 'member_binding_expression');
			if (binding) classifyMember(binding, use);
			continue;
		}
		if (p.type === 'argument') {
			use.escapes = true;
			use.statusChecked = true;
			continue;
		}
		if (p.type === 'return_statement' || p.type === 'arrow_expression_clause' || p.type === 'yield_statement' || p.type === 'initializer_expression' || (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === ident.id)) use.escapes = true;
	}
	return use;
}

function requestMethod(request: Node | undefined, fnBody: Node | undefined, dialect: Dialect): string | undefined {
	if (!request) return undefined;
	const find = (text: string) => /HttpMethod\.(Get|Post|Put|Patch|Delete|Head|Options)\b/.exec(text)?.[1].toUpperCase() ?? /new HttpMethod\("(\w+)"\)/.exec(text)?.[1].toUpperCase();
	if (request.type === 'object_creation_expression') return find(request.text);
	if (request.type !== 'identifier' || !fnBody) return undefined;
	const made = dialect.assignments(fnBody).filter((a) => a.name === request.text || a.name === `${request.text}.Method`);
	for (const a of made.reverse()) {
		const m = find(a.value.text);
		if (m) return m;
	}
	return undefined;
}

/** The call gets `cts.Token` from a source that cancels after a time: `new CancellationTokenSource(delay)` or `cts.CancelAfter(...)`. */
function passesTimedToken(call: Node, fnBody: Node, dialect: Dialect): boolean {
	const sources = dialect.callArguments(call).map((arg) => /^(\w+)\.Token$/.exec(arg.text)?.[1]).filter((name): name is string => name !== undefined);
	if (sources.length === 0) return false;
	const timed = (name: string) =>
		dialect.assignments(fnBody).some((a) => a.name === name && /^new CancellationTokenSource\(\s*[^\s)]/.test(a.value.text)) ||
		collect(fnBody, (n) => n.type === 'invocation_expression' && n.childForFieldName('function')?.text === `${name}.CancelAfter`).length > 0;
	return sources.some(timed);
}

function recogniseCalls(root: Node, dialect: Dialect, clients: Map<string, ClientInfo>, options: AdapterOptions): CsCall[] {
	const calls: CsCall[] = [];
	const extra = new Set(options.extraHttpFunctions);
	for (const node of collect(root, (n) => n.type === 'invocation_expression')) {
		const fn = node.childForFieldName('function');
		if (!fn) continue;
		let client: string | undefined;
		let method: string | undefined;
		let timeout: HttpCall['timeout'] = 'unknown';
		let throws = false;
		if (fn.type === 'member_access_expression') {
			const name = lastName(fn) ?? '';
			const receiver = fn.childForFieldName('expression');
			const receiverName = receiver?.type === 'identifier' ? receiver.text : receiver?.type === 'member_access_expression' && receiver.childForFieldName('expression')?.text === 'this' ? lastName(receiver) : undefined;
			const info = receiverName ? clients.get(receiverName) : undefined;
			if (info && name in METHODS) {
				client = 'HttpClient';
				method = METHODS[name];
				timeout = info.timeout;
				throws = THROWING.test(name);
				if (name === 'SendAsync' || name === 'Send') {
					const fnNode = enclosingFunction(node, dialect);
					method = requestMethod(dialect.callArguments(node)[0], fnNode ? dialect.functionBody(fnNode) : undefined, dialect);
				}
			}
		}
		if (!client && extra.has(fn.text)) client = fn.text;
		if (!client) continue;
		const fnNode = enclosingFunction(node, dialect);
		const fnBody = fnNode ? dialect.functionBody(fnNode) : root;
		if (timeout === 'none' && fnBody && passesTimedToken(node, fnBody, dialect)) timeout = 'set';
		calls.push({
			node,
			fact: {
				id: calls.length,
				span: spanOf(node),
				calleeSpan: spanOf(fn),
				client,
				throwsOnHttpError: throws,
				method,
				timeout,
				response: throws ? { statusChecked: false, bodyUsed: false, escapes: false } : responseUse(node, fnBody),
				idempotencyKey: 'none',
			},
		});
	}
	return calls;
}

// ---------------------------------------------------------------------------
// Retry libraries
// ---------------------------------------------------------------------------

const TRANSIENT = [408, 429, 500, 502, 503, 504];

/** The statuses a result predicate (`r => !r.IsSuccessStatusCode`) retries. */
function predicateCondition(lambda: Node | undefined, dialect: Dialect): RetryConstruct['retryOn'] | undefined {
	if (!lambda || lambda.type !== 'lambda_expression') return undefined;
	const body = lambda.childForFieldName('body');
	if (!body || body.type === 'block') return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	const retried = SAMPLE_STATUSES.filter((status) => evalCondition(body, { status }, dialect) === true);
	const unknown = SAMPLE_STATUSES.some((status) => evalCondition(body, { status }, dialect) === undefined);
	if (unknown) return { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	const auth = retried.includes(401) || retried.includes(403);
	const named = collect(body, (n) => dialect.statusValue(n) !== undefined).map((n) => dialect.statusValue(n)!).filter((c) => retried.includes(c));
	if (auth && named.length === 0) return { kind: 'any-non-ok', statuses: [], excludesAuthFailures: false, span: spanOf(lambda) };
	return { kind: 'statuses', statuses: named.length > 0 ? [...new Set(named)] : retried, excludesAuthFailures: !auth, span: spanOf(lambda) };
}

/** Polly v8 `new RetryStrategyOptions {...}` / `new HttpRetryStrategyOptions {...}`, and the standard resilience handler. */
function pollyOptions(creation: Node, dialect: Dialect, http: boolean, settings: Map<string, Node>, head: Node): RetryDraft {
	let retries = 3;
	let backoff = http ? 'Exponential' : 'Constant';
	let jitter = http;
	let delayMs: number | undefined = 2000;
	let delaySpan: Node | undefined;
	let retryOn: RetryConstruct['retryOn'] = http
		? { kind: 'statuses', statuses: TRANSIENT, excludesAuthFailures: true }
		: { kind: 'any-error', statuses: [], excludesAuthFailures: true };
	let honours = http;
	let generator = false;
	let unbounded = false;
	for (const [key, value] of settings) {
		switch (key) {
			case 'MaxRetryAttempts': {
				const n = dialect.numberValue(value);
				if (n === Infinity) unbounded = true;
				else retries = n ?? NaN;
				break;
			}
			case 'BackoffType':
				backoff = /Exponential/.test(value.text) ? 'Exponential' : /Linear/.test(value.text) ? 'Linear' : /Constant/.test(value.text) ? 'Constant' : 'unknown';
				delaySpan = value;
				break;
			case 'UseJitter':
				jitter = value.text === 'true';
				break;
			case 'Delay':
				delayMs = dialect.durationMs(value, 1);
				break;
			case 'DelayGenerator':
				generator = true;
				honours = honours || RETRY_AFTER.test(value.text);
				break;
			case 'ShouldRetryAfterHeader':
				honours = value.text === 'true';
				break;
			case 'ShouldHandle': {
				const text = value.text;
				const result = /HandleResult\s*\(/.exec(text);
				if (result) {
					const call = [value, ...collect(value, () => true)].find((n) => n.type === 'invocation_expression' && lastName(n.childForFieldName('function')) === 'HandleResult');
					const lambda = call ? dialect.callArguments(call)[0] : undefined;
					retryOn = predicateCondition(lambda, dialect) ?? { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(value) };
				} else if (/^new PredicateBuilder(<[^>]*>)?\(\)\s*\.Handle</.test(text.replace(/\s+/g, ' ')) && !/\.Or|\.HandleResult/.test(text)) {
					retryOn = { kind: 'any-error', statuses: [], excludesAuthFailures: true, span: spanOf(value) };
				} else if (/IsTransient|HttpClientResiliencePredicates/.test(text)) {
					retryOn = { kind: 'statuses', statuses: TRANSIENT, excludesAuthFailures: true, span: spanOf(value) };
				} else {
					retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(value) };
				}
				break;
			}
		}
	}
	let delay: Delay;
	if (generator) delay = { kind: 'unknown' };
	else if (delayMs === 0) delay = { kind: 'none' };
	else if (backoff === 'Constant') delay = jitter ? { kind: 'unknown' } : { kind: 'constant', ms: delayMs, span: delaySpan ? spanOf(delaySpan) : undefined };
	else if (backoff === 'Exponential') delay = { kind: 'exponential', baseMs: delayMs, jitter, span: delaySpan ? spanOf(delaySpan) : undefined };
	else delay = { kind: 'unknown' };
	return {
		kind: 'library',
		library: 'Polly',
		span: spanOf(creation),
		headSpan: spanOf(head),
		callIds: [],
		attempts: unbounded ? { kind: 'unbounded' } : Number.isNaN(retries) ? { kind: 'bounded' } : { kind: 'bounded', max: retries + 1 },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: honours,
		refreshesCredentials: false,
	};
}

/** Polly v7: `Policy.Handle<...>().OrResult(...).WaitAndRetryAsync(3, i => ...)`, `RetryForeverAsync()`. */
function pollyV7(call: Node, dialect: Dialect): RetryDraft | undefined {
	const name = lastName(call.childForFieldName('function')) ?? '';
	const m = /^(WaitAndRetry|Retry|RetryForever|WaitAndRetryForever)(Async)?$/.exec(name);
	if (!m) return undefined;
	const chain = call.childForFieldName('function')?.childForFieldName('expression');
	if (!chain || !/^(Policy|HttpPolicyExtensions)\b/.test(chain.text)) return undefined;
	const args = dialect.callArguments(call);
	const forever = /Forever/.test(m[1]);
	const waits = /^WaitAndRetry/.test(m[1]);
	const count = forever ? undefined : args[0] ? dialect.numberValue(args[0]) : 1;
	let delay: Delay = { kind: 'none' };
	if (waits) {
		const provider = forever ? args[0] : args[1];
		if (!provider) delay = { kind: 'unknown' };
		else {
			const text = provider.text;
			if (/DecorrelatedJitter/.test(text)) delay = { kind: 'exponential', jitter: true, span: spanOf(provider) };
			else if (/Backoff\.ExponentialBackoff/.test(text)) delay = { kind: 'exponential', jitter: false, span: spanOf(provider) };
			else if (provider.type === 'lambda_expression') {
				const body = provider.childForFieldName('body');
				const ms = body && body.type !== 'block' ? dialect.durationMs(body, 1) : undefined;
				if (ms !== undefined) delay = { kind: 'constant', ms, span: spanOf(provider) };
				else if (/Pow|<<|Exponential/.test(text)) delay = { kind: 'exponential', jitter: /Random|Jitter|NextDouble|Next\(/.test(text), span: spanOf(provider) };
				else delay = { kind: 'unknown', span: spanOf(provider) };
			} else delay = { kind: 'unknown', span: spanOf(provider) };
		}
	}
	let retryOn: RetryConstruct['retryOn'] = { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	const chainText = chain.text;
	const orResults = [chain, ...collect(chain, () => true)].filter((n) => n.type === 'invocation_expression' && /^(OrResult|HandleResult)$/.test(lastName(n.childForFieldName('function')) ?? ''));
	const conditions = orResults.map((n) => predicateCondition(dialect.callArguments(n)[0], dialect));
	const transient = /HandleTransientHttpError/.test(chainText);
	if (conditions.some((c) => !c || c.kind === 'unknown')) retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	else {
		const statuses = [...new Set([...(transient ? [408, 500, 502, 503, 504] : []), ...conditions.flatMap((c) => c!.statuses)])];
		const anyNonOk = conditions.some((c) => c!.kind === 'any-non-ok');
		if (anyNonOk) retryOn = { kind: 'any-non-ok', statuses, excludesAuthFailures: false, span: spanOf(chain) };
		else if (statuses.length > 0) retryOn = { kind: 'statuses', statuses, excludesAuthFailures: !statuses.includes(401) && !statuses.includes(403), span: spanOf(chain) };
		else retryOn = { kind: 'any-error', statuses: [], excludesAuthFailures: true, span: spanOf(chain) };
	}
	return {
		kind: 'library',
		library: 'Polly',
		span: spanOf(call),
		headSpan: spanOf(call.childForFieldName('function')!.childForFieldName('name')!),
		callIds: [],
		attempts: forever ? { kind: 'unbounded' } : { kind: 'bounded', max: count === undefined ? undefined : count + 1 },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(call.text),
		refreshesCredentials: false,
	};
}

function initializerSettings(creation: Node): Map<string, Node> {
	const settings = new Map<string, Node>();
	const init = creation.childForFieldName('initializer');
	for (const a of kids(init).filter((c) => c.type === 'assignment_expression')) {
		const left = a.childForFieldName('left')?.text;
		const right = a.childForFieldName('right');
		if (left && right) settings.set(left, right);
	}
	return settings;
}

function libraryRetries(root: Node, dialect: Dialect): RetryDraft[] {
	const drafts: RetryDraft[] = [];
	for (const node of collect(root, (n) => n.type === 'object_creation_expression' || n.type === 'invocation_expression')) {
		if (node.type === 'object_creation_expression') {
			const type = typeName(node.childForFieldName('type'));
			if (type !== 'RetryStrategyOptions' && type !== 'HttpRetryStrategyOptions') continue;
			const head = node.childForFieldName('type')!;
			const draft = safely(() => pollyOptions(node, dialect, type === 'HttpRetryStrategyOptions', initializerSettings(node), head));
			if (draft) drafts.push({ ...draft, headSpan: spanBetween(node, head) });
			continue;
		}
		const name = lastName(node.childForFieldName('function'));
		if (name === 'AddStandardResilienceHandler') {
			const settings = new Map<string, Node>();
			for (const a of collect(node, (n) => n.type === 'assignment_expression')) {
				const m = /\.Retry\.(\w+)$/.exec(a.childForFieldName('left')?.text ?? '');
				if (m && a.childForFieldName('right')) settings.set(m[1], a.childForFieldName('right')!);
			}
			const head = node.childForFieldName('function')!.childForFieldName('name') ?? node;
			const draft = safely(() => pollyOptions(node, dialect, true, settings, head));
			if (draft) drafts.push({ ...draft, library: 'Microsoft.Extensions.Http.Resilience' });
			continue;
		}
		const draft = safely(() => pollyV7(node, dialect));
		if (draft) drafts.push(draft);
	}
	return drafts;
}

// ---------------------------------------------------------------------------
// Catches and status references
// ---------------------------------------------------------------------------

function catchClauses(root: Node, dialect: Dialect, calls: CsCall[], inRetry: (node: Node) => boolean): CatchClause[] {
	const clauses: CatchClause[] = [];
	for (const node of collect(root, (n) => n.type === 'try_statement')) {
		const stmt = dialect.statement(node);
		if (stmt.kind !== 'try') continue;
		const body = node.childForFieldName('body');
		if (!body) continue;
		const guarded = calls.filter((call) => {
			if (!within(call.node, body)) return false;
			for (let current = call.node.parent; current && current.id !== body.id; current = current.parent) {
				if (FUNCTION_TYPES.has(current.type)) return false;
				if (current.type === 'block' && current.parent?.type === 'try_statement' && current.parent.id !== node.id) return false;
			}
			return true;
		});
		if (guarded.length === 0) continue;
		for (const part of stmt.catches) {
			const handling = inRetry(part.node) ? 'handled' : part.filter ? 'handled' : handlingOf(part.body, part.name, dialect);
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
	for (const node of collect(root, (n) => n.type === 'member_access_expression' || n.type === 'integer_literal')) {
		if (node.type === 'member_access_expression') {
			if (STATUS_HOLDERS.test(node.childForFieldName('expression')?.text ?? '')) add(node, 'constant');
			continue;
		}
		let context = node.parent;
		while (context?.type === 'parenthesized_expression') context = context.parent;
		if (!context) continue;
		if (context.type === 'cast_expression' && typeName(context.childForFieldName('type')) === 'HttpStatusCode') {
			add(node, 'literal');
			continue;
		}
		const cmp = dialect.comparison(context);
		if (cmp && (dialect.isStatusExpr(cmp.left) || dialect.isStatusExpr(cmp.right))) {
			add(node, 'literal');
			continue;
		}
		if (context.type === 'constant_pattern' && context.parent?.type === 'switch_section') {
			const value = context.parent.parent?.parent?.childForFieldName('value');
			if (value && dialect.isStatusExpr(value)) add(node, 'literal');
			continue;
		}
		if (context.type === 'argument') {
			const call = context.parent?.parent;
			if (call?.type === 'invocation_expression' && /^(StatusCode|Problem)$/.test(dialect.calleeName(call) ?? '')) add(node, 'literal');
		}
	}
	return refs;
}

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

export function extractCsharpFacts(tree: Tree, language: LanguageId, options: AdapterOptions): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	for (const using of collect(root, (n) => n.type === 'using_directive')) {
		const name = kids(using).filter((c) => c.type === 'qualified_name' || c.type === 'identifier').pop();
		if (name) facts.imports.push({ module: name.text, span: spanOf(using) });
	}
	const statusNames = new Set<string>();
	const dialect = makeDialect(statusNames);
	for (const a of dialect.assignments(root)) if (/^\w+$/.test(a.name) && dialect.isStatusExpr(a.value)) statusNames.add(a.name);
	const clients = readClients(root, dialect);
	const calls = safely(() => recogniseCalls(root, dialect, clients, options)) ?? [];
	facts.httpCalls = calls.map((c) => c.fact);

	const drafts: RetryDraft[] = [];
	const loopCalls: LoopCall[] = calls.map((c) => ({ node: c.node, id: c.fact.id, throwsOnHttpError: c.fact.throwsOnHttpError }));
	const isEnsureCall = (call: Node) => lastName(call.childForFieldName('function')) === 'EnsureSuccessStatusCode';
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
	drafts.push(...(safely(() => libraryRetries(root, dialect)) ?? []));
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

const MIGHT_MATTER = /\bHttpClient\b|HttpStatusCode|StatusCodes\.|\bPolly\b|RetryStrategyOptions|StandardResilienceHandler|StatusCode/;

export const csharpAdapter = engineAdapter({
	language: 'csharp',
	grammar: 'tree-sitter-c_sharp',
	lineComment: '//',
	mightMatter: MIGHT_MATTER,
	extract: extractCsharpFacts,
});
