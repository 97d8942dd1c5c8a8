// The Go adapter: net/http (`http.Get/Post/Head/PostForm`, `http.DefaultClient`, `*http.Client`
// values and their `Do/Get/Post/...`), hashicorp/go-retryablehttp clients and their settings,
// cenkalti/backoff `Retry`, hand-written retry loops with `time.Sleep`, `if err != nil`
// handlers that drop the error, and status references (`resp.StatusCode == 401`,
// `http.StatusUnauthorized`). The shared engine in `common/` reads loops and handlers.
import { engineAdapter } from './common/adapter';
import type { Node, Tree } from 'web-tree-sitter';
import { statusCodeForConstant } from '../knowledge/constants';
import type { CatchClause, Delay, FileFacts, HttpCall, LanguageId, ResponseUse, RetryConstruct, StatusCodeRef } from '../types';
import type { AdapterOptions, Focus } from './adapter';
import { emptyFacts, inFocus, spanBetween, spanOf } from './adapter';
import { anchored, defineName, defineStatements, lookUpEveryName, lookUpName, readingAt, recordingNames } from './names';
import type { Dialect, LoopInfo, Stmt, WaitInfo } from './common/dialect';
import { authRefreshHandlers, handlingOf } from './common/handlers';
import type { WalkSpec } from './common/paths';
import { conditionOf, loopRetry, mentionedStatuses, retriesSomething, walkVerdict, only, type LoopCall, type RetryDraft, enclosingFunction, RETRY_AFTER, sameFunction, conditionSpan, assignRetryIds } from './common/retries';
import { collect, kids, lazySeq, literalNumber, memoByNode, operatorOf, safely, within } from './common/tree';
import { idempotencyKeyOf } from './common/calls';

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const CALL_TYPES = new Set(['call_expression']);

// ---------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------

interface GoImports {
	/** Local package name -> import path. */
	byName: Map<string, string>;
}

function defaultPackageName(path: string): string {
	const parts = path.split('/').filter((p) => !/^v\d+$/.test(p));
	return (parts[parts.length - 1] ?? path).replace(/^go-/, '').replace(/[.-]/g, '');
}

