// What the shared engine needs to know about one language's syntax: statements for the
// path walker, conditions on the status, loops, waits and durations. Each adapter
// (Go, Java, C#) implements this once; retries, delays and catches are read by the
// engine in `common/` from it.
import type { Node } from 'web-tree-sitter';

/** A statement as the path walker sees it. */
export type Stmt =
	| { kind: 'seq'; body: Node[] }
	| { kind: 'if'; condition?: Node; then: Node[]; else?: Node[] }
	/** `labels: 'default'` for the default case; a case body ends its switch on `break`. */
	| { kind: 'switch'; value?: Node; cases: Array<{ labels: Node[] | 'default'; body: Node[] }> }
	| { kind: 'try'; body: Node[]; catches: CatchPart[] }
	| { kind: 'return'; node: Node }
	| { kind: 'throw' }
	| { kind: 'break'; labelled: boolean }
	| { kind: 'continue'; labelled: boolean }
	| { kind: 'loop' }
	| { kind: 'other' };

export interface CatchPart {
	node: Node;
	/** The exception type names as written (`IOException`, `HttpRequestException`); empty for a bare catch. */
	types: string[];
	/** The exception variable, if named. */
	name?: string;
	/** C# `when (...)`. */
	filter?: Node;
	body: Node[];
	bodyNode?: Node;
	/** The head of the clause (`catch (X e)`), for findings. */
	head: { startIndex: number; endIndex: number; start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LoopInfo {
	body: Node;
	/** `data`: a loop over a collection (range over a slice, for-each): never a retry. */
	kind: 'for' | 'while' | 'do' | 'infinite' | 'data' | 'count';
	condition?: Node;
	initializer?: Node;
	/** `for range 3` in Go: the number of rounds. */
	count?: Node;
	/** The last node of the head (`for (...)`), for the head span. */
	headEnd: Node;
}

export interface WaitInfo {
	/** The duration argument, when the wait takes one. */
	duration?: Node;
	/** False for a C# `Task.Delay(...)` that is not awaited. */
	awaited: boolean;
	/** Milliseconds per unit of a bare number in `duration` (Java `Thread.sleep(ms)`: 1; Go `time.Sleep(n)`: 1e-6). */
	unitMs: number;
	/** The shape cannot be read (a helper that waits, a ticker). */
	opaque?: boolean;
}

export interface Dialect {
	functionTypes: ReadonlySet<string>;
	loopTypes: ReadonlySet<string>;
	callTypes: ReadonlySet<string>;
	/** Strips parentheses (and casts, for status reads such as `(int)response.StatusCode`). */
	unwrap(node: Node): Node;
	statement(node: Node): Stmt;
	logic(node: Node): { op: '!' | '&&' | '||'; args: Node[] } | undefined;
	comparison(node: Node): { op: string; left: Node; right: Node } | undefined;
	/** A read of a response status: `resp.StatusCode`, `response.statusCode()`, `(int)r.StatusCode`. */
	isStatusExpr(node: Node): boolean;
	/** A status written as a literal or a named constant (`401`, `http.StatusUnauthorized`). */
	statusValue(node: Node): number | undefined;
	/** A test on the status as a whole: `IsSuccessStatusCode`, `isSuccessful()`, `is5xxServerError()`. */
	statusPredicate(node: Node): ((status: number) => boolean) | undefined;
	/** `err != nil` / `err == nil` on the error of the call: true when `err != nil` is the test. */
	errorCheck?(node: Node, errorName: string | undefined): '!=' | '==' | undefined;
	numberValue(node: Node): number | undefined;
	loop(node: Node): LoopInfo | undefined;
	/** The call waits before the next attempt. */
	wait(call: Node): WaitInfo | undefined;
	/** A duration expression in ms (`2 * time.Second`, `Duration.ofSeconds(1)`, `TimeSpan.FromSeconds(2)`), when constant. */
	durationMs(node: Node, unitMs: number): number | undefined;
	/** The last name of a call's callee (`Sleep` for `time.Sleep(...)`). */
	calleeName(call: Node): string | undefined;
	/** The callee node of a call. */
	callee(call: Node): Node | undefined;
	callArguments(call: Node): Node[];
	/** The name a function is known by (for recursion and self-replays). */
	functionName(fn: Node): string | undefined;
	parameterNames(fn: Node): string[];
	/** The body of a function. */
	functionBody(fn: Node): Node | undefined;
	/** Assignments and declarations in `scope`: name and value nodes, for reading variables. */
	assignments(scope: Node): Array<{ name: string; value: Node; node: Node; compound?: string }>;
	/** Increments of a counter: `attempt++`, `attempt += 1`. */
	incrementedNames(scope: Node): Set<string>;
	/** Logging calls: `log.Printf`, `logger.warn`, `_logger.LogError`, `Console.Error.WriteLine`. */
	isLogCall(call: Node): boolean;
	/** A value that says nothing about the error: `nil`, `null`, `""`, `0`, `false`, `default`, empty collections. */
	isPlainValue(node: Node | undefined): boolean;
}
