// Fixes for Python, shaped to the file: its indentation step, sync or async code, the
// logger it already uses, and its imports (added once, after the existing ones). Each
// fix starts from the fact its finding is about and gives up when the code does not have
// the shape the edit assumes.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, RetryConstruct, TextEdit } from '../types';
import { indentAt, indentUnit, linesAfter, linesBefore } from './edits';
import type { FixContext, LanguageFixer } from './index';
import { RECURSION_NEEDS, subjectOf } from './subject';
import { BACKOFF, PY_BACKOFF_IMPORTS, PY_BACKOFF_NAME, PY_DESCRIBE_IMPORTS, PY_DESCRIBE_NAME, projectUses, pyBackoffHelper, pyDescribeHelper } from './snippets';
import { children, closest, contains, descendants, encloses, nodeForSpan } from './tree';

const LOOPS = ['for_statement', 'while_statement'];
const FUNCTIONS = ['function_definition', 'lambda'];
const JUMPS = ['return_statement', 'raise_statement', 'break_statement', 'continue_statement'];
const AUTH = '(401, 403)';

class PyFile {
	readonly indent: string;
	private readonly imports = new Set<string>();
	private readonly helpers: string[] = [];

	constructor(readonly context: FixContext) {
		this.indent = indentUnit(context.text);
	}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	/** Asks for `import <module>` unless the file already imports it. */
	requireImport(module: string): void {
		const escaped = module.replace('.', '\\.');
		if (!new RegExp(`^\\s*import\\s+([\\w.]+\\s*,\\s*)*${escaped}\\b`, 'm').test(this.text)) this.imports.add(module);
	}

	/** Asks for a top-level helper function unless the file already defines it. */
	requireHelper(name: string, source: string, imports: readonly string[]): void {
		imports.forEach((module) => this.requireImport(module));
		if (!new RegExp(`^def\\s+${name}\\b`, 'm').test(this.text)) this.helpers.push(source);
	}

	/** `from <module> import <name>` unless the name is already imported from there. */
	requireFromImport(module: string, names: string[]): TextEdit[] {
		const existing = new RegExp(`^from\\s+${module}\\s+import\\s+([^\\n(]+|\\([^)]*\\))`, 'm').exec(this.text);
		const missing = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(existing?.[1] ?? ''));
		if (missing.length === 0) return [];
		if (existing && !existing[1].includes('(') && !existing[1].includes('#')) {
			// Extend `from tenacity import retry` rather than adding a second line.
			const end = existing.index + existing[0].trimEnd().length;
			return [{ startIndex: end, endIndex: end, newText: `, ${missing.join(', ')}` }];
		}
		const line = `from ${module} import ${missing.join(', ')}`;
		const at = this.importsEnd();
		return [{ startIndex: at, endIndex: at, newText: at === 0 ? `${line}\n` : `\n${line}` }];
	}

	/** The edits for the imports and helpers asked for, placed after the existing imports. */
	preambleEdits(): TextEdit[] {
		const at = this.importsEnd();
		const imports = [...this.imports].sort().map((module) => `import ${module}`);
		const helpers = this.helpers.map((source) => `\n\n${source}`);
		if (imports.length === 0 && helpers.length === 0) return [];
		const importText = imports.length ? (at === 0 ? `${imports.join('\n')}\n` : `\n${imports.join('\n')}`) : '';
		const helperText = helpers.length ? `${helpers.join('')}${at === 0 ? '\n\n' : ''}` : '';
		return [{ startIndex: at, endIndex: at, newText: `${importText}${helperText}` }];
	}

	private importsEnd(): number {
		const top = children(this.root);
		const imports = top.filter((node) => node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement');
		if (imports.length) return imports[imports.length - 1].endIndex;
		const docstring = top[0]?.type === 'expression_statement' && top[0].firstNamedChild?.type === 'string' ? top[0] : undefined;
		return docstring ? docstring.endIndex : 0;
	}

	/** Lines before `node`, at its indentation. */
	insertBefore(node: Node, lines: string): TextEdit {
		return linesBefore(this.text, node, lines);
	}

	/** Lines after `node`, at its indentation. */
	insertAfter(node: Node, lines: string): TextEdit {
		return linesAfter(this.text, node, lines);
	}

	/** Lines as the first statements of a block; a lone `pass` is replaced. */
	prependToBlock(block: Node, lines: string): TextEdit {
		const statements = children(block).filter((child) => child.type !== 'comment');
		if (statements.length === 1 && statements[0].type === 'pass_statement') {
			const indent = indentAt(this.text, statements[0].startIndex);
			return { startIndex: statements[0].startIndex, endIndex: statements[0].endIndex, newText: lines.split('\n').join(`\n${indent}`) };
		}
		return this.insertBefore(statements[0] ?? block, lines);
	}

	/** A name not yet used in `scope` (the enclosing function of `near`, else the file). */
	freshName(preferred: string, near?: Node): string {
		const scope = (near && closest(near, ['function_definition'])?.text) ?? this.text;
		for (let i = 0; ; i++) {
			const name = i === 0 ? preferred : `${preferred}_${i + 1}`;
			if (!new RegExp(`\\b${name}\\b`).test(scope)) return name;
		}
	}

	isAsync(node: Node): boolean {
		const fn = closest(node.parent, ['function_definition']);
		return fn?.children.some((child) => child?.type === 'async') ?? false;
	}
}