function readImports(root: Node, facts: FileFacts): GoImports {
	const byName = new Map<string, string>();
	for (const spec of collect(root, (n) => n.type === 'import_spec')) {
		const pathNode = spec.childForFieldName('path');
		if (!pathNode) continue;
		const path = pathNode.text.replace(/^["`]|["`]$/g, '');
		const alias = spec.childForFieldName('name')?.text;
		facts.imports.push({ module: path, span: spanOf(spec) });
		if (alias === '_' || alias === '.') continue;
		const name = alias ?? defaultPackageName(path);
		byName.set(name, path);
		defineName('import', name, spec, path);
	}
	return { byName };
}

// ---------------------------------------------------------------------------
// The dialect
// ---------------------------------------------------------------------------

interface GoScope {
	imports: GoImports;
	/** Variables that hold a status: `code := resp.StatusCode`. */
	statusNames: Set<string>;
}

/** The import path a package name stands for (looked up in the name log). */
function importPath(scope: GoScope, name: string | undefined): string | undefined {
	if (!name) return undefined;
	lookUpName('import', name);
	return scope.imports.byName.get(name);
}

function pkgIs(node: Node | null | undefined, scope: GoScope, path: string): boolean {
	return !!node && (node.type === 'identifier' || node.type === 'package_identifier') && importPath(scope, node.text) === path;
}

const UNITS_NS: Record<string, number> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 60e9, Hour: 3600e9 };

function makeDialect(scope: GoScope): Dialect {
	const unwrap = (node: Node): Node => {
		let current = node;
		while (current.type === 'parenthesized_expression' && kids(current)[0]) current = kids(current)[0];
		return current;
	};
	const block = (node: Node | null | undefined): Node[] => {
		if (!node) return [];
		if (node.type === 'block') return kids(node).flatMap((c) => (c.type === 'statement_list' ? kids(c) : [c]));
		if (node.type === 'statement_list') return kids(node);
		return [node];
	};
	const durationNs = (node: Node): number | undefined => {
		const n = unwrap(node);
		if (n.type === 'int_literal' || n.type === 'float_literal') return literalNumber(n.text);
		if (n.type === 'selector_expression' && pkgIs(n.childForFieldName('operand'), scope, 'time')) return UNITS_NS[n.childForFieldName('field')?.text ?? ''];
		if (n.type === 'call_expression' && n.childForFieldName('function')?.text.endsWith('time.Duration')) {
			const arg = kids(n.childForFieldName('arguments'))[0];
			return arg ? durationNs(arg) : undefined;
		}
		if (n.type === 'binary_expression') {
			const l = durationNs(n.childForFieldName('left')!);
			const r = durationNs(n.childForFieldName('right')!);
			if (l === undefined || r === undefined) return undefined;
			switch (operatorOf(n)) {
				case '*':
					return l * r;
				case '+':
					return l + r;
				case '-':
					return l - r;
				case '/':
					return r === 0 ? undefined : l / r;
			}
		}
		return undefined;
	};
	const dialect: Dialect = {
		functionTypes: FUNCTION_TYPES,
		loopTypes: new Set(['for_statement']),
		callTypes: CALL_TYPES,
		unwrap,
		statement(node: Node): Stmt {
			switch (node.type) {
				case 'block':
				case 'statement_list':
					return lazySeq(() => block(node));
				case 'labeled_statement': {
					const inner = kids(node).find((c) => c.type !== 'label_name');
					return inner ? dialect.statement(inner) : { kind: 'other' };
				}
				case 'if_statement': {
					const alternative = node.childForFieldName('alternative');
					return { kind: 'if', condition: node.childForFieldName('condition') ?? undefined, then: block(node.childForFieldName('consequence')), else: alternative ? block(alternative) : undefined };
				}
				case 'expression_switch_statement':
				case 'select_statement':
				case 'type_switch_statement': {
					const value = node.type === 'expression_switch_statement' ? node.childForFieldName('value') ?? undefined : undefined;
					const cases = kids(node)
						.filter((c) => /case$/.test(c.type))
						.map((c) => {
							const labelNode = c.childForFieldName('value') ?? c.childForFieldName('communication') ?? c.childForFieldName('type');
							const labels: Node[] | 'default' = c.type === 'default_case' ? 'default' : labelNode ? (labelNode.type === 'expression_list' ? kids(labelNode) : [labelNode]) : [];
							return { labels, body: kids(c).filter((k) => k.id !== labelNode?.id).flatMap((k) => (k.type === 'statement_list' ? kids(k) : k.type.endsWith('_statement') || k.type === 'block' ? [k] : [])) };
						});
					return { kind: 'switch', value: node.type === 'expression_switch_statement' ? value : undefined, cases: node.type === 'expression_switch_statement' ? cases : cases.map((c) => (c.labels === 'default' ? c : { ...c, labels: [] })) };
				}
				case 'return_statement':
					return { kind: 'return', node };
				case 'break_statement':
					return { kind: 'break', labelled: kids(node).length > 0 };
				case 'continue_statement':
					return { kind: 'continue', labelled: kids(node).length > 0 };
				case 'for_statement':
					return { kind: 'loop' };
				case 'expression_statement': {
					const call = kids(node)[0];
					if (call?.type === 'call_expression' && /^(panic|log\.Fatal\w*|log\.Panic\w*|os\.Exit)$/.test(call.childForFieldName('function')?.text ?? '')) return { kind: 'throw' };
					return { kind: 'other' };
				}
				default:
					return { kind: 'other' };
			}
		},
		logic(node) {
			if (node.type === 'unary_expression' && operatorOf(node) === '!') return { op: '!', args: [node.childForFieldName('operand')!] };
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
		isStatusExpr(node) {
			const n = unwrap(node);
			if (n.type === 'selector_expression') return n.childForFieldName('field')?.text === 'StatusCode';
			if (n.type === 'identifier') {
				lookUpName('status', n.text);
				return scope.statusNames.has(n.text);
			}
			return false;
		},
		statusValue(node) {
			const n = unwrap(node);
			if (n.type === 'int_literal') {
				const v = literalNumber(n.text);
				return v !== undefined && v >= 100 && v <= 599 ? v : undefined;
			}
			if (n.type === 'selector_expression' && pkgIs(n.childForFieldName('operand'), scope, 'net/http')) return statusCodeForConstant(n.childForFieldName('field')?.text ?? '');
			return undefined;
		},
		statusPredicate() {
			return undefined;
		},
		errorCheck(node, errorName) {
			if (node.type !== 'binary_expression') return undefined;
			const op = operatorOf(node);
			if (op !== '!=' && op !== '==') return undefined;
			const left = node.childForFieldName('left');
			const right = node.childForFieldName('right');
			const isErr = (n: Node | null) => n?.type === 'identifier' && (errorName ? n.text === errorName : /^err$/.test(n.text));
			if ((isErr(left) && right?.type === 'nil') || (isErr(right) && left?.type === 'nil')) return op;
			return undefined;
		},
		numberValue(node) {
			const n = unwrap(node);
			if (n.type === 'int_literal' || n.type === 'float_literal') return literalNumber(n.text);
			return undefined;
		},
		loop(node): LoopInfo | undefined {
			if (node.type !== 'for_statement') return undefined;
			const body = node.childForFieldName('body');
			if (!body) return undefined;
			const head = kids(node).filter((c) => c.id !== body.id);
			const headEnd = head[head.length - 1] ?? node.children[0]!;
			const clause = head[0];
			if (!clause) return { body, kind: 'infinite', headEnd };
			if (clause.type === 'for_clause') {
				const condition = clause.childForFieldName('condition') ?? undefined;
				return { body, kind: condition ? 'for' : 'infinite', condition, initializer: clause.childForFieldName('initializer') ?? undefined, headEnd };
			}
			if (clause.type === 'range_clause') {
				const right = clause.childForFieldName('right');
				if (right?.type === 'int_literal') return { body, kind: 'count', count: right, headEnd };
				if (right?.type === 'identifier' && /attempt|retr|tries|max/i.test(right.text)) return { body, kind: 'count', count: right, headEnd };
				return { body, kind: 'data', headEnd };
			}
			return { body, kind: 'while', condition: clause, headEnd };
		},
		wait(call): WaitInfo | undefined {
			const fn = call.childForFieldName('function');
			if (fn?.type !== 'selector_expression' || !pkgIs(fn.childForFieldName('operand'), scope, 'time')) return undefined;
			const name = fn.childForFieldName('field')?.text;
			if (name !== 'Sleep' && name !== 'After' && name !== 'NewTimer') return undefined;
			return { duration: kids(call.childForFieldName('arguments'))[0], awaited: true, unitMs: 1e-6 };
		},
		durationMs(node, unitMs) {
			const ns = durationNs(node);
			return ns === undefined ? undefined : ns * unitMs;
		},
		calleeName(call) {
			const fn = call.childForFieldName('function');
			if (!fn) return undefined;
			if (fn.type === 'identifier') return fn.text;
			if (fn.type === 'selector_expression') return fn.childForFieldName('field')?.text;
			return undefined;
		},
		callee(call) {
			return call.childForFieldName('function') ?? undefined;
		},
		callArguments(call) {
			return kids(call.childForFieldName('arguments'));
		},
		functionName(fn) {
			return fn.childForFieldName('name')?.text;
		},
		parameterNames(fn) {
			return collect(fn.childForFieldName('parameters') ?? fn, (n) => n.type === 'parameter_declaration').flatMap((p) => p.childrenForFieldName('name').filter((c): c is Node => c !== null).map((c) => c.text));
		},
		functionBody(fn) {
			return fn.childForFieldName('body') ?? undefined;
		},
		assignments(scopeNode) {
			const out: Array<{ name: string; value: Node; node: Node; compound?: string }> = [];
			const nodes = [scopeNode, ...collect(scopeNode, (n) => ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec'].includes(n.type))].filter((n) => ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec'].includes(n.type));
			for (const node of nodes) {
				if (node.type === 'var_spec' || node.type === 'const_spec') {
					const names = node.childrenForFieldName('name').filter((c): c is Node => c !== null);
					const values = kids(node.childForFieldName('value'));
					names.forEach((name, i) => values[i] && out.push({ name: name.text, value: values[i], node }));
					continue;
				}
				const left = kids(node.childForFieldName('left'));
				const right = kids(node.childForFieldName('right'));
				const op = operatorOf(node) ?? '=';
				left.forEach((name, i) => {
					const value = right[i] ?? (right.length === 1 ? right[0] : undefined);
					if (value) out.push({ name: name.text, value, node, compound: op !== '=' && op !== ':=' ? op : undefined });
				});
			}
			return out;
		},
		incrementedNames(scopeNode) {
			const names = new Set<string>();
			for (const node of collect(scopeNode, (n) => n.type === 'inc_statement' || n.type === 'dec_statement' || n.type === 'assignment_statement')) {
				if (node.type !== 'assignment_statement') {
					names.add(kids(node)[0]?.text ?? '');
					continue;
				}
				const op = operatorOf(node);
				for (const left of kids(node.childForFieldName('left'))) {
					if (op === '+=' || op === '-=' || (op === '=' && new RegExp(`\\b${left.text.replace(/[.]/g, '\\.')}\\b`).test(node.childForFieldName('right')?.text ?? ''))) names.add(left.text);
				}
			}
			return names;
		},
		isLogCall(call) {
			return /^(log|logger|slog|zap|logrus|klog|glog)\.|\.(Printf|Println|Print|Errorf|Error|Warn|Warnf|Info|Infof|Debug|Debugf|Log|Logf)$/.test(call.childForFieldName('function')?.text ?? '');
		},
		isPlainValue(node) {
			if (!node) return true;
			const n = unwrap(node);
			if (['nil', 'true', 'false', 'int_literal', 'float_literal', 'interpreted_string_literal', 'raw_string_literal', 'rune_literal', 'iota'].includes(n.type)) return n.type !== 'interpreted_string_literal' || true;
			if (n.type === 'expression_list') return kids(n).every((c) => dialect.isPlainValue(c));
			if (n.type === 'composite_literal') return kids(n.childForFieldName('body')).length === 0;
			if (n.type === 'unary_expression' && operatorOf(n) === '&') return dialect.isPlainValue(n.childForFieldName('operand') ?? undefined);
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

type Timeout = HttpCall['timeout'];

interface ClientBinding {
	kind: 'std' | 'retryable';
	timeout: Timeout;
	/** Where a retryable client was made, for its retry construct. */
	creation?: Node;
}

const STD_METHODS: Record<string, string | undefined> = { Get: 'GET', Head: 'HEAD', Post: 'POST', PostForm: 'POST', Do: undefined };

interface GoCall {
	node: Node;
	callee: Node;
	fact: HttpCall;
	errorName?: string;
	/** The request variable of `Do(req)`. */
	request?: Node;
}

function isHttpClientType(node: Node | null | undefined, scope: GoScope): boolean {
	if (!node) return false;
	const t = node.type === 'pointer_type' ? kids(node)[0] : node;
	return t?.type === 'qualified_type' && pkgIs(t.childForFieldName('package'), scope, 'net/http') && t.childForFieldName('name')?.text === 'Client';
}

/** Names bound to clients: literals, `http.DefaultClient`, `retryablehttp.NewClient()`, typed fields and parameters. */
function readClients(root: Node, scope: GoScope, dialect: Dialect, creations: Array<{ name: string; creation: Node }>): Map<string, ClientBinding> {
	const clients = new Map<string, ClientBinding>();
	const valueBinding = (value: Node): ClientBinding | undefined => {
		let v = dialect.unwrap(value);
		if (v.type === 'unary_expression' && operatorOf(v) === '&') v = v.childForFieldName('operand') ?? v;
		if (v.type === 'composite_literal' && isHttpClientType(v.childForFieldName('type'), scope)) {
			const keys = collect(v.childForFieldName('body') ?? v, (n) => n.type === 'keyed_element').map((k) => kids(k)[0]?.text);
			return { kind: 'std', timeout: keys.includes('Timeout') ? 'set' : 'none' };
		}
		if (v.type === 'selector_expression' && pkgIs(v.childForFieldName('operand'), scope, 'net/http') && v.childForFieldName('field')?.text === 'DefaultClient') return { kind: 'std', timeout: 'none' };
		if (v.type === 'call_expression') {
			const fn = v.childForFieldName('function');
			if (fn?.type === 'selector_expression' && importPath(scope, fn.childForFieldName('operand')?.text)?.endsWith('go-retryablehttp') && fn.childForFieldName('field')?.text === 'NewClient') return { kind: 'retryable', timeout: 'unknown', creation: v };
		}
		return undefined;
	};
	// Each statement that makes, types or configures a client defines its name (names.ts).
	for (const a of dialect.assignments(root)) {
		if (a.compound) continue;
		const binding = valueBinding(a.value);
		if (binding) {
			clients.set(a.name, binding);
			defineName('binding', a.name, a.node);
		}
		if (binding?.creation) creations.push({ name: a.name, creation: binding.creation });
	}
	// Typed fields and parameters: a client made elsewhere.
	for (const decl of collect(root, (n) => n.type === 'field_declaration' || n.type === 'parameter_declaration' || n.type === 'var_spec')) {
		if (!isHttpClientType(decl.childForFieldName('type'), scope)) continue;
		for (const name of decl.childrenForFieldName('name')) {
			if (!name) continue;
			defineName('binding', name.text, decl);
			if (!clients.has(name.text)) clients.set(name.text, { kind: 'std', timeout: 'unknown' });
		}
	}
	for (const a of dialect.assignments(root)) {
		// `client.RetryMax = 3`, `b.MaxElapsedTime = 0`: settings a client or policy made elsewhere may read.
		if (a.name.includes('.')) defineName('binding', a.name.slice(0, a.name.indexOf('.')), a.node);
		// `client.Timeout = ...`, `rc.HTTPClient.Timeout = ...`.
		const m = /^([\w.]+?)\.(?:HTTPClient\.)?Timeout$/.exec(a.name);
		if (!m) continue;
		const target = m[1] === 'http.DefaultClient' ? m[1] : m[1].split('.').pop()!;
		defineName('binding', target, a.node);
		const binding = m[1] === 'http.DefaultClient' ? undefined : clients.get(target);
		if (binding) binding.timeout = 'set';
	}
	return clients;
}

/** `resp, err := <call>`: the response and error names the call is bound to. */
function bindingOf(call: Node): { response?: Node; error?: string; statement?: Node; escapes: boolean } {
	const parent = call.parent;
	if (parent?.type === 'expression_list') {
		const holder = parent.parent;
		if (holder && (holder.type === 'short_var_declaration' || holder.type === 'assignment_statement') && holder.childForFieldName('right')?.id === parent.id) {
			const left = kids(holder.childForFieldName('left'));
			const response = left[0]?.type === 'identifier' && left[0].text !== '_' ? left[0] : undefined;
			const error = left[1]?.type === 'identifier' && left[1].text !== '_' ? left[1].text : undefined;
			const toField = left[0]?.type === 'selector_expression' || left[0]?.type === 'index_expression';
			return { response, error, statement: holder, escapes: toField };
		}
		if (holder?.type === 'return_statement') return { escapes: true };
		if (holder?.type === 'var_spec') {
			const names = holder.childrenForFieldName('name').filter((c): c is Node => c !== null);
			return { response: names[0], error: names[1]?.text, statement: holder.parent ?? holder, escapes: false };
		}
	}
	if (parent?.type === 'return_statement') return { escapes: true };
	if (parent?.type === 'argument_list' || parent?.type === 'keyed_element' || parent?.type === 'literal_element') return { escapes: true };
	return { escapes: false };
}

/** How the response variable is used after the call, within the function. */
function responseUse(call: Node, name: Node | undefined, escapesAlready: boolean, fnBody: Node | undefined): ResponseUse {
	const use: ResponseUse = { variable: name?.text, statusChecked: false, bodyUsed: false, escapes: escapesAlready };
	if (!name || !fnBody) return use;
	const uses = collect(fnBody, (n) => n.type === 'identifier' && n.text === name.text && n.startIndex > call.endIndex);
	for (const ident of uses) {
		const parent = ident.parent;
		if (!parent) continue;
		if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === ident.id) {
			const field = parent.childForFieldName('field')?.text;
			if (field === 'StatusCode' || field === 'Status') use.statusChecked = true;
			else if (field === 'Body') {
				const grand = parent.parent;
				const closes = grand?.type === 'selector_expression' && grand.childForFieldName('field')?.text === 'Close';
				if (!closes && !use.bodyUsed) {
					use.bodyUsed = true;
					use.bodyUseSpan = spanOf(parent);
				}
			}
			continue;
		}
		if (parent.type === 'argument_list') {
			use.escapes = true;
			use.statusChecked = true;
			continue;
		}
		if (parent.type === 'expression_list' && (parent.parent?.type === 'return_statement' || (parent.parent?.type === 'assignment_statement' && parent.parent.childForFieldName('right')?.id === parent.id))) {
			use.escapes = true;
			continue;
		}
		if (parent.type === 'return_statement' || parent.type === 'keyed_element' || parent.type === 'literal_element' || parent.type === 'send_statement') use.escapes = true;
	}
	return use;
}

function methodOfRequest(request: Node | undefined, fnBody: Node | undefined, scope: GoScope, dialect: Dialect): { method?: string; ctx?: Node; made?: Node } {
	if (!request || request.type !== 'identifier' || !fnBody) return {};
	const made = dialect
		.assignments(fnBody)
		.filter((a) => a.name === request.text && a.value.type === 'call_expression' && a.value.startIndex < request.startIndex)
		.map((a) => a.value)
		.pop();
	if (!made) return {};
	const fn = made.childForFieldName('function');
	const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
	const args = kids(made.childForFieldName('arguments'));
	let methodArg: Node | undefined;
	let ctx: Node | undefined;
	if (name === 'NewRequest') methodArg = args[0];
	else if (name === 'NewRequestWithContext') {
		ctx = args[0];
		methodArg = args[1];
	} else return {};
	let method: string | undefined;
	if (methodArg?.type === 'interpreted_string_literal' || methodArg?.type === 'raw_string_literal') method = methodArg.text.slice(1, -1).toUpperCase();
	else if (methodArg?.type === 'selector_expression' && pkgIs(methodArg.childForFieldName('operand'), scope, 'net/http')) {
		const m = /^Method(\w+)$/.exec(methodArg.childForFieldName('field')?.text ?? '');
		if (m) method = m[1].toUpperCase();
	}
	return { method, ctx, made };
}

/** The timeout a request context brings: `context.WithTimeout` → set; a parameter → unknown. */
function contextTimeout(ctx: Node | undefined, fnBody: Node | undefined, dialect: Dialect): Timeout | undefined {
	if (!ctx) return undefined;
	if (/^context\.(Background|TODO)\(\)$/.test(ctx.text)) return undefined;
	if (ctx.type === 'identifier' && fnBody) {
		const made = dialect.assignments(fnBody).filter((a) => a.name === ctx.text);
		if (made.some((a) => /WithTimeout|WithDeadline/.test(a.value.text))) return 'set';
		if (made.length > 0 && made.every((a) => /^context\.(Background|TODO)\(\)$/.test(a.value.text))) return undefined;
	}
	if (/WithTimeout|WithDeadline/.test(ctx.text)) return 'set';
	return 'unknown';
}

function recogniseCalls(root: Node, scope: GoScope, dialect: Dialect, clients: Map<string, ClientBinding>, options: AdapterOptions): GoCall[] {
	const calls: GoCall[] = [];
	const extra = new Set(options.extraHttpFunctions);
	let defaultClientTimeout: Timeout | undefined;
	const defaultClient = (): Timeout => {
		lookUpName('binding', 'http.DefaultClient');
		return (defaultClientTimeout ??= dialect.assignments(root).some((a) => a.name === 'http.DefaultClient.Timeout') ? 'set' : 'none');
	};
	for (const node of collect(root, (n) => n.type === 'call_expression')) readingAt(node, () => recogniseCall(node));
	return calls;

	function recogniseCall(node: Node): void {
		const fn = node.childForFieldName('function');
		if (!fn) return;
		let client: string | undefined;
		let method: string | undefined;
		let timeout: Timeout = 'unknown';
		let request: Node | undefined;
		const args = kids(node.childForFieldName('arguments'));
		if (fn.type === 'selector_expression') {
			const operand = fn.childForFieldName('operand');
			const field = fn.childForFieldName('field')?.text ?? '';
			if (!(field in STD_METHODS)) {
				if (!extra.has(fn.text)) return;
			}
			if (pkgIs(operand, scope, 'net/http') && field !== 'Do') {
				client = 'net/http';
				timeout = 'none';
			} else if (operand?.type === 'identifier' && importPath(scope, operand.text)?.endsWith('go-retryablehttp') && field in STD_METHODS) {
				client = 'go-retryablehttp';
			} else if (operand?.type === 'selector_expression' && pkgIs(operand.childForFieldName('operand'), scope, 'net/http') && operand.childForFieldName('field')?.text === 'DefaultClient') {
				client = 'net/http';
				timeout = defaultClient();
			} else if (operand) {
				const name = operand.type === 'identifier' ? operand.text : operand.type === 'selector_expression' ? operand.childForFieldName('field')?.text : undefined;
				if (name) lookUpName('binding', name);
				const binding = name ? clients.get(name) : undefined;
				if (binding && field in STD_METHODS) {
					client = binding.kind === 'std' ? 'net/http' : 'go-retryablehttp';
					timeout = binding.timeout;
				}
			}
			if (client) {
				method = STD_METHODS[field];
				if (field === 'Do') request = args[0];
			} else if (extra.has(fn.text)) {
				client = fn.text;
			}
		} else if (fn.type === 'identifier' && extra.has(fn.text)) {
			client = fn.text;
		}
		if (!client) return;
		const fnNode = enclosingFunction(node, dialect);
		// A call outside any function reads its facts from the whole file.
		if (!fnNode) lookUpEveryName('text');
		const fnBody = fnNode ? dialect.functionBody(fnNode) : root;
		if (request) {
			const made = methodOfRequest(request, fnBody, scope, dialect);
			method = made.method;
			const fromContext = contextTimeout(made.ctx, fnBody, dialect);
			if (fromContext === 'set') timeout = 'set';
			else if (fromContext === 'unknown' && timeout === 'none') timeout = 'unknown';
			if (!made.made && timeout === 'none' && request.type !== 'identifier') timeout = 'unknown';
		}
		const binding = bindingOf(node);
		calls.push({
			node,
			callee: fn,
			request,
			errorName: binding.error,
			fact: {
				id: calls.length,
				span: spanOf(node),
				calleeSpan: spanOf(fn),
				client,
				throwsOnHttpError: false,
				method,
				timeout,
				response: responseUse(node, binding.response, binding.escapes, fnBody),
				idempotencyKey: 'none',
			},
		});
	}
}

// ---------------------------------------------------------------------------
// Libraries
// ---------------------------------------------------------------------------

/** A go-retryablehttp client: defaults (4 retries, exponential 1 s..30 s without jitter, Retry-After, 429/5xx) and its settings. */
function retryableClient(name: string, creation: Node, root: Node, dialect: Dialect, calls: GoCall[]): RetryDraft {
	let max = 5;
	let delay: Delay = { kind: 'exponential', baseMs: 1000, capMs: 30000, jitter: false, span: spanOf(creation) };
	let retryOn: RetryConstruct['retryOn'] = { kind: 'statuses', statuses: [429, 500, 502, 503, 504], excludesAuthFailures: true };
	let honours = true;
	const fn = enclosingFunction(creation, dialect);
	const settingsScope = (fn && dialect.functionBody(fn)) || root;
	// A package-level client is configured anywhere in the file (`client.RetryMax = 3` in `init`).
	if (settingsScope === root) lookUpName('binding', name);
	for (const a of dialect.assignments(settingsScope)) {
		if (!a.name.startsWith(`${name}.`)) continue;
		const field = a.name.slice(name.length + 1);
		if (field === 'RetryMax') {
			const n = dialect.numberValue(a.value);
			max = n === undefined ? NaN : n + 1;
		} else if (field === 'Backoff') {
			const text = a.value.text;
			if (/DefaultBackoff$/.test(text)) delay = { kind: 'exponential', jitter: false, span: spanOf(a.value) };
			else if (/LinearJitterBackoff$/.test(text)) delay = { kind: 'unknown', span: spanOf(a.value) };
			else {
				delay = { kind: 'unknown', span: spanOf(a.value) };
				honours = a.value.type !== 'func_literal' || RETRY_AFTER.test(text);
			}
		} else if (field === 'CheckRetry') {
			if (!/(DefaultRetryPolicy|ErrorPropagatedRetryPolicy)$/.test(a.value.text)) retryOn = { kind: 'unknown', statuses: [], excludesAuthFailures: false, span: spanOf(a.value) };
		}
	}
	return {
		kind: 'library',
		library: 'go-retryablehttp',
		span: spanOf(creation),
		headSpan: spanOf(creation),
		callIds: calls.filter((c) => c.fact.client === 'go-retryablehttp' && (!fn || within(c.node, fn))).map((c) => c.fact.id),
		attempts: Number.isNaN(max) ? { kind: 'bounded' } : { kind: 'bounded', max },
		hasDeadline: false,
		delay,
		retryOn,
		honoursRetryAfter: honours,
		refreshesCredentials: false,
	};
}

/** cenkalti/backoff `Retry(op, b)` (v4) or `Retry(ctx, op, opts...)` (v5). */
function backoffRetry(call: Node, path: string, root: Node, dialect: Dialect, calls: GoCall[]): RetryDraft | undefined {
	const args = kids(call.childForFieldName('arguments'));
	const v5 = /\/v5$/.test(path);
	const op = v5 ? args[1] : args[0];
	const policyArgs = v5 ? args.slice(2) : args.slice(1, 2);
	const fnNode = enclosingFunction(call, dialect);
	const scopeNode = fnNode ? dialect.functionBody(fnNode) ?? root : root;
	if (scopeNode === root) lookUpEveryName('text');
	const resolve = (node: Node | undefined): Node | undefined => {
		if (node?.type !== 'identifier') return node;
		return dialect.assignments(scopeNode).filter((a) => a.name === node.text && !a.compound).map((a) => a.value).pop() ?? node;
	};
	// The policy.
	let attempts: RetryConstruct['attempts'] = { kind: 'unbounded' };
	let hasDeadline = false;
	let delay: Delay = { kind: 'unknown' };
	const settings = (name: string | undefined) => (name ? dialect.assignments(scopeNode).filter((a) => a.name.startsWith(`${name}.`)) : []);
	const readPolicy = (node: Node | undefined, name?: string): void => {
		const value = resolve(node);
		if (!value) return;
		const text = value.text;
		const ownName = node?.type === 'identifier' ? node.text : name;
		if (value.type === 'call_expression') {
			const callee = dialect.calleeName(value) ?? '';
			const inner = kids(value.childForFieldName('arguments'));
			if (callee === 'WithMaxRetries') {
				const n = dialect.numberValue(inner[1] ?? inner[0]);
				attempts = { kind: 'bounded', max: n === undefined ? undefined : n + 1, span: spanOf(value) };
				readPolicy(inner[0]);
				return;
			}
			if (callee === 'WithContext') {
				hasDeadline = true; // the context may carry a deadline
				readPolicy(inner[0]);
				return;
			}
			if (callee === 'NewExponentialBackOff') {
				let jitter = true;
				hasDeadline = true; // MaxElapsedTime defaults to 15 minutes
				for (const option of inner) {
					if (/WithRandomizationFactor\(\s*0(\.0*)?\s*\)/.test(option.text)) jitter = false;
					if (/WithMaxElapsedTime\(\s*0\s*\)/.test(option.text)) hasDeadline = false;
				}
				for (const s of settings(ownName)) {
					if (s.name.endsWith('.RandomizationFactor')) jitter = dialect.numberValue(s.value) !== 0;
					if (s.name.endsWith('.MaxElapsedTime')) hasDeadline = dialect.numberValue(s.value) !== 0;
				}
				if (v5) hasDeadline = true;
				delay = { kind: 'exponential', jitter, span: spanOf(value) };
				return;
			}
			if (callee === 'NewConstantBackOff') {
				delay = { kind: 'constant', ms: inner[0] ? dialect.durationMs(inner[0], 1e-6) : undefined, span: spanOf(value) };
				return;
			}
			if (callee === 'WithBackOff') return readPolicy(inner[0]);
			if (callee === 'WithMaxTries') {
				attempts = { kind: 'bounded', max: dialect.numberValue(inner[0]), span: spanOf(value) };
				return;
			}
			if (callee === 'WithMaxElapsedTime') {
				hasDeadline = dialect.numberValue(inner[0]) !== 0;
				return;
			}
			if (callee === 'WithNotify') return;
		}
		if (/ZeroBackOff/.test(text)) delay = { kind: 'none' };
		else if (/StopBackOff/.test(text)) attempts = { kind: 'bounded', max: 1 };
		else if (/ExponentialBackOff\s*\{/.test(text)) delay = { kind: 'exponential', jitter: !/RandomizationFactor:\s*0\b/.test(text), span: spanOf(value) };
	};
	if (v5) {
		delay = { kind: 'exponential', jitter: true }; // v5 default: exponential with 0.5 randomization
		hasDeadline = true;
		for (const option of policyArgs) readPolicy(option);
	} else {
		readPolicy(policyArgs[0]);
	}
	// The operation: which failures it returns as errors (retried) and which it stops on.
	let body: Node | undefined;
	const opValue = resolve(op);
	if (opValue?.type === 'func_literal') body = opValue.childForFieldName('body') ?? undefined;
	else if (op?.type === 'identifier') {
		lookUpName('function', op.text);
		const decl = collect(root, (n) => n.type === 'function_declaration' && n.childForFieldName('name')?.text === op.text)[0];
		body = decl?.childForFieldName('body') ?? undefined;
	}
	const inside = body ? calls.filter((c) => within(c.node, body!) && sameFunction(c.node, body!, dialect)) : [];
	let retryOn: RetryConstruct['retryOn'] = { kind: 'unknown', statuses: [], excludesAuthFailures: false };
	if (body && inside.length > 0) {
		const first = inside[0];
		const returnsRetry = (ret: Node): 'exit' | 'retry' => {
			const values = kids(kids(ret)[0]?.type === 'expression_list' ? kids(ret)[0] : ret);
			const last = values[values.length - 1];
			if (!last || last.type === 'nil') return 'exit';
			if (/Permanent\(/.test(last.text)) return 'exit';
			return 'retry';
		};
		const spec: WalkSpec = { dialect, call: first.node, callThrows: () => false, errorName: first.errorName, onReturn: returnsRetry, regionEnd: 'exit' };
		const statements = dialect.statement(body).kind === 'seq' ? (dialect.statement(body) as { body: Node[] }).body : [];
		const mentioned = mentionedStatuses(body, dialect);
		const verdict = walkVerdict(spec, statements, mentioned);
		if (only(verdict.success, 'exit') && retriesSomething(verdict)) retryOn = conditionOf(verdict, false, mentioned, conditionSpan(body, dialect));
	}
	const callee = call.childForFieldName('function')!;
	return {
		kind: 'library',
		library: 'cenkalti/backoff',
		span: spanOf(call),
		headSpan: spanOf(callee),
		callIds: inside.map((c) => c.fact.id),
		attempts,
		hasDeadline,
		delay,
		retryOn,
		honoursRetryAfter: RETRY_AFTER.test(body?.text ?? ''),
		refreshesCredentials: false,
	};
}

// ---------------------------------------------------------------------------
// `if err != nil` handlers
// ---------------------------------------------------------------------------

/** The `if err != nil { ... }` right after a call: its catch clause, if the call's error is checked there. */
function errorHandler(call: GoCall, dialect: Dialect, inRetry: (node: Node) => boolean): CatchClause | undefined {
	if (!call.errorName) return undefined;
	const statement = bindingOf(call.node).statement;
	if (!statement) return undefined;
	let branch: Node | undefined;
	if (statement.parent?.type === 'if_statement' && statement.parent.childForFieldName('initializer')?.id === statement.id) branch = statement.parent;
	else {
		let next = statement.nextNamedSibling;
		while (next?.type === 'comment') next = next.nextNamedSibling;
		if (next?.type === 'if_statement') branch = next;
	}
	const condition = branch?.childForFieldName('condition');
	if (!branch || !condition || dialect.errorCheck?.(condition, call.errorName) !== '!=') return undefined;
	const body = dialect.statement(branch).kind === 'if' ? (dialect.statement(branch) as { then: Node[] }).then : [];
	const handling = inRetry(branch) ? 'handled' : handlingOf(body, call.errorName, dialect);
	return { span: spanOf(branch), headSpan: spanBetween(branch, condition), guardedCallIds: [call.fact.id], handling };
}

// ---------------------------------------------------------------------------
// Status references
// ---------------------------------------------------------------------------

function statusRefs(root: Node, scope: GoScope, dialect: Dialect, focus: Focus | undefined): StatusCodeRef[] {
	const refs: StatusCodeRef[] = [];
	const seen = new Set<number>();
	const add = (node: Node, form: 'literal' | 'constant') => {
		if (seen.has(node.startIndex)) return;
		const code = dialect.statusValue(node);
		if (code === undefined) return;
		seen.add(node.startIndex);
		refs.push({ span: spanOf(node), code, form });
	};
	for (const node of collect(root, (n) => (n.type === 'selector_expression' || n.type === 'int_literal') && inFocus(focus, n))) readingAt(node, () => read(node));
	return refs;

	function read(node: Node): void {
		if (node.type === 'selector_expression') {
			if (pkgIs(node.childForFieldName('operand'), scope, 'net/http') && /^Status/.test(node.childForFieldName('field')?.text ?? '')) add(node, 'constant');
			return;
		}
		let context = node.parent;
		while (context?.type === 'parenthesized_expression') context = context.parent;
		if (!context) return;
		const cmp = dialect.comparison(context);
		if (cmp && (dialect.isStatusExpr(cmp.left) || dialect.isStatusExpr(cmp.right))) {
			add(node, 'literal');
			return;
		}
		if (context.type === 'expression_list' && context.parent?.type === 'expression_case') {
			const sw = context.parent.parent;
			const value = sw?.childForFieldName('value');
			if (sw?.type === 'expression_switch_statement' && value && dialect.isStatusExpr(value)) add(node, 'literal');
			return;
		}
		if (context.type === 'argument_list') {
			const call = context.parent;
			const name = call ? dialect.calleeName(call) : undefined;
			const args = kids(context);
			if (name === 'WriteHeader' || (name === 'Error' && pkgIs(call?.childForFieldName('function')?.childForFieldName('operand'), scope, 'net/http') && args[2]?.id === node.id)) add(node, 'literal');
		}
	}
}

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

/**
 * Facts of a Go tree. Every look-up across top-level declarations goes through the name log
 * (`names.ts`): imports, clients and their settings, status variables, functions and
 * package-level constants are defined by the declaration that makes them and looked up as the
 * construct being read; a construct outside any function reads the whole file. With a `focus`,
 * only the constructs starting inside it are read for facts; the rest of the (partial) tree is
 * there for its names and its calls (a `backoff.Retry` may retry a function declared elsewhere).
 */
export function extractGoFacts(tree: Tree, language: LanguageId, options: AdapterOptions, focus?: Focus): FileFacts {
	const facts = emptyFacts(language);
	const root = tree.rootNode;
	const focused = (node: Node) => inFocus(focus, node);
	if (recordingNames()) {
		defineStatements(root);
		for (const fn of collect(root, (n) => n.type === 'function_declaration')) {
			const name = fn.childForFieldName('name')?.text;
			if (name) defineName('function', name, fn);
		}
	}
	const imports = readImports(root, facts);
	const scope: GoScope = { imports, statusNames: new Set() };
	const dialect = makeDialect(scope);
	for (const a of dialect.assignments(root)) {
		if (a.value.type === 'selector_expression' && a.value.childForFieldName('field')?.text === 'StatusCode' && /^\w+$/.test(a.name)) {
			scope.statusNames.add(a.name);
			defineName('status', a.name, a.node);
		}
		// A package-level variable or constant: a delay may read it (common/retries.ts).
		if ((a.node.type === 'var_spec' || a.node.type === 'const_spec') && recordingNames() && !enclosingFunction(a.node, dialect)) defineName('constant', a.name, a.node);
	}
	const creations: Array<{ name: string; creation: Node }> = [];
	const clients = readClients(root, scope, dialect, creations);
	const calls = safely(() => recogniseCalls(root, scope, dialect, clients, options)) ?? [];
	facts.httpCalls = calls.map((c) => c.fact);

	// Retries.
	const drafts: RetryDraft[] = [];
	const loopCalls: LoopCall[] = calls.map((c) => ({ node: c.node, id: c.fact.id, throwsOnHttpError: false, errorName: c.errorName }));
	for (const loop of collect(root, (n) => n.type === 'for_statement' && focused(n))) {
		const draft = anchored(loop, () =>
			loopRetry(loop, dialect, loopCalls, {
				callThrows: () => false,
				scope: (node) => {
					const fn = enclosingFunction(node, dialect);
					return (fn && dialect.functionBody(fn)) || root;
				},
			}),
		);
		if (draft) drafts.push(draft);
	}
	for (const { name, creation } of creations) {
		if (!focused(creation)) continue;
		const draft = anchored(creation, () => retryableClient(name, creation, root, dialect, calls));
		if (draft) drafts.push(draft);
	}
	for (const node of collect(root, (n) => n.type === 'call_expression' && focused(n))) {
		const fn = node.childForFieldName('function');
		if (fn?.type !== 'selector_expression' || !/^Retry(Notify|NotifyWithTimer)?$/.test(fn.childForFieldName('field')?.text ?? '')) continue;
		const draft = anchored(node, () => {
			const path = importPath(scope, fn.childForFieldName('operand')?.text) ?? '';
			return /github\.com\/cenkalti\/backoff/.test(path) ? backoffRetry(node, path, root, dialect, calls) : undefined;
		});
		if (draft) drafts.push(draft);
	}
	drafts.sort((a, b) => a.span.startIndex - b.span.startIndex);
	facts.retries = drafts.map((draft, id): RetryConstruct => ({ id, ...draft }));
	assignRetryIds(facts);
	const focusedCalls = calls.filter((call) => focused(call.node));
	for (const call of focusedCalls) call.fact.idempotencyKey = anchored(call.node, () => idempotencyKeyOf(call.node, facts.retries[call.fact.retryId ?? -1], dialect, (fnNode) => fnNode)) ?? 'unknown';

	const loopSpans = facts.retries.filter((r) => r.kind === 'loop').map((r) => r.span);
	const inRetryLoop = (node: Node) => loopSpans.some((span) => node.startIndex >= span.startIndex && node.endIndex <= span.endIndex);
	facts.catches = focusedCalls.flatMap((call) => anchored(call.node, () => errorHandler(call, dialect, inRetryLoop)) ?? []);
	const clientNames = {
		has(name: string) {
			lookUpName('binding', name);
			return clients.has(name);
		},
	};
	facts.authRefreshes = safely(() => authRefreshHandlers(root, { dialect, calls: calls.map((c) => c.node), clientNames })) ?? [];
	facts.statusCodeRefs = safely(() => statusRefs(root, scope, dialect, focus)) ?? [];
	return facts;
}

const MIGHT_MATTER = /net\/http|go-retryablehttp|cenkalti\/backoff|StatusCode/;

export const goAdapter = engineAdapter({
	language: 'go',
	grammar: 'tree-sitter-go',
	lineComment: '//',
	mightMatter: MIGHT_MATTER,
	logsNames: true,
	extract: extractGoFacts,
});

