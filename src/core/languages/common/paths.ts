// Follows the statements of a loop body (or a retried function) for one scenario, a
// response status or a network error, to learn whether the path leaves or goes round
// again. Conditions on the status are evaluated; others fork the path.
import type { Node } from 'web-tree-sitter';
import type { CatchPart, Dialect } from './dialect';
import { collect, within } from './tree';

/** `status` undefined: a network error (no response). */
export interface Scenario {
	status?: number;
}

type End = 'next' | 'exit' | 'retry' | 'throw' | 'break' | 'continue';

export type Outcome = 'exit' | 'retry';
export type Outcomes = ReadonlySet<Outcome>;

export interface WalkSpec {
	dialect: Dialect;
	/** The primary HTTP call of the retry. */
	call: Node;
	/** The call raises on this scenario's status (network errors raise in exception languages). */
	callThrows: (scenario: Scenario) => boolean;
	/** Other calls that raise on an error status: `response.EnsureSuccessStatusCode()`. */
	isEnsureCall?: (call: Node) => boolean;
	/** The error variable bound with the call (Go). */
	errorName?: string;
	/** What a `return` means: leaving (default), or another attempt (a retried operation returning an error). */
	onReturn?: (ret: Node, scenario: Scenario) => Outcome;
	/** What falling off the end of the region means. */
	regionEnd: Outcome;
	/** What an uncaught throw means (a retry library retrying exceptions: `retry`). */
	throwOutcome?: Outcome;
}

const compare = (a: number, op: string, b: number): boolean | undefined => {
	switch (op) {
		case '==':
		case '===':
			return a === b;
		case '!=':
		case '!==':
			return a !== b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		case '>':
			return a > b;
		case '>=':
			return a >= b;
	}
	return undefined;
};

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** Evaluates a condition in a scenario: true, false, or undefined when it cannot tell. */
export function evalCondition(node: Node, scenario: Scenario, dialect: Dialect, errorName?: string): boolean | undefined {
	const cond = dialect.unwrap(node);
	const logic = dialect.logic(cond);
	if (logic) {
		const values = logic.args.map((arg) => evalCondition(arg, scenario, dialect, errorName));
		if (logic.op === '!') return values[0] === undefined ? undefined : !values[0];
		if (logic.op === '&&') {
			if (values.some((v) => v === false)) return false;
			return values.every((v) => v === true) ? true : undefined;
		}
		if (values.some((v) => v === true)) return true;
		return values.every((v) => v === false) ? false : undefined;
	}
	const errorTest = dialect.errorCheck?.(cond, errorName);
	if (errorTest) {
		const failed = scenario.status === undefined;
		return errorTest === '!=' ? failed : !failed;
	}
	const cmp = dialect.comparison(cond);
	if (cmp) {
		if (scenario.status === undefined) return undefined;
		const left = dialect.unwrap(cmp.left);
		const right = dialect.unwrap(cmp.right);
		if (dialect.isStatusExpr(left)) {
			const value = dialect.statusValue(right) ?? dialect.numberValue(right);
			if (value !== undefined) return compare(scenario.status, cmp.op, value);
		}
		if (dialect.isStatusExpr(right)) {
			const value = dialect.statusValue(left) ?? dialect.numberValue(left);
			if (value !== undefined && FLIP[cmp.op]) return compare(scenario.status, FLIP[cmp.op], value);
		}
		return undefined;
	}
	const predicate = dialect.statusPredicate(cond);
	if (predicate) return scenario.status === undefined ? undefined : predicate(scenario.status);
	return undefined;
}

/** Per spec: whether a statement holds an ensure call after the primary call (the same for every scenario). */
const ensureCache = new WeakMap<WalkSpec, Map<number, boolean>>();

function ensureCallIn(spec: WalkSpec, node: Node): boolean {
	let cache = ensureCache.get(spec);
	if (!cache) {
		cache = new Map();
		ensureCache.set(spec, cache);
	}
	let found = cache.get(node.id);
	if (found === undefined) {
		const skip = (n: Node) => spec.dialect.functionTypes.has(n.type);
		found = collect(node, (n) => spec.dialect.callTypes.has(n.type) && spec.isEnsureCall!(n) && n.startIndex > spec.call.startIndex, skip).length > 0;
		cache.set(node.id, found);
	}
	return found;
}

