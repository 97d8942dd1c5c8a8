// Follows the code path after an HTTP call for one response status, statement by
// statement, to learn whether it leaves (`return`, `throw`, `break`) or goes round for
// another attempt (`continue`, the end of a loop body, a recursive call). Conditions on
// the status are evaluated; others fork the path. This is how a loop is told apart from
// a retry, and how the statuses a retry repeats are read.
import type { Node } from 'web-tree-sitter';
import { compileStatus, type StatusTest } from './status';
import { FUNCTION_TYPES, LOOP_TYPES, collectTyped, field, isStatementList, parentOf, statementsOfMemo, typeOf } from './syntax';

function fieldOf(node: Node | null, name: string): Node | null {
	return node ? field(node, name) : null;
}

const CALL = new Set(['call_expression']);
const JUMPS = new Set(['return_statement', 'throw_statement', 'continue_statement', 'break_statement']);

export type Outcome = 'exit' | 'retry';
/** Every way a path may end; both means "cannot tell". */
export type Outcomes = ReadonlySet<Outcome>;

const EXIT: Outcomes = new Set(['exit']);
const RETRY: Outcomes = new Set(['retry']);

export interface PathSpec {
	/** The node the path stays inside: a loop body, a function body. */
	region: Node;
	/** What falling off the end of the region means: another loop round, or leaving the function. */
	regionEnd: Outcome;
	/** The loop whose `continue`/`break` count (a loop retry). */
	loop?: Node;
	/** A call that starts the next attempt (recursion, a replay in a catch). */
	isRetryCall?: (call: Node) => boolean;
	/** What an uncaught `throw` (or a throwing call) means: leaving (default), or another attempt (p-retry). */
	throwOutcome?: (thrown: Node | undefined) => Outcome;
}

interface Handler {
	body: Node;
	next: () => Outcomes;
}

function union(a: Outcomes, b: Outcomes): Outcomes {
	if (a.size === 2 || b.size === 0) return a;
	if (b.size === 2 || a.size === 0) return b;
	return a.has('exit') === b.has('exit') ? a : new Set<Outcome>(['exit', 'retry']);
}

const STATEMENT = /(_statement|_declaration|^statement_block)$/;

function isStatement(node: Node): boolean {
	return STATEMENT.test(typeOf(node)) && typeOf(node) !== 'function_declaration' && typeOf(node) !== 'class_declaration';
}

/** A path simulator for one region; `status` is the response status (NaN for a network error). */
export class PathWalker {
	private budget = 4000;
	/** The status tests of the conditions this walk evaluated, in order, and what each said. */
	readonly tests: StatusTest[] = [];
	readonly values: Array<boolean | undefined> = [];

	constructor(
		private readonly spec: PathSpec,
		private readonly status: number,
	) {}

	/** The outcomes after the call at `call` completes normally (or `throws`). */
	fromCall(call: Node, throws: boolean): Outcomes {
		const statement = this.statementOf(call);
		if (!statement) return new Set(['exit', 'retry']);
		const handlers = this.handlersFor(statement);
		if (throws) return this.throwFrom(call, handlers);
		return this.exec(statement, this.after(statement), handlers);
	}

	private statementOf(node: Node): Node | undefined {
		for (let current: Node | null = node; current && current.id !== this.spec.region.id; current = parentOf(current)) {
			if (FUNCTION_TYPES.has(typeOf(current)) && current.id !== node.id) return undefined;
			if (isStatement(current)) return current;
		}
		return undefined;
	}

	/** Catch handlers around `node` inside the region, innermost last. */
	private handlersFor(node: Node): Handler[] {
		const handlers: Handler[] = [];
		let child = node;
		for (let current = parentOf(node); current && current.id !== this.spec.region.id; current = parentOf(current)) {
			if (FUNCTION_TYPES.has(typeOf(current))) break;
			if (typeOf(current) === 'try_statement' && field(current, 'body')?.id === child.id) {
				const body = fieldOf(field(current, 'handler'), 'body');
				if (body) handlers.unshift({ body, next: this.after(current) });
			}
			child = current;
		}
		return handlers;
	}

	/** What runs after `statement` finishes normally, up to the end of the region. */
	private after(statement: Node): () => Outcomes {
		const parent = parentOf(statement);
		if (!parent || statement.id === this.spec.region.id) return () => this.end();
		if (parent.id === this.spec.region.id && !isStatementList(parent)) return () => this.end();
		if (isStatementList(parent)) {
			const siblings = statementsOfMemo(parent);
			const index = siblings.findIndex((s) => s.id === statement.id);
			const rest = () => (parent.id === this.spec.region.id ? this.end() : this.after(parent)());
			return () => this.run(siblings, index + 1, rest, this.handlersFor(parent));
		}
		if (typeOf(parent) === 'catch_clause' || typeOf(parent) === 'finally_clause') {
			const tryStatement = parentOf(parent);
			return tryStatement ? this.after(tryStatement) : () => this.end();
		}
		if (LOOP_TYPES.has(typeOf(parent)) && parent.id !== this.spec.loop?.id) {
			// The end of a nested loop's body: it may go round; assume it ends, as most do.
			return this.after(parent);
		}
		return this.after(parent);
	}

