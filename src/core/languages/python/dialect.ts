// Python as the shared retry engine (`../common/`) sees it: statements for the path walker,
// conditions on a response status, loops, sleeps and durations, assignments and logging.
import type { Node } from 'web-tree-sitter';
import { statusCodeForConstant } from '../../knowledge/constants';
import { spanBetween } from '../adapter';
import type { CatchPart, Dialect, LoopInfo, Stmt, WaitInfo } from '../common/dialect';
import { collect, kids, lazySeq, memoByNode, operatorOf } from '../common/tree';
import { defineName, lookUpName, readerStart } from '../names';
import { CALL_TYPES, FUNCTION_TYPES, headColon, type ImportTable, LOOP_TYPES, calleeName, calleeOf, collectionItems, numberOf, positionalArgs, receiverOf, unwrap } from './syntax';

/** What the dialect learns about the file before the engine runs; its look-ups are logged (`names.ts`). */
export interface PythonScope {
	imports: ImportTable;
	/** Variables that hold a status (`status = r.status_code`). */
	statusNames: NameSet;
	/** Variables that hold a response: `if not r:` tests its status. */
	responseNames: NameSet;
}

/**
 * Names a file gives some meaning to, anywhere in it, and which top-level statements do. A
 * statement that gives a name that meaning itself needs no other statement to know it has it:
 * its look-up of the name is not logged (`names.ts`), so editing another definer of a common
 * name (`r`, `status`) leaves it alone.
 */
export class NameSet {
	private readonly statements = new Map<string, Set<number>>();

	constructor(
		private readonly kind: 'status' | 'response',
		/** The top-level statement holding an index, or undefined while no names are logged. */
		private readonly statementAt?: (index: number) => number,
	) {}

	/** `name` gets the meaning from `node` (the name as it is written there). */
	add(name: string, node: Node): void {
		const statement = this.statementAt?.(node.startIndex) ?? -1;
		let statements = this.statements.get(name);
		if (!statements) this.statements.set(name, (statements = new Set()));
		statements.add(statement);
		defineName(this.kind, name, node);
	}

	/** Whether `name` has the meaning, so far; looked up by the construct being read. */
	has(name: string): boolean {
		const statements = this.statements.get(name);
		const reader = readerStart();
		if (!(this.statementAt && reader >= 0 && statements?.has(this.statementAt(reader)))) lookUpName(this.kind, name);
		return statements !== undefined;
	}
}

// The engine knows Java/C# exception names; Python's are translated into the three kinds it
// reasons about: every failure, network failures only, and HTTP status errors only.
const CATCH_ALL = /^(Exception|BaseException|OSError|IOError|(requests\.(exceptions\.)?)?RequestException|httpx\.HTTPError|aiohttp\.ClientError|ClientError|(urllib\.error\.)?URLError|urllib3\.exceptions\.HTTPError)$/;
const NETWORK_ONLY =
	/^((requests\.(exceptions\.)?)?(ConnectionError|Timeout|ConnectTimeout|ReadTimeout|SSLError|ChunkedEncodingError)|httpx\.(TransportError|TimeoutException|ConnectError|ReadTimeout|ConnectTimeout|NetworkError|RequestError|ReadError|PoolTimeout)|aiohttp\.(ClientConnectionError|ClientConnectorError|ServerDisconnectedError|ServerTimeoutError|ClientOSError)|asyncio\.TimeoutError|TimeoutError|socket\.(timeout|error)|urllib3\.exceptions\.(MaxRetryError|NewConnectionError|ProtocolError|ReadTimeoutError|ConnectTimeoutError)|ConnectionResetError|ConnectionRefusedError)$/;
const STATUS_ONLY = /^((requests\.(exceptions\.)?)?HTTPError|httpx\.HTTPStatusError|HTTPStatusError|aiohttp\.ClientResponseError|ClientResponseError|urllib\.error\.HTTPError)$/;

/** An exception type as written, in the engine's vocabulary. */
export function engineExceptionType(written: string): string {
	if (CATCH_ALL.test(written)) return 'Exception';
	if (NETWORK_ONLY.test(written)) return 'ConnectException';
	if (STATUS_ONLY.test(written)) return 'HttpStatusCodeException';
	return written;
}

/** The kind of failure an exception type catches, for retry libraries and except clauses. */
export function exceptionKind(written: string): 'all' | 'network' | 'status' | 'other' {
	if (CATCH_ALL.test(written)) return 'all';
	if (NETWORK_ONLY.test(written)) return 'network';
	if (STATUS_ONLY.test(written)) return 'status';
	return 'other';
}