/** A question the walk asked about its scenario, and the answer it got. */
export type Check = readonly [(scenario: Scenario) => unknown, unknown];

export class PathWalker {
	private budget = 5000;
	/**
	 * Every question about the scenario, in order. The walk depends on the scenario through
	 * these answers alone, so another scenario that gets the same answers takes the same path.
	 */
	readonly trace: Check[] = [];

	constructor(
		private readonly spec: WalkSpec,
		private readonly scenario: Scenario,
	) {}

	private ask<T>(question: (scenario: Scenario) => T): T {
		const answer = question(this.scenario);
		this.trace.push([question, answer]);
		return answer;
	}

	/** Outcomes of running `statements` to the end of the region. */
	run(statements: Node[]): Outcomes {
		const ends = this.list(statements);
		const out = new Set<Outcome>();
		for (const end of ends) {
			switch (end) {
				case 'next':
				case 'continue':
					out.add(this.spec.regionEnd === 'exit' && end === 'next' ? 'exit' : end === 'continue' ? 'retry' : this.spec.regionEnd);
					break;
				case 'retry':
					out.add('retry');
					break;
				case 'throw':
					out.add(this.spec.throwOutcome ?? 'exit');
					break;
				default:
					out.add('exit');
			}
		}
		return out;
	}

	private list(statements: Node[], from = 0): Set<End> {
		if (from >= statements.length) return new Set(['next']);
		const ends = this.statement(statements[from]);
		if (!ends.has('next')) return ends;
		const out = new Set(ends);
		out.delete('next');
		for (const end of this.list(statements, from + 1)) out.add(end);
		return out;
	}

	private throwsIn(node: Node): boolean {
		const { spec } = this;
		if (within(spec.call, node) && this.ask((scenario) => spec.callThrows(scenario))) return true;
		if (spec.isEnsureCall && this.ask((scenario) => scenario.status !== undefined && scenario.status >= 400)) return ensureCallIn(spec, node);
		return false;
	}

	private statement(node: Node): Set<End> {
		if (--this.budget < 0) return new Set(['next', 'exit']);
		const { dialect } = this.spec;
		const stmt = dialect.statement(node);
		switch (stmt.kind) {
			case 'seq':
				return this.list(stmt.body);
			case 'if': {
				if (stmt.condition && this.throwsIn(stmt.condition)) return new Set(['throw']);
				const condition = stmt.condition;
				const value = condition ? this.ask((scenario) => evalCondition(condition, scenario, dialect, this.spec.errorName)) : undefined;
				const thenEnds = () => this.list(stmt.then);
				const elseEnds = () => (stmt.else ? this.list(stmt.else) : new Set<End>(['next']));
				if (value === true) return thenEnds();
				if (value === false) return elseEnds();
				return new Set([...thenEnds(), ...elseEnds()]);
			}
			case 'switch': {
				if (stmt.value && this.throwsIn(stmt.value)) return new Set(['throw']);
				const statusSwitch = stmt.value !== undefined && dialect.isStatusExpr(dialect.unwrap(stmt.value));
				const out = new Set<End>();
				let definite = false;
				const caseEnds = (body: Node[]) => {
					for (const end of this.list(body)) out.add(end === 'break' ? 'next' : end);
				};
				for (const part of stmt.cases) {
					if (part.labels === 'default') continue;
					const labels = part.labels;
					const match = this.ask((scenario): boolean | undefined => {
						let match: boolean | undefined;
						if (statusSwitch && scenario.status !== undefined) {
							const values = labels.map((label) => dialect.statusValue(label) ?? dialect.numberValue(label));
							if (values.some((v) => v === scenario.status)) match = true;
							else if (values.every((v) => v !== undefined)) match = false;
						} else if (!stmt.value) {
							// Go's `switch { case cond: }`
							const values = labels.map((label) => evalCondition(label, scenario, dialect, this.spec.errorName));
							if (values.some((v) => v === true)) match = true;
							else if (values.every((v) => v === false)) match = false;
						}
						return match;
					});
					if (match === false) continue;
					caseEnds(part.body);
					if (match === true) {
						definite = true;
						break;
					}
				}
				if (!definite) {
					const fallback = stmt.cases.find((part) => part.labels === 'default');
					if (fallback) caseEnds(fallback.body);
					else out.add('next');
				}
				return out;
			}
			case 'try': {
				const bodyEnds = this.list(stmt.body);
				if (!bodyEnds.has('throw')) return bodyEnds;
				const out = new Set(bodyEnds);
				out.delete('throw');
				let caught = false;
				for (const part of stmt.catches) {
					const match = this.catchMatches(part);
					if (match === false) continue;
					for (const end of this.list(part.body)) out.add(end);
					if (match === true) {
						caught = true;
						break;
					}
				}
				if (!caught) out.add('throw');
				return out;
			}
			case 'return':
				if (this.throwsIn(stmt.node)) return new Set(['throw']);
				if (this.spec.onReturn) {
					const onReturn = this.spec.onReturn;
					return new Set([this.ask((scenario) => onReturn(stmt.node, scenario)) === 'retry' ? 'retry' : 'exit']);
				}
				return new Set(['exit']);
			case 'throw':
				return new Set(['throw']);
			case 'break':
				return new Set([stmt.labelled ? 'exit' : 'break']);
			case 'continue':
				return new Set([stmt.labelled ? 'retry' : 'continue']);
			case 'loop':
				return new Set(['next']);
			default:
				return this.throwsIn(node) ? new Set(['throw']) : new Set(['next']);
		}
	}