	private end(): Outcomes {
		return this.spec.regionEnd === 'retry' ? RETRY : EXIT;
	}

	private run(statements: Node[], index: number, next: () => Outcomes, handlers: Handler[]): Outcomes {
		if (index >= statements.length) return next();
		return this.exec(statements[index], () => this.run(statements, index + 1, next, handlers), handlers);
	}

	private throwFrom(node: Node | undefined, handlers: Handler[]): Outcomes {
		const handler = handlers[handlers.length - 1];
		if (handler) return this.run(statementsOfMemo(handler.body), 0, handler.next, handlers.slice(0, -1));
		const outcome = this.spec.throwOutcome ? this.spec.throwOutcome(node) : 'exit';
		return outcome === 'retry' ? RETRY : EXIT;
	}

	private containsRetryCall(node: Node): boolean {
		const isRetryCall = this.spec.isRetryCall;
		if (!isRetryCall) return false;
		if (typeOf(node) === 'call_expression' && isRetryCall(node)) return true;
		return collectTyped(node, CALL, isRetryCall).length > 0;
	}

	private exec(statement: Node, next: () => Outcomes, handlers: Handler[]): Outcomes {
		if (--this.budget < 0) return new Set(['exit', 'retry']);
		switch (typeOf(statement)) {
			case 'return_statement':
				return this.containsRetryCall(statement) ? RETRY : EXIT;
			case 'throw_statement':
				return this.throwFrom(statement, handlers);
			case 'continue_statement':
				return this.spec.loop ? RETRY : EXIT;
			case 'break_statement':
				return EXIT;
			case 'statement_block':
				return this.run(statementsOfMemo(statement), 0, next, handlers);
			case 'if_statement': {
				const condition = field(statement, 'condition');
				if (condition && this.containsRetryCall(condition)) return RETRY;
				const test = compileStatus(condition);
				const value = test(this.status);
				this.tests.push(test);
				this.values.push(value);
				const consequence = () => this.run(statementsOfMemo(field(statement, 'consequence')), 0, next, handlers);
				const alternative = () => {
					const alt = field(statement, 'alternative');
					return alt ? this.run(statementsOfMemo(alt), 0, next, handlers) : next();
				};
				if (value === true) return consequence();
				if (value === false) return alternative();
				return union(consequence(), alternative());
			}
			case 'try_statement': {
				const body = field(statement, 'body');
				const handlerBody = fieldOf(field(statement, 'handler'), 'body');
				const inner = handlerBody ? [...handlers, { body: handlerBody, next }] : handlers;
				return this.run(statementsOfMemo(body), 0, next, inner);
			}
			case 'expression_statement':
			case 'lexical_declaration':
			case 'variable_declaration':
				if (this.containsRetryCall(statement)) return RETRY;
				return next();
			default:
				if (this.containsRetryCall(statement)) return RETRY;
				// A nested loop or switch: if it can leave or go round, we cannot tell which.
				if (collectTyped(statement, JUMPS, undefined, 'function').length > 0) return union(next(), union(EXIT, RETRY));
				return next();
		}
	}
}

/** Outcomes for one status. `throws`: the client raises for this status (or a network error). */
export function outcomesFor(spec: PathSpec, call: Node, status: number, throws: boolean): Outcomes {
	return new PathWalks(spec, call).outcomes(status, throws);
}

/** A finished walk: what it came to, and the status tests it took its turns on. */
interface Walked {
	throws: boolean;
	outcomes: Outcomes;
	tests: StatusTest[];
	values: Array<boolean | undefined>;
}

/**
 * The walks from one call for many statuses. A walk depends on the status only through the
 * conditions it evaluates: a status for which each of those says what it said in an earlier
 * walk would take the same turns to the same end, so that walk's outcomes are reused (most
 * error statuses take one of two or three paths; each walk costs tens of tree lookups).
 */
export class PathWalks {
	private readonly walked: Walked[] = [];

	constructor(
		private readonly spec: PathSpec,
		private readonly call: Node,
	) {}

	outcomes(status: number, throws: boolean): Outcomes {
		const same = this.walked.find((walk) => walk.throws === throws && walk.tests.every((test, i) => test(status) === walk.values[i]));
		if (same) return same.outcomes;
		const walker = new PathWalker(this.spec, status);
		let outcomes: Outcomes;
		try {
			outcomes = walker.fromCall(this.call, throws);
		} catch {
			return new Set(['exit', 'retry']);
		}
		this.walked.push({ throws, outcomes, tests: walker.tests, values: walker.values });
		return outcomes;
	}
}