/** The type names an `except` clause lists (`except (A, B) as e:` → `A`, `B`); empty for a bare `except:`. */
export function exceptTypes(clause: Node): { types: string[]; name?: string } {
	let value = clause.childForFieldName('value') ?? kids(clause).find((c) => c.type !== 'block' && c.type !== 'comment');
	let name: string | undefined;
	if (value?.type === 'as_pattern') {
		name = value.childForFieldName('alias')?.text;
		value = kids(value)[0];
	}
	const alias = clause.childForFieldName('alias');
	if (alias) name = alias.text;
	if (!value || value.type === 'block') return { types: [], name };
	const items = value.type === 'tuple' || value.type === 'parenthesized_expression' ? kids(value) : [value];
	return { types: items.map((item) => item.text), name };
}

export function exceptBody(clause: Node): Node | undefined {
	return kids(clause).find((c) => c.type === 'block');
}

const STATUS_ATTRS = /^(status_code|status)$/;
const ERROR_NAMES = /^(e|err|error|exc|ex|http_?err(or)?|exception)$/;
const SLEEPS = /^(time\.sleep|asyncio\.sleep|anyio\.sleep|trio\.sleep|gevent\.sleep|eventlet\.sleep)$/;

/** A status written as a named constant: `HTTPStatus.FORBIDDEN`, `status.HTTP_401_UNAUTHORIZED`, `requests.codes.unauthorized`. */
export function constantStatus(node: Node, imports: ImportTable): number | undefined {
	if (node.type !== 'attribute') return undefined;
	const holder = node.childForFieldName('object');
	const name = node.childForFieldName('attribute')?.text ?? '';
	if (!holder) return undefined;
	const holderText = holder.text;
	const resolved = imports.resolve(holder) ?? holderText;
	if (/(^|\.)HTTPStatus$/.test(holderText) || /^http\.HTTPStatus$/.test(resolved)) return statusCodeForConstant(name);
	if (/^(requests|httpx)\.(status_)?codes$/.test(resolved) || /^(requests|httpx)\.codes$/.test(holderText)) return statusCodeForConstant(name);
	// `status.HTTP_401_UNAUTHORIZED` (FastAPI, Starlette, DRF): the number in the name keeps `status` honest.
	if ((holderText === 'status' || /\.status$/.test(resolved)) && /^HTTP_\d{3}/.test(name)) return statusCodeForConstant(name);
	return undefined;
}

const ORDER = new Set(['<', '<=', '>', '>=']);