function fix(title: string, edits: TextEdit[], options: { safe?: boolean } = {}): Fix {
	return { title, edits, isPreferred: true, safe: options.safe ?? false };
}

function callsOf(file: PyFile, retry: RetryConstruct): HttpCall[] {
	return retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
}

function keywordArgument(call: Node, name: string): Node | undefined {
	const args = call.childForFieldName('arguments');
	return args ? children(args).find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) : undefined;
}

/** Adds `name=value` as the last argument of a call (none when it has `**kwargs`). */
function addKeyword(call: Node, argument: string): TextEdit | undefined {
	const args = call.childForFieldName('arguments');
	if (!args || args.type !== 'argument_list') return undefined;
	const list = children(args).filter((child) => child.type !== 'comment');
	if (list.some((arg) => arg.type === 'dictionary_splat')) return undefined;
	const last = list[list.length - 1];
	if (!last) return { startIndex: args.startIndex + 1, endIndex: args.startIndex + 1, newText: argument };
	// One argument per line stays one per line.
	if (last.startPosition.row > args.startPosition.row) {
		const indent = /^[ \t]*/.exec(last.tree.rootNode.text.slice(last.startIndex - last.startPosition.column, last.startIndex))![0];
		return { startIndex: last.endIndex, endIndex: last.endIndex, newText: `,\n${indent}${argument}` };
	}
	return { startIndex: last.endIndex, endIndex: last.endIndex, newText: `, ${argument}` };
}