	private catchMatches(part: CatchPart): boolean | undefined {
		return this.ask((scenario) => {
			let match = typesMatch(part.types, scenario.status);
			if (match !== false && part.filter) {
				const filter = evalCondition(part.filter, scenario, this.spec.dialect, this.spec.errorName);
				if (filter === false) match = false;
				else if (filter === undefined) match = undefined;
			}
			return match;
		});
	}
}

const CATCH_ALL = /^(Exception|Throwable|System\.Exception|RuntimeException|IOException|java\.io\.IOException|HttpRequestException|RestClientException|WebClientException|UncheckedIOException|ExecutionException|CompletionException|AggregateException)$/;
const NETWORK_ONLY = /^(ConnectException|SocketTimeoutException|HttpTimeoutException|HttpConnectTimeoutException|UnknownHostException|ResourceAccessException|WebClientRequestException|TaskCanceledException|TimeoutException|OperationCanceledException|SocketException|InterruptedIOException)$/;
const STATUS_ONLY = /^(HttpStatusCodeException|RestClientResponseException|WebClientResponseException)$/;

/** Whether a catch for these types receives the error of a scenario: true, false, or unknown. */
function typesMatch(types: string[], status: number | undefined): boolean | undefined {
	if (types.length === 0) return true;
	const network = status === undefined;
	let unknown = false;
	for (const raw of types) {
		const type = raw.replace(/^.*\.(?=[A-Z]\w*Exception$)/, '');
		if (/^HttpClientErrorException\./.test(raw) || /^HttpServerErrorException\./.test(raw) || /^WebClientResponseException\./.test(raw)) {
			// `HttpClientErrorException.Unauthorized`: one status.
			if (!network) unknown = true;
			continue;
		}
		if (type === 'HttpClientErrorException') {
			if (!network && status! < 500) return true;
			continue;
		}
		if (type === 'HttpServerErrorException') {
			if (!network && status! >= 500) return true;
			continue;
		}
		if (STATUS_ONLY.test(type)) {
			if (!network) return true;
			continue;
		}
		if (NETWORK_ONLY.test(type)) {
			if (network) unknown = true;
			continue;
		}
		if (CATCH_ALL.test(type)) return true;
		unknown = true;
	}
	return unknown ? undefined : false;
}