function ordered(a: number, op: string, b: number): boolean {
	return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

export function makeDialect(scope: PythonScope): Dialect {
	const block = (node: Node | null | undefined): Node[] => {
		if (!node) return [];
		return node.type === 'block' ? kids(node) : [node];
	};
	const elseOf = (clause: Node | null | undefined): Node[] | undefined => {
		if (!clause) return undefined;
		if (clause.type === 'elif_clause') return [clause];
		if (clause.type === 'else_clause') return block(clause.childForFieldName('body') ?? kids(clause).find((c) => c.type === 'block'));
		return undefined;
	};
	const isStatusExpr = (node: Node): boolean => {
		const n = unwrap(node);
		if (n.type === 'attribute') {
			const attr = n.childForFieldName('attribute')?.text ?? '';
			if (STATUS_ATTRS.test(attr)) return true;
			if (attr === 'code' && ERROR_NAMES.test(n.childForFieldName('object')?.text ?? '')) return true;
			return false;
		}
		if (n.type === 'call') return /^(getcode|getstatus)$/.test(calleeName(n) ?? '') && positionalArgs(n).length === 0 && receiverOf(n) !== undefined;
		if (n.type === 'identifier') return scope.statusNames.has(n.text);
		return false;
	};
	const statusValue = (node: Node): number | undefined => {
		const n = unwrap(node);
		if (n.type === 'integer') {
			const v = numberOf(n);
			return v !== undefined && v >= 100 && v <= 599 ? v : undefined;
		}
		if (n.type === 'attribute') {
			const attr = n.childForFieldName('attribute')?.text;
			// `HTTPStatus.FORBIDDEN.value`
			if (attr === 'value' && n.childForFieldName('object')?.type === 'attribute') return constantStatus(n.childForFieldName('object')!, scope.imports);
			return constantStatus(n, scope.imports);
		}
		return undefined;
	};
	const durationMs = (node: Node, unitMs: number): number | undefined => {
		const n = unwrap(node);
		const v = numberOf(n);
		if (v !== undefined) return v * unitMs;
		if (n.type === 'binary_operator') {
			const l = durationMs(n.childForFieldName('left')!, unitMs);
			const r = numberOf(n.childForFieldName('right') ?? undefined);
			if (l === undefined || r === undefined) return undefined;
			const op = operatorOf(n);
			if (op === '*') return l * r;
			if (op === '/' && r !== 0) return l / r;
		}
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
				case 'module':
					return lazySeq(() => kids(node));
				case 'if_statement': {
					const alternatives = node.childrenForFieldName('alternative').filter((c): c is Node => c !== null);
					return { kind: 'if', condition: node.childForFieldName('condition') ?? undefined, then: block(node.childForFieldName('consequence')), else: elseOf(alternatives[0]) };
				}
				case 'elif_clause': {
					let next = node.nextNamedSibling;
					while (next && next.type === 'comment') next = next.nextNamedSibling;
					return { kind: 'if', condition: node.childForFieldName('condition') ?? undefined, then: block(node.childForFieldName('consequence')), else: elseOf(next) };
				}
				case 'try_statement': {
					const catches: CatchPart[] = [];
					const body = block(node.childForFieldName('body'));
					for (const child of kids(node)) {
						if (child.type === 'except_clause' || child.type === 'except_group_clause') {
							const { types, name } = exceptTypes(child);
							const bodyNode = exceptBody(child);
							const colon = child.children.find((c) => c?.type === ':');
							catches.push({ node: child, types: types.map(engineExceptionType), name, body: block(bodyNode), bodyNode, head: spanBetween(child, colon ?? child.children[0]!) });
						} else if (child.type === 'else_clause') {
							// Runs when the body did not raise: the path goes on from the body.
							body.push(...block(child.childForFieldName('body')));
						}
					}
					return { kind: 'try', body, catches };
				}
				case 'with_statement': {
					const clause = kids(node).find((c) => c.type === 'with_clause');
					return lazySeq(() => [...(clause ? [clause] : []), ...block(node.childForFieldName('body'))]);
				}
				case 'return_statement':
					return { kind: 'return', node };
				case 'raise_statement':
					// An error no enclosing except of this function catches leaves the retry like a return.
					return raiseEscapes(node) ? { kind: 'return', node } : { kind: 'throw' };
				case 'break_statement':
					return { kind: 'break', labelled: false };
				case 'continue_statement':
					return { kind: 'continue', labelled: false };
				case 'for_statement':
				case 'while_statement':
					return { kind: 'loop' };
				default:
					return { kind: 'other' };
			}
		},
		logic(node) {
			if (node.type === 'not_operator') {
				const arg = node.childForFieldName('argument');
				return arg ? { op: '!', args: [arg] } : undefined;
			}
			if (node.type === 'boolean_operator') {
				const op = operatorOf(node);
				const left = node.childForFieldName('left');
				const right = node.childForFieldName('right');
				if (!left || !right) return undefined;
				if (op === 'and') return { op: '&&', args: [left, right] };
				if (op === 'or') return { op: '||', args: [left, right] };
			}
			return undefined;
		},
		comparison(node) {
			if (node.type !== 'comparison_operator') return undefined;
			const operands = kids(node);
			const ops = node.childrenForFieldName('operators').filter((c): c is Node => c !== null);
			if (operands.length !== 2 || ops.length !== 1) return undefined;
			const op = ops[0].text;
			if (!['==', '!=', '<', '<=', '>', '>='].includes(op)) return undefined;
			return { op, left: operands[0], right: operands[1] };
		},
		isStatusExpr,
		statusValue,
		statusPredicate(node) {
			const n = unwrap(node);
			if (n.type === 'attribute') {
				switch (n.childForFieldName('attribute')?.text) {
					case 'ok':
						return (s) => s < 400;
					case 'is_success':
						return (s) => s >= 200 && s < 300;
					case 'is_error':
						return (s) => s >= 400;
					case 'is_client_error':
						return (s) => s >= 400 && s < 500;
					case 'is_server_error':
						return (s) => s >= 500;
				}
				return undefined;
			}
			// `if not r:`: a requests Response is falsy when it is not ok.
			if (n.type === 'identifier' && scope.responseNames.has(n.text)) return (s) => s < 400;
			if (n.type === 'comparison_operator') {
				const operands = kids(n);
				const ops = n.childrenForFieldName('operators').filter((c): c is Node => c !== null);
				// `400 <= r.status_code < 500`
				if (operands.length === 3 && ops.length === 2 && isStatusExpr(operands[1])) {
					const low = statusValue(operands[0]) ?? numberOf(operands[0]);
					const high = statusValue(operands[2]) ?? numberOf(operands[2]);
					const [first, second] = ops.map((o) => o.text);
					if (low === undefined || high === undefined || !ORDER.has(first) || !ORDER.has(second)) return undefined;
					return (s) => ordered(low, first, s) && ordered(s, second, high);
				}
				if (operands.length !== 2 || ops.length !== 1 || !isStatusExpr(operands[0])) return undefined;
				const op = ops.map((o) => o.text).join(' ');
				const negated = /not/.test(n.text.slice(operands[0].endIndex - n.startIndex, operands[1].startIndex - n.startIndex));
				if (op !== 'in' && !/^not\s*in$/.test(op) && !negated) return undefined;
				const items = collectionItems(operands[1]);
				if (items) {
					const values = items.map((item) => statusValue(item));
					if (values.some((v) => v === undefined)) return undefined;
					return negated ? (s) => !values.includes(s) : (s) => values.includes(s);
				}
				// `status in range(500, 600)`
				const range = unwrap(operands[1]);
				if (range.type === 'call' && calleeOf(range)?.text === 'range') {
					const [a, b] = positionalArgs(range).map((x) => numberOf(x));
					if (a === undefined || b === undefined) return undefined;
					return negated ? (s) => !(s >= a && s < b) : (s) => s >= a && s < b;
				}
			}
			return undefined;
		},
		numberValue(node) {
			const n = unwrap(node);
			const v = numberOf(n);
			if (v !== undefined) return v;
			if (n.type === 'call' && calleeOf(n)?.text === 'range') {
				const args = positionalArgs(n).map((x) => numberOf(x));
				if (args.length === 1) return args[0];
				if (args.length === 2 && args[0] !== undefined && args[1] !== undefined) return Math.max(0, args[1] - args[0]);
			}
			return undefined;
		},
		loop(node): LoopInfo | undefined {
			const body = node.childForFieldName('body');
			if (!body) return undefined;
			const headEnd = headColon(node) ?? node.children[0]!;
			if (node.type === 'while_statement') {
				const condition = node.childForFieldName('condition') ?? undefined;
				const text = condition ? unwrap(condition).text : '';
				return { body, kind: text === 'True' || text === '1' ? 'infinite' : 'while', condition, headEnd };
			}
			const right = node.childForFieldName('right');
			const iterated = right ? unwrap(right) : undefined;
			if (iterated?.type === 'call') {
				const resolved = scope.imports.resolve(calleeOf(iterated)) ?? calleeOf(iterated)?.text ?? '';
				if (resolved === 'range') return { body, kind: 'count', count: iterated, headEnd };
				if (/^(itertools\.)?count$/.test(resolved) || resolved === 'itertools.count') return { body, kind: 'infinite', headEnd };
			}
			return { body, kind: 'data', headEnd };
		},
		wait(call): WaitInfo | undefined {
			const resolved = scope.imports.resolve(calleeOf(call));
			if (!resolved || !SLEEPS.test(resolved)) return undefined;
			const duration = positionalArgs(call)[0];
			if (resolved === 'time.sleep' || resolved === 'gevent.sleep' || resolved === 'eventlet.sleep') return { duration, awaited: true, unitMs: 1000 };
			const parent = call.parent;
			if (parent?.type === 'await') return { duration, awaited: true, unitMs: 1000 };
			if (parent?.type === 'expression_statement') return { duration, awaited: false, unitMs: 1000 };
			// Handed to something else (`create_task`, `wait_for`): its waiting is not ours to read.
			return { duration, awaited: true, unitMs: 1000, opaque: true };
		},
		durationMs,
		calleeName,
		callee(call) {
			return receiverOf(call) ?? calleeOf(call);
		},
		callArguments(call) {
			return positionalArgs(call);
		},
		functionName(fn) {
			return fn.childForFieldName('name')?.text;
		},
		parameterNames(fn) {
			return parameterNames(fn);
		},
		functionBody(fn) {
			return fn.childForFieldName('body') ?? undefined;
		},
		assignments(scopeNode) {
			const out: Array<{ name: string; value: Node; node: Node; compound?: string }> = [];
			const nodes = scopeNode.type === 'assignment' || scopeNode.type === 'augmented_assignment' ? [scopeNode] : [];
			nodes.push(...collect(scopeNode, (n) => n.type === 'assignment' || n.type === 'augmented_assignment'));
			for (const node of nodes) {
				const left = node.childForFieldName('left');
				const right = node.childForFieldName('right');
				if (!left || !right) continue;
				const op = node.type === 'augmented_assignment' ? operatorOf(node) : undefined;
				out.push({ name: left.text, value: right, node, compound: op });
			}
			return out;
		},
		incrementedNames(scopeNode) {
			const names = new Set<string>();
			for (const node of collect(scopeNode, (n) => n.type === 'augmented_assignment' || n.type === 'assignment')) {
				const left = node.childForFieldName('left')?.text ?? '';
				if (node.type === 'augmented_assignment') {
					const op = operatorOf(node);
					if (op === '+=' || op === '-=') names.add(left);
					continue;
				}
				const right = node.childForFieldName('right');
				if (right?.type === 'binary_operator' && right.childForFieldName('left')?.text === left) names.add(left);
			}
			return names;
		},
		isLogCall(call) {
			return isLogCall(call);
		},
		isPlainValue(node) {
			return isPlainValue(node);
		},
	};
	dialect.statement = memoByNode(dialect.statement.bind(dialect));
	dialect.logic = memoByNode(dialect.logic.bind(dialect));
	dialect.comparison = memoByNode(dialect.comparison.bind(dialect));
	return dialect;
}