/** The name an `except ... as name:` clause binds, if any. */
function exceptName(clause: Node): string | undefined {
	return clause.descendantsOfType('as_pattern_target')[0]?.text;
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

function loopCounter(loop: Node): string | undefined {
	if (loop.type === 'for_statement') {
		const left = loop.childForFieldName('left');
		const right = loop.childForFieldName('right');
		if (left?.type === 'identifier' && right?.type === 'call' && right.childForFieldName('function')?.text === 'range') return left.text;
		return undefined;
	}
	const comparison = loop.childForFieldName('condition');
	const first = comparison?.type === 'comparison_operator' ? comparison.namedChildren[0] : undefined;
	return first?.type === 'identifier' ? first.text : undefined;
}

/** The block and position where a failed attempt ends and the wait belongs. */
function waitPoint(loop: Node): { block: Node; before?: Node } | undefined {
	const body = loop.childForFieldName('body');
	if (!body) return undefined;
	const statements = children(body).filter((child) => child.type !== 'comment');
	const tryStatement = statements.find((child) => child.type === 'try_statement');
	const handlers = tryStatement ? children(tryStatement).filter((child) => child.type === 'except_clause') : [];
	if (handlers.length === 1) {
		const block = children(handlers[0]).find((child) => child.type === 'block');
		const last = block && children(block).filter((child) => child.type !== 'comment').at(-1);
		if (!block || !last) return undefined;
		const tryBody = children(tryStatement!).find((child) => child.type === 'block');
		const tryLast = tryBody && children(tryBody).filter((child) => child.type !== 'comment').at(-1);
		// The try body can also fall through (a non-ok status): wait after the try, where both paths meet.
		const tryFallsThrough = !tryLast || !JUMPS.includes(tryLast.type);
		if (tryFallsThrough && tryStatement === statements.at(-1) && !JUMPS.includes(last.type)) return { block: body };
		if (!JUMPS.includes(last.type)) return { block };
		if (last.type === 'continue_statement') return { block, before: last };
		if (tryStatement !== statements.at(-1)) return { block: body };
		return undefined;
	}
	const last = statements.at(-1);
	if (!last || JUMPS.includes(last.type) || handlers.length > 1) return undefined;
	if (contains(body, ['continue_statement'], [...LOOPS, ...FUNCTIONS])) return undefined;
	return { block: body };
}

function retryAfterExpression(file: PyFile, retry: RetryConstruct, block: Node): string | undefined {
	const clause = block.parent?.type === 'except_clause' ? block.parent : undefined;
	if (clause) {
		const name = exceptName(clause);
		return name ? `getattr(getattr(${name}, "response", None), "headers", {}).get("Retry-After")` : undefined;
	}
	// The response must have been bound on every path to the wait: in its block or an enclosing one.
	const bound = (c: HttpCall) => encloses(assignmentOf(file, c)?.parent, block);
	const call = callsOf(file, retry).find((c) => /^\w+$/.test(c.response.variable ?? '') && bound(c));
	return call ? `${call.response.variable}.headers.get("Retry-After")` : undefined;
}

function loopBackoffFix(file: PyFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const edits: TextEdit[] = [];
	let counter = loopCounter(loop);
	let advance = '';
	if (!counter) {
		counter = file.freshName('attempt', loop);
		advance = `\n${counter} += 1`;
		edits.push(file.insertBefore(loop, `${counter} = 0`));
	}
	const existing = 'span' in retry.delay && retry.delay.span ? nodeForSpan(file.root, retry.delay.span) : undefined;
	const existingStatement = existing && closest(existing, ['expression_statement'], LOOPS);
	const point = waitPoint(loop);
	const block = existingStatement?.parent ?? point?.block;
	if (!block) return [];
	const retryAfter = retryAfterExpression(file, retry, block);
	if (needRetryAfter && !retryAfter) return [];
	const isAsync = file.isAsync(loop);
	file.requireImport(isAsync ? 'asyncio' : 'time');
	file.requireHelper(PY_BACKOFF_NAME, pyBackoffHelper({ indent: file.indent }), PY_BACKOFF_IMPORTS);
	const delay = `${PY_BACKOFF_NAME}(${counter}${retryAfter ? `, ${retryAfter}` : ''})`;
	const wait = `${isAsync ? 'await asyncio.sleep' : 'time.sleep'}(${delay})${advance}`;
	if (existingStatement) {
		const indent = indentAt(file.text, existingStatement.startIndex);
		edits.push({ startIndex: existingStatement.startIndex, endIndex: existingStatement.endIndex, newText: wait.split('\n').join(`\n${indent}`) });
	} else if (point?.before) {
		edits.push(file.insertBefore(point.before, wait));
	} else if (point) {
		const statements = children(point.block).filter((child) => child.type !== 'comment');
		if (statements.length === 1 && statements[0].type === 'pass_statement') edits.push(file.prependToBlock(point.block, wait));
		else edits.push(file.insertAfter(statements[statements.length - 1], wait));
	}
	edits.push(...file.preambleEdits());
	const title = retryAfter ? 'Wait with exponential backoff and jitter, honouring Retry-After' : 'Wait with exponential backoff and jitter between attempts';
	return [fix(title, edits, { safe: true })];
}

/** tenacity's `@retry`: bounded attempts and a jittered exponential wait. */
function tenacityFix(file: PyFile, retry: RetryConstruct, want: { stop?: boolean; wait?: boolean }): Fix[] {
	const decorator = nodeForSpan(file.root, retry.headSpan, ['decorator', 'call']);
	if (!decorator) return [];
	const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : decorator;
	if (!expression) return [];
	const parts: string[] = [];
	const names: string[] = [];
	const edits: TextEdit[] = [];
	const call = expression.type === 'call' ? expression : undefined;
	if (want.wait) {
		const wait = call && keywordArgument(call, 'wait');
		const value = `wait_random_exponential(multiplier=${BACKOFF.baseMs / 1000}, max=${BACKOFF.capMs / 1000})`;
		if (wait) edits.push({ startIndex: wait.startIndex, endIndex: wait.endIndex, newText: `wait=${value}` });
		else parts.push(`wait=${value}`);
		names.push('wait_random_exponential');
	}
	if (want.stop && !(call && keywordArgument(call, 'stop'))) {
		parts.push(`stop=stop_after_attempt(${BACKOFF.maxAttempts})`);
		names.push('stop_after_attempt');
	}
	if (parts.length) {
		if (call) {
			const edit = addKeyword(call, parts.join(', '));
			if (!edit) return [];
			edits.push(edit);
		} else {
			edits.push({ startIndex: expression.endIndex, endIndex: expression.endIndex, newText: `(${parts.join(', ')})` });
		}
	}
	if (!edits.length) return [];
	edits.push(...file.requireFromImport('tenacity', names));
	return [fix(want.stop ? `Stop after ${BACKOFF.maxAttempts} attempts, wait with jittered exponential backoff` : 'Wait with jittered exponential backoff', edits, { safe: true })];
}

/** urllib3's `Retry(...)`: a backoff factor, jitter, and no 401/403 in the status list. */
function urllib3Fix(file: PyFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const call = nodeForSpan(file.root, retry.headSpan, ['call']);
	if (!call) return [];
	const edits: TextEdit[] = [];
	const set = (name: string, value: string) => {
		const existing = keywordArgument(call, name);
		if (existing) edits.push({ startIndex: existing.startIndex, endIndex: existing.endIndex, newText: `${name}=${value}` });
		else {
			const edit = addKeyword(call, `${name}=${value}`);
			if (edit) edits.push(edit);
		}
	};
	if (rule === 'tight-retry-loop' || rule === 'retry-without-backoff') set('backoff_factor', '0.5');
	if (rule === 'tight-retry-loop' || rule === 'retry-without-backoff' || rule === 'retry-without-jitter') set('backoff_jitter', '1.0');
	if (rule === 'ignored-retry-after') set('respect_retry_after_header', 'True');
	if (!edits.length) return [];
	// Two edits to one argument list would collide: apply them as one replacement.
	return [fix('Retry with exponential backoff and jitter (urllib3 Retry)', mergeInto(file.text, call, edits), { safe: true })];
}

function mergeInto(text: string, node: Node, edits: TextEdit[]): TextEdit[] {
	const sorted = [...edits].sort((a, b) => b.startIndex - a.startIndex);
	let replaced = text.slice(node.startIndex, node.endIndex);
	for (const edit of sorted) replaced = replaced.slice(0, edit.startIndex - node.startIndex) + edit.newText + replaced.slice(edit.endIndex - node.startIndex);
	return [{ startIndex: node.startIndex, endIndex: node.endIndex, newText: replaced }];
}

function backoffFix(file: PyFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	if (retry.kind === 'loop') return loopBackoffFix(file, retry, rule === 'ignored-retry-after');
	if (retry.library === 'tenacity' && rule !== 'ignored-retry-after') return tenacityFix(file, retry, { wait: true });
	if (retry.library === 'urllib3') return urllib3Fix(file, retry, rule);
	return [];
}

/** Names a give-up condition may read inside a lambda: the exception and builtins. */
const LAMBDA_SAFE_NAMES = new Set(['getattr', 'hasattr', 'isinstance', 'int', 'str', 'None', 'True', 'False']);

/** A retry loop that is the whole body of its function, in the shape a retry decorator can take over. */
interface DecoratableLoop {
	fn: Node;
	/** The loop, and the `raise` after it that reports giving up, if any. */
	replaced: { startIndex: number; endIndex: number };
	/** The try body's statements, re-indented to the function body. */
	body: string;
	/** What the except clause catches (`Exception` for a bare `except:`). */
	exceptionTypes: string;
	exceptName: string;
	/** `if <condition>: raise` in the except clause: failures it does not retry. */
	giveUpConditions: string[];
	attempts: number;
}

/**
 * The certain shape: `[async] def f(...):` whose body is only `for attempt in range(N):` (or
 * `while True:`) around one `try: ...; return x` / `except T [as e]:`, whose except clause
 * holds nothing but the wait, `continue`/`pass`, and `if <condition on e>: raise`; then at
 * most a `raise` reporting that it gave up (a decorator with `reraise=True` raises the last
 * error instead).
 */
function decoratableLoop(file: PyFile, retry: RetryConstruct): DecoratableLoop | undefined {
	const loop = retry.kind === 'loop' ? nodeForSpan(file.root, retry.span, LOOPS) : undefined;
	const fnBody = loop?.parent;
	const fn = fnBody?.parent;
	if (!loop || fnBody?.type !== 'block' || fn?.type !== 'function_definition') return undefined;
	const statements = children(fnBody).filter((node) => node.type !== 'comment');
	const first = statements[0]?.type === 'expression_statement' && statements[0].firstNamedChild?.type === 'string' ? 1 : 0;
	const position = statements.findIndex((node) => node.id === loop.id);
	const after = statements.slice(position + 1);
	if (position !== first || after.length > 1 || (after[0] && after[0].type !== 'raise_statement')) return undefined;
	const counter = loopCounter(loop);
	const range = loop.type === 'for_statement' ? loop.childForFieldName('right') : undefined;
	const rangeArgs = range?.childForFieldName('arguments');
	const counted = !!counter && !!rangeArgs && children(rangeArgs).length === 1 && children(rangeArgs)[0].type === 'integer';
	const endless = loop.type === 'while_statement' && loop.childForFieldName('condition')?.type === 'true';
	const body = loop.childForFieldName('body');
	const inner = body ? children(body).filter((node) => node.type !== 'comment') : [];
	const tryStatement = inner.length === 1 && inner[0].type === 'try_statement' ? inner[0] : undefined;
	if (!body || !tryStatement || !(counted || endless) || loop.childForFieldName('alternative')) return undefined;
	const clauses = children(tryStatement).filter((node) => node.type !== 'block' && node.type !== 'comment');
	const tryBody = children(tryStatement).find((node) => node.type === 'block');
	if (clauses.length !== 1 || clauses[0].type !== 'except_clause' || !tryBody) return undefined;
	const clause = clauses[0];
	const tryStatements = children(tryBody).filter((node) => node.type !== 'comment');
	if (tryStatements.at(-1)?.type !== 'return_statement' || contains(tryBody, ['break_statement', 'continue_statement'], [...LOOPS, ...FUNCTIONS])) return undefined;
	// A generator is not retried by a decorator; a string spanning lines would change when re-indented.
	if (contains(tryBody, ['yield'], FUNCTIONS) || descendants(tryBody, ['string']).some((string) => string.startPosition.row !== string.endPosition.row)) return undefined;
	const name = exceptName(clause);
	const value = clause.childForFieldName('value');
	const exceptionTypes = value ? (value.type === 'as_pattern' ? value.namedChildren[0]?.text : value.text) : 'Exception';
	if (!exceptionTypes) return undefined;
	const delayNode = 'span' in retry.delay && retry.delay.span ? nodeForSpan(file.root, retry.delay.span) : undefined;
	const wait = delayNode && closest(delayNode, ['expression_statement'], LOOPS);
	if (retry.delay.kind === 'unknown' && !(wait && /^(await\s+)?[\w.]*(sleep|delay|wait|pause)\w*\(/i.test(wait.text))) return undefined;
	// The decorator counts attempts itself; the loop's counter may only have fed the wait.
	const outsideWait = wait ? file.text.slice(body.startIndex, wait.startIndex) + file.text.slice(wait.endIndex, body.endIndex) : body.text;
	if (counter && new RegExp(`\\b${counter}\\b`).test(outsideWait)) return undefined;
	const handler = children(clause).find((node) => node.type === 'block');
	const exceptionName = name ?? 'error';
	const giveUpConditions: string[] = [];
	for (const statement of handler ? children(handler) : []) {
		if (statement.type === 'comment' || statement.type === 'pass_statement' || statement.type === 'continue_statement' || (wait && statement.id === wait.id)) continue;
		const condition = statement.type === 'if_statement' ? statement.childForFieldName('condition') : undefined;
		const consequence = statement.childForFieldName('consequence');
		const raises = consequence && children(consequence).length === 1 && children(consequence)[0].type === 'raise_statement' && ['', name].includes(children(consequence)[0].namedChildren[0]?.text ?? '');
		const alone = statement.type === 'if_statement' && !children(statement).some((child) => child.type === 'elif_clause' || child.type === 'else_clause');
		// The condition moves into a lambda: it may read the exception and builtins, nothing local.
		const readsOnlyTheError = condition && descendants(condition, ['identifier']).every((id) => id.text === name || LAMBDA_SAFE_NAMES.has(id.text) || id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id);
		if (!condition || !raises || !alone || !readsOnlyTheError) return undefined;
		giveUpConditions.push(condition.text);
	}
	// The try body moves out by the two levels of the loop and the try.
	const from = indentAt(file.text, tryStatements[0].startIndex);
	const to = indentAt(file.text, loop.startIndex);
	const firstLine = file.text.lastIndexOf('\n', children(tryBody)[0].startIndex - 1) + 1;
	const lines = file.text.slice(firstLine, tryBody.endIndex).split('\n');
	if (lines.some((line) => line.trim() && !line.startsWith(from))) return undefined;
	const attempts = retry.attempts.kind === 'bounded' && retry.attempts.max ? retry.attempts.max : BACKOFF.maxAttempts;
	return {
		fn,
		replaced: { startIndex: loop.startIndex, endIndex: (after[0] ?? loop).endIndex },
		body: lines.map((line) => (line.trim() ? to + line.slice(from.length) : '')).join('\n').slice(to.length),
		exceptionTypes,
		exceptName: exceptionName,
		giveUpConditions,
		attempts,
	};
}

/** The status of an HTTP error as requests, httpx and aiohttp carry it, or None. */
function statusOfError(name: string): string {
	return `getattr(getattr(${name}, "response", None), "status_code", getattr(${name}, "status", None))`;
}

/**
 * The retry loop as a retry decorator of the project's library: tenacity's `@retry` with a
 * jittered exponential wait, or backoff's `@backoff.on_exception(backoff.expo, ...)` with
 * full jitter; 401/403 are not retried when the loop retried them.
 */
function decoratorFix(file: PyFile, retry: RetryConstruct): Fix[] {
	const library = projectUses(file.context, 'tenacity') ? 'tenacity' : projectUses(file.context, 'backoff') ? 'backoff' : undefined;
	const shape = library && decoratableLoop(file, retry);
	if (!shape) return [];
	const error = shape.exceptName;
	const giveUp = [...shape.giveUpConditions];
	if (!retry.retryOn.excludesAuthFailures && !giveUp.some((condition) => /\b40[13]\b/.test(condition))) giveUp.push(`${statusOfError(error)} in ${AUTH}`);
	const giveUpTest = giveUp.map((condition) => (giveUp.length > 1 ? `(${condition})` : condition)).join(' or ');
	const edits: TextEdit[] = [];
	let decorator: string;
	if (library === 'tenacity') {
		// `retry` must be tenacity's: another `retry` in scope would be shadowed.
		if (/^from\s+(?!tenacity\b)\S+\s+import\s+[^\n]*\bretry\b|^def\s+retry\b|^retry\s*=/m.test(file.text)) return [];
		const condition = giveUpTest
			? `retry_if_exception(lambda ${error}: isinstance(${error}, ${shape.exceptionTypes}) and not (${giveUpTest}))`
			: `retry_if_exception_type(${shape.exceptionTypes})`;
		decorator = `@retry(stop=stop_after_attempt(${shape.attempts}), wait=wait_random_exponential(multiplier=${BACKOFF.baseMs / 1000}, max=${BACKOFF.capMs / 1000}), retry=${condition}, reraise=True)`;
		edits.push(...file.requireFromImport('tenacity', ['retry', 'stop_after_attempt', 'wait_random_exponential', giveUpTest ? 'retry_if_exception' : 'retry_if_exception_type']));
	} else {
		file.requireImport('backoff');
		const giveup = giveUpTest ? `, giveup=lambda ${error}: ${giveUpTest}` : '';
		// Extra keywords go to the wait generator: backoff.expo(base=2, factor, max_value).
		decorator = `@backoff.on_exception(backoff.expo, ${shape.exceptionTypes}, max_tries=${shape.attempts}, factor=${BACKOFF.baseMs / 1000}, max_value=${BACKOFF.capMs / 1000}, jitter=backoff.full_jitter${giveup})`;
		edits.push(...file.preambleEdits());
	}
	edits.push(file.insertBefore(shape.fn, decorator), { ...shape.replaced, newText: shape.body });
	const title = `Retry with ${library === 'tenacity' ? "tenacity's @retry" : "backoff's @on_exception"}: ${shape.attempts} attempts, exponential backoff with jitter${giveUpTest.includes('401') ? ', none after 401/403' : ''}`;
	return [fix(title, edits, { safe: true })];
}

/** The inline fixes of a retry loop, with the library decorator first (and preferred) when the project uses one. */
function withRetryDecorator(file: PyFile, retry: RetryConstruct, inline: Fix[]): Fix[] {
	// Its own file state: the inline fix has already asked for its imports and helper.
	const library = decoratorFix(new PyFile(file.context), retry);
	if (library.length === 0) return inline;
	return [...library, ...inline.map((other) => ({ ...other, isPreferred: false }))];
}

function attemptLimitFix(file: PyFile, retry: RetryConstruct): Fix[] {
	if (retry.library === 'tenacity') return tenacityFix(file, retry, { stop: true });
	if (retry.kind !== 'loop') return [];
	const loop = nodeForSpan(file.root, retry.span, ['while_statement']);
	const condition = loop?.childForFieldName('condition');
	const body = loop?.childForFieldName('body');
	const tryStatement = body && children(body).find((child) => child.type === 'try_statement');
	const handlers = tryStatement ? children(tryStatement).filter((child) => child.type === 'except_clause') : [];
	const block = handlers.length === 1 ? children(handlers[0]).find((child) => child.type === 'block') : undefined;
	if (!loop || !body || condition?.type !== 'true' || !block) return [];
	const counter = file.freshName('attempt', loop);
	const colon = loop.children.find((child) => child?.type === ':');
	if (!colon) return [];
	return [
		fix(`Give up after ${BACKOFF.maxAttempts} attempts with the last error`, [
			{ startIndex: loop.startIndex, endIndex: colon.endIndex, newText: `for ${counter} in range(1, ${BACKOFF.maxAttempts + 1}):` },
			file.prependToBlock(block, `if ${counter} == ${BACKOFF.maxAttempts}:\n${file.indent}raise`),
		]),
	];
}

function stopOnAuthFix(file: PyFile, retry: RetryConstruct): Fix[] {
	const listed = retry.retryOn.span ? nodeForSpan(file.root, retry.retryOn.span) : undefined;
	const list = listed && (['list', 'tuple', 'set'].includes(listed.type) ? listed : listed.descendantsOfType(['list', 'tuple', 'set'])[0]);
	const auth = list ? children(list).filter((element) => element.type === 'integer' && (element.text === '401' || element.text === '403')) : [];
	if (list && auth.length) {
		const kept = children(list).filter((element) => !auth.includes(element)).map((element) => element.text);
		const [open, close] = list.type === 'list' ? ['[', ']'] : list.type === 'set' ? ['{', '}'] : ['(', ')'];
		const inner = list.type === 'tuple' && kept.length === 1 ? `${kept[0]},` : kept.join(', ');
		return [fix('Stop retrying 401/403: remove them from the statuses to retry', [{ startIndex: list.startIndex, endIndex: list.endIndex, newText: `${open}${inner}${close}` }], { safe: true })];
	}
	if (retry.kind !== 'loop') return [];
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const handler = descendants(loop, ['except_clause'], FUNCTIONS)[0];
	const name = handler && exceptName(handler);
	const block = handler && children(handler).find((child) => child.type === 'block');
	if (handler && name && block) {
		return [fix('Stop retrying on 401/403', [file.prependToBlock(block, `if getattr(getattr(${name}, "response", None), "status_code", None) in ${AUTH}:\n${file.indent}raise`)])];
	}
	const call = callsOf(file, retry).find((c) => /^\w+$/.test(c.response.variable ?? ''));
	const assignment = call && assignmentOf(file, call);
	if (!call || !assignment) return [];
	const status = call.client === 'aiohttp' || call.client === 'urllib3' ? 'status' : 'status_code';
	const res = call.response.variable;
	return [fix('Stop retrying on 401/403', [file.insertAfter(assignment, `if ${res}.${status} in ${AUTH}:\n${file.indent}raise PermissionError(f"credentials rejected (HTTP {${res}.${status}}): retrying will not help; check the token and the WWW-Authenticate header")`)])];
}

/**
 * A function that retries by calling itself (`return fetch_profile(url)` in its except
 * clause or status branch): one fix bounds it with an `attempt` parameter (added when it
 * has no counter), sleeps with backoff and jitter before the call, and stops on 401/403 in
 * an except clause that catches HTTP errors. Offered when it fixes the finding's own problem.
 */
function recursionFix(file: PyFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const need = RECURSION_NEEDS[rule];
	const fn = retry.kind === 'recursion' ? nodeForSpan(file.root, retry.span, ['function_definition']) : undefined;
	const name = fn?.childForFieldName('name')?.text;
	const body = fn?.childForFieldName('body');
	const parameters = fn?.childForFieldName('parameters');
	if (!need || !fn || !name || !body || !parameters) return [];
	const selfCalls = descendants(body, ['call'], FUNCTIONS).filter((call) => [name, `self.${name}`, `cls.${name}`].includes(call.childForFieldName('function')?.text ?? ''));
	const call = selfCalls.length === 1 ? selfCalls[0] : undefined;
	const awaited = call?.parent?.type === 'await' ? call.parent : call;
	const replay = awaited?.parent?.type === 'return_statement' ? awaited.parent : undefined;
	const block = replay?.parent;
	if (!call || !replay || block?.type !== 'block') return [];
	const clause = block.parent?.type === 'except_clause' ? block.parent : undefined;
	const edits: TextEdit[] = [];
	const lines: string[] = [];

	// The attempt number: a counter passed on as `attempt + 1`, else a new keyword parameter.
	const passedOn = descendants(call, ['binary_operator']).find((op) => op.childForFieldName('operator')?.text === '+' && op.childForFieldName('right')?.text === '1' && op.childForFieldName('left')?.type === 'identifier');
	const counter = passedOn?.childForFieldName('left')?.text;
	const hasCounter = !!counter && children(parameters).some((parameter) => (parameter.type === 'identifier' ? parameter.text : parameter.childForFieldName('name')?.text) === counter);
	const attempt = hasCounter ? counter! : file.freshName('attempt', fn);
	if (!hasCounter) {
		if (/\*/.test(parameters.text)) return [];
		const last = children(parameters).at(-1);
		edits.push(last ? { startIndex: last.endIndex, endIndex: last.endIndex, newText: `, ${attempt}=1` } : { startIndex: parameters.startIndex + 1, endIndex: parameters.startIndex + 1, newText: `${attempt}=1` });
		const passed = addKeyword(call, `${attempt}=${attempt} + 1`);
		if (!passed) return [];
		edits.push(passed);
	}
	// The 401/403 test needs the exception: name it when the clause does not (`except X:` -> `except X as exc:`).
	const caught = clause?.childForFieldName('value');
	let errorName = clause && exceptName(clause);
	const authStop = !retry.retryOn.excludesAuthFailures && !!(errorName || caught);
	if (authStop && !errorName) {
		errorName = file.freshName('exc', fn);
		edits.push({ startIndex: caught!.endIndex, endIndex: caught!.endIndex, newText: ` as ${errorName}` });
	}
	const authLines = authStop ? `if ${statusOfError(errorName!)} in ${AUTH}:\n${file.indent}raise` : undefined;
	const limit = retry.attempts.kind === 'unbounded';
	if (limit) lines.push(`if ${attempt} >= ${BACKOFF.maxAttempts}:\n${file.indent}${clause ? 'raise' : `raise RuntimeError("${name}: giving up after ${BACKOFF.maxAttempts} attempts")`}`);
	const delay = retry.delay;
	const wait = ['none', 'not-awaited', 'constant'].includes(delay.kind) || (delay.kind === 'exponential' && !delay.jitter);
	if (wait) {
		const isAsync = file.isAsync(body);
		file.requireImport(isAsync ? 'asyncio' : 'time');
		file.requireHelper(PY_BACKOFF_NAME, pyBackoffHelper({ indent: file.indent }), PY_BACKOFF_IMPORTS);
		lines.push(`${isAsync ? 'await asyncio.sleep' : 'time.sleep'}(${PY_BACKOFF_NAME}(${attempt}))`);
	}
	if (!{ wait, limit, authStop }[need]) return [];
	const oldWait = wait && 'span' in delay && delay.span ? closest(nodeForSpan(file.root, delay.span) ?? null, ['expression_statement'], FUNCTIONS) : undefined;
	const indent = indentAt(file.text, replay.startIndex);
	// The 401/403 test goes first in the clause, before any wait; the rest right before the call.
	const first = children(block).find((node) => node.type !== 'comment');
	if (authLines && first && first.id !== replay.id) edits.push(file.insertBefore(first, authLines));
	else if (authLines) lines.unshift(authLines);
	if (oldWait?.parent?.id === block.id) edits.push({ startIndex: oldWait.startIndex, endIndex: oldWait.endIndex, newText: lines.join('\n').split('\n').join(`\n${indent}`) });
	else if (lines.length) edits.push(file.insertBefore(replay, lines.join('\n')));
	edits.push(...file.preambleEdits());
	const parts = [limit ? `at most ${BACKOFF.maxAttempts} attempts` : '', wait ? 'backoff with jitter' : '', authStop ? 'none after 401/403' : ''].filter(Boolean);
	// Like the loop fixes: a wait is safe; giving up earlier or on 401/403 changes behaviour and wants review.
	return [fix(`Bound the recursive retry: ${parts.join(', ')}`, edits, { safe: !limit && !authStop })];
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

function callNode(file: PyFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['call']);
}

/** The statement `resp = requests.get(...)` that binds the response. */
function assignmentOf(file: PyFile, call: HttpCall): Node | undefined {
	const node = callNode(file, call);
	const statement = node && closest(node, ['expression_statement'], ['block', ...FUNCTIONS]);
	return statement?.firstNamedChild?.type === 'assignment' ? statement : undefined;
}

function timeoutFix(file: PyFile, call: HttpCall): Fix[] {
	const node = callNode(file, call);
	const edit = node && !keywordArgument(node, 'timeout') ? addKeyword(node, `timeout=${BACKOFF.timeoutMs / 1000}`) : undefined;
	return edit ? [fix(`Add a ${BACKOFF.timeoutMs / 1000} s timeout`, [edit], { safe: true })] : [];
}

function statusCheckFix(file: PyFile, call: HttpCall): Fix[] {
	const res = call.response.variable;
	const assignment = assignmentOf(file, call);
	if (!res || !/^\w+$/.test(res) || !assignment) return [];
	const status = call.client === 'aiohttp' || call.client === 'urllib3' ? 'status' : 'status_code';
	const lines = [`if ${res}.${status} in ${AUTH}:`, `${file.indent}raise PermissionError(f"credentials rejected (HTTP {${res}.${status}}): check the token or API key; the WWW-Authenticate header says why")`];
	if (call.client === 'urllib3') lines.push(`if ${res}.status >= 400:`, `${file.indent}raise RuntimeError(f"request failed: HTTP {${res}.status}")`);
	else lines.push(`${res}.raise_for_status()`);
	return [fix('Check the status: a distinct error for 401/403, then any non-2xx', [file.insertAfter(assignment, lines.join('\n'))])];
}

function idempotencyKeyFix(file: PyFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const node = callNode(file, call);
	const loop = retry && nodeForSpan(file.root, retry.span, LOOPS);
	if (!node || !loop) return [];
	const name = file.freshName('idempotency_key', loop);
	const pair = node.descendantsOfType('pair').find((p) => p && /^['"]idempotency-key['"]$/i.test(p.childForFieldName('key')?.text ?? ''));
	const value = pair?.childForFieldName('value');
	if (call.idempotencyKey === 'fresh-per-call' && value) {
		return [fix('Create the Idempotency-Key once, before the first attempt', [file.insertBefore(loop, `${name} = ${value.text}`), { startIndex: value.startIndex, endIndex: value.endIndex, newText: name }], { safe: true })];
	}
	if (call.idempotencyKey !== 'none') return [];
	const headers = keywordArgument(node, 'headers')?.childForFieldName('value');
	const entry = `"Idempotency-Key": ${name}`;
	let edit: TextEdit | undefined;
	if (headers?.type === 'dictionary') {
		const first = children(headers)[0];
		edit = first ? { startIndex: first.startIndex, endIndex: first.startIndex, newText: `${entry}, ` } : { startIndex: headers.startIndex, endIndex: headers.endIndex, newText: `{${entry}}` };
	} else if (!headers) edit = addKeyword(node, `headers={${entry}}`);
	if (!edit) return [];
	file.requireImport('uuid');
	return [fix('Send an Idempotency-Key made once, before the first attempt', [file.insertBefore(loop, `${name} = str(uuid.uuid4())`), edit, ...file.preambleEdits()], { safe: true })];
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** The logger the file already uses, or a module logger from `logging`. */
function loggerExpression(file: PyFile): string {
	const assigned = /^(\w+)\s*=\s*logging\.getLogger\(/m.exec(file.text);
	if (assigned) return assigned[1];
	file.requireImport('logging');
	return 'logging.getLogger(__name__)';
}

function loggingFix(file: PyFile, clause: CatchClause): Fix[] {
	const handler = nodeForSpan(file.root, clause.span, ['except_clause']);
	const block = handler && children(handler).find((child) => child.type === 'block');
	if (!handler || !block) return [];
	const edits: TextEdit[] = [];
	let name = exceptName(handler);
	const value = handler.childForFieldName('value');
	if (!name) {
		name = file.freshName('exc', handler);
		const colon = handler.children.find((child) => child?.type === ':');
		if (!colon) return [];
		if (value) edits.push({ startIndex: value.endIndex, endIndex: value.endIndex, newText: ` as ${name}` });
		else edits.push({ startIndex: colon.startIndex, endIndex: colon.startIndex, newText: ` Exception as ${name}` });
	}
	const loop = closest(handler, LOOPS, FUNCTIONS);
	const attempt = loop ? loopCounter(loop) : undefined;
	const logger = loggerExpression(file);
	file.requireHelper(PY_DESCRIBE_NAME, pyDescribeHelper({ indent: file.indent }), PY_DESCRIBE_IMPORTS);
	edits.push(file.prependToBlock(block, `${logger}.warning("HTTP request failed: %s", ${PY_DESCRIBE_NAME}(${name}${attempt ? `, attempt=${attempt}` : ''}))`));
	edits.push(...file.preambleEdits());
	// A bare `except:` also caught KeyboardInterrupt; `except Exception` no longer does.
	return [fix('Log the failure with its context (method, URL, status, request id), no credentials', edits, { safe: value !== null })];
}

function onceGuardFix(file: PyFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	const node = handler && nodeForSpan(file.root, handler.span);
	const fn = node && closest(node, ['function_definition']);
	const fnName = fn?.childForFieldName('name')?.text;
	const parameters = fn?.childForFieldName('parameters');
	const branch = node && [node, ...descendants(node, ['if_statement'])].find((n) => n.type === 'if_statement' && /\b401\b/.test(n.childForFieldName('condition')?.text ?? ''));
	const condition = branch?.childForFieldName('condition');
	const replay = branch && descendants(branch, ['call']).find((call) => new RegExp(`(^|\\.)${fnName}$`).test(call.childForFieldName('function')?.text ?? ''));
	if (!fnName || !parameters || !condition || !replay || /\*/.test(parameters.text)) return [];
	const flag = '_retried';
	const lastParameter = children(parameters).at(-1);
	const replayEdit = addKeyword(replay, `${flag}=True`);
	if (!replayEdit) return [];
	return [
		fix('Refresh and replay once: pass a flag and stop on a second 401', [
			lastParameter
				? { startIndex: lastParameter.endIndex, endIndex: lastParameter.endIndex, newText: `, ${flag}=False` }
				: { startIndex: parameters.startIndex + 1, endIndex: parameters.startIndex + 1, newText: `${flag}=False` },
			{ startIndex: condition.startIndex, endIndex: condition.endIndex, newText: `(${condition.text}) and not ${flag}` },
			replayEdit,
		], { safe: true }),
	];
}

// ---------------------------------------------------------------------------

export const pythonFixer: LanguageFixer = {
	fixesFor(finding, context) {
		const file = new PyFile(context);
		const { facts } = context;
		const { retry, call, catchClause } = subjectOf(finding, facts);
		switch (finding.ruleId) {
			case 'tight-retry-loop':
			case 'retry-without-backoff':
			case 'retry-without-jitter':
			case 'ignored-retry-after':
				if (!retry) return [];
				if (finding.ruleId === 'ignored-retry-after') return backoffFix(file, retry, finding.ruleId);
				if (retry.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				return withRetryDecorator(file, retry, backoffFix(file, retry, finding.ruleId));
			case 'unbounded-retry':
				if (retry?.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				return retry ? withRetryDecorator(file, retry, attemptLimitFix(file, retry)) : [];
			case 'retry-on-auth-failure':
				if (retry?.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				return retry ? stopOnAuthFix(file, retry) : [];
			case 'missing-request-timeout':
				return call ? timeoutFix(file, call) : [];
			case 'unchecked-response-status':
				return call ? statusCheckFix(file, call) : [];
			case 'retry-non-idempotent':
				return call ? idempotencyKeyFix(file, call, call.retryId !== undefined ? facts.retries[call.retryId] : undefined) : [];
			case 'swallowed-http-error':
				return catchClause ? loggingFix(file, catchClause) : [];
			case 'auth-refresh-loop':
				return onceGuardFix(file, finding);
		}
	},
};