/**
 * `raise PermissionError(...)` inside `try: ... except requests.RequestException:` is not caught
 * there: the engine sees only "a throw", so such raises are told apart here.
 */
function raiseEscapes(raise: Node): boolean {
	const raised = kids(raise)[0];
	if (!raised) return false; // re-raise
	const target = raised.type === 'call' ? calleeOf(raised) : raised;
	const name = target?.text ?? '';
	const last = name.slice(name.lastIndexOf('.') + 1);
	if (!/^\w+$/.test(last) || exceptionKind(name) !== 'other' || exceptionKind(last) !== 'other' || /^(HTTPError|RequestException|ClientError)$/.test(last)) return false;
	for (let current: Node | null = raise.parent; current && current.type !== 'function_definition'; current = current.parent) {
		if (current.type !== 'try_statement') continue;
		const body = current.childForFieldName('body');
		if (!body || raise.startIndex < body.startIndex || raise.endIndex > body.endIndex) continue;
		for (const clause of kids(current)) {
			if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
			const { types } = exceptTypes(clause);
			if (types.length === 0) return false;
			for (const type of types) {
				const caught = type.slice(type.lastIndexOf('.') + 1);
				if (/^(Exception|BaseException|OSError|IOError|EnvironmentError)$/.test(caught) || caught === last) return false;
			}
		}
	}
	return true;
}

export function parameterNames(fn: Node): string[] {
	const params = fn.childForFieldName('parameters');
	return kids(params)
		.map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? kids(p).find((c) => c.type === 'identifier')?.text ?? '')))
		.filter((name) => name !== '' && name !== 'self' && name !== 'cls');
}

const LOG_RECEIVER = /^(self\.|cls\.)?_?(log|logger|logging|LOG|LOGGER|LOGGER_\w+|log_\w+|\w+_logger|\w+_log)$/;
const LOG_NAME = /log|warn|error|report|capture|exception|critical|alert|notify|print/i;

export function isLogCall(call: Node): boolean {
	const fn = calleeOf(call);
	if (!fn) return false;
	const receiver = receiverOf(call)?.text ?? '';
	if (LOG_RECEIVER.test(receiver) || /^(sentry_sdk|traceback|warnings|sys\.stderr)$/.test(receiver)) return true;
	return LOG_NAME.test(calleeName(call) ?? '');
}

export function isPlainValue(node: Node | undefined): boolean {
	if (!node) return true;
	const n = unwrap(node);
	switch (n.type) {
		case 'none':
		case 'true':
		case 'false':
		case 'integer':
		case 'float':
			return true;
		case 'string':
			return !kids(n).some((c) => c.type === 'interpolation');
		case 'list':
		case 'dictionary':
		case 'set':
		case 'tuple':
			return kids(n).length === 0;
		case 'call':
			return /^(dict|list|set|tuple|str|frozenset)$/.test(calleeOf(n)?.text ?? '') && kids(n.childForFieldName('arguments')).length === 0;
	}
	return false;
}
