// Fixes for C#, shaped to the file: its indentation step and brace style, its `using`
// directives (new ones go with the existing ones, once), helpers added once per class as
// `private static` methods, the class's `ILogger`, the method's `CancellationToken`, and
// Polly / Microsoft.Extensions.Http.Resilience options configured rather than replaced.
// Each fix starts from the fact its finding is about and gives up when the code does not
// have the shape the edit assumes. dotnet is not available to the tests, so the bar for
// the output is a parse with no new ERROR/MISSING nodes.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, RetryConstruct, TextEdit } from '../types';
import { indentAt, indentUnit } from './edits';
import type { FixContext, LanguageFixer } from './index';
import { BACKOFF, HELPER_MARKER, REQUEST_ID_HEADERS } from './snippets';
import { children, closest, descendants, encloses, nodeForSpan } from './tree';

const LOOPS = ['for_statement', 'while_statement', 'do_statement'];
const FUNCTIONS = ['method_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'constructor_declaration', 'accessor_declaration'];
const TYPES = ['class_declaration', 'struct_declaration', 'record_declaration'];
const JUMPS = ['return_statement', 'throw_statement', 'break_statement', 'continue_statement', 'goto_statement'];
const COMMENTS = ['comment'];
/** Catch types that receive an `HttpRequestException`. */
const CATCHES_HTTP_ERROR = /^(System\.)?(Exception|Net\.Http\.HttpRequestException|HttpRequestException)$/;

const BACKOFF_NAME = 'BackoffWithJitter';
const REQUEST_ID_NAME = 'RequestIdOf';
const REDACT_URL_NAME = 'RedactUrl';
const AUTH_CHECK = (status: string) => `${status} == HttpStatusCode.Unauthorized || ${status} == HttpStatusCode.Forbidden`;
const TIMEOUT = `TimeSpan.FromSeconds(${BACKOFF.timeoutMs / 1000})`;
/** Polly counts retries, not attempts. */
const MAX_RETRIES = BACKOFF.maxAttempts - 1;

/** The helper bodies, written with tabs for one indentation step; `CsFile.lines` re-indents them. */
const HELPERS: Record<string, { usings: string[]; lines: string[] }> = {
	[BACKOFF_NAME]: {
		usings: ['System', 'System.Net.Http.Headers'],
		lines: [
			`// ${HELPER_MARKER}: exponential backoff with full jitter (${BACKOFF.baseMs} ms base, ${BACKOFF.capMs / 1000} s cap),`,
			`// or the server's Retry-After (a delay or an HTTP date, at most ${BACKOFF.retryAfterCapMs / 1000} s) when it sent one.`,
			`private static TimeSpan ${BACKOFF_NAME}(int attempt, RetryConditionHeaderValue? retryAfter = null)`,
			'{',
			'\tvar requested = retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow);',
			'\tif (requested >= TimeSpan.Zero)',
			'\t{',
			`\t\treturn requested.Value < TimeSpan.FromSeconds(${BACKOFF.retryAfterCapMs / 1000}) ? requested.Value : TimeSpan.FromSeconds(${BACKOFF.retryAfterCapMs / 1000});`,
			'\t}',
			`\treturn TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(${BACKOFF.capMs}, ${BACKOFF.baseMs} * Math.Pow(2, attempt)));`,
			'}',
		],
	},
	[REQUEST_ID_NAME]: {
		usings: ['System.Net.Http'],
		lines: [
			`// ${HELPER_MARKER}: the request id the server sent back. Only these allow-listed`,
			'// headers are read; no other header is ever looked at.',
			`private static string? ${REQUEST_ID_NAME}(HttpResponseMessage? response)`,
			'{',
			`\tforeach (var name in new[] { ${REQUEST_ID_HEADERS.map((name) => `"${name}"`).join(', ')} })`,
			'\t{',
			'\t\tif (response != null && response.Headers.TryGetValues(name, out var values))',
			'\t\t{',
			'\t\t\treturn string.Join(",", values);',
			'\t\t}',
			'\t}',
			'\treturn null;',
			'}',
		],
	},
	[REDACT_URL_NAME]: {
		usings: ['System'],
		lines: [
			`// ${HELPER_MARKER}: a URL that is safe to log: no query string, fragment or user info.`,
			`private static string ${REDACT_URL_NAME}(string? url)`,
			'{',
			'\tif (Uri.TryCreate(url, UriKind.Absolute, out var uri))',
			'\t{',
			'\t\treturn uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);',
			'\t}',
			"\treturn (url ?? \"\").Split('?', '#')[0];",
			'}',
		],
	},
};

/** What one fix asks of the file besides its own edits: `using` directives and class helpers. */
class CsFile {
	readonly indent: string;
	/** Allman (`{` on its own line, the .NET default) unless the file writes K&R. */
	readonly allman: boolean;
	private readonly usings = new Set<string>();
	private readonly helpers: string[] = [];
	private helperType: Node | undefined;

	constructor(readonly context: FixContext) {
		this.indent = indentUnit(context.text);
		const blocks = descendants(context.tree.rootNode, ['block']).filter((block) => block.parent && ['method_declaration', 'if_statement', 'for_statement', 'while_statement', 'constructor_declaration'].includes(block.parent.type));
		const ownLine = blocks.filter((block) => block.startPosition.row > block.parent!.startPosition.row).length;
		this.allman = blocks.length === 0 || ownLine * 2 >= blocks.length;
	}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	/** Template lines (tabs for steps) at the file's indentation, joined for a place indented `base`. */
	lines(lines: string[], base: string): string {
		return lines.map((line) => line.replace(/^\t+/, (tabs) => this.indent.repeat(tabs.length))).join(`\n${base}`);
	}

	/** `header { body }` in the file's brace style, as template lines. */
	block(header: string, body: string[]): string[] {
		const inner = body.map((line) => `\t${line}`);
		return this.allman ? [header, '{', ...inner, '}'] : [`${header} {`, ...inner, '}'];
	}

	/** Template lines written Allman, in the file's brace style. */
	braces(lines: string[]): string[] {
		if (this.allman) return lines;
		const joined: string[] = [];
		for (const line of lines) {
			if (/^\t*\{$/.test(line) && joined.length) joined[joined.length - 1] += ' {';
			else joined.push(line);
		}
		return joined;
	}

	requireUsing(namespace: string): void {
		const present = descendants(this.root, ['using_directive'], TYPES).some((using) => usingName(using) === namespace);
		if (!present) this.usings.add(namespace);
	}

	/** Asks for a `private static` helper in the type around `near`; false when there is none to put it in. */
	requireHelper(name: string, near: Node): boolean {
		const type = closest(near, TYPES);
		const body = type?.childForFieldName('body');
		if (!type || !body || (this.helperType && this.helperType.id !== type.id)) return false;
		this.helperType = type;
		HELPERS[name].usings.forEach((namespace) => this.requireUsing(namespace));
		const declared = children(body).some((member) => member.type === 'method_declaration' && member.childForFieldName('name')?.text === name);
		if (!declared && !this.helpers.includes(name)) this.helpers.push(name);
		return true;
	}

	/** The edits for the usings and helpers asked for. */
	preambleEdits(): TextEdit[] {
		return [...this.usingEdits(), ...this.helperEdits()];
	}

	private usingEdits(): TextEdit[] {
		if (this.usings.size === 0) return [];
		const existing = descendants(this.root, ['using_directive'], TYPES).filter((using) => !/^(global\s+)?using\s+(static\s|\w+\s*=)/.test(using.text));
		const edits = new Map<number, string[]>();
		for (const namespace of [...this.usings].sort(compareNamespaces)) {
			if (existing.length === 0) {
				const first = children(this.root).find((node) => !COMMENTS.includes(node.type));
				const at = first?.startIndex ?? 0;
				edits.set(at, [...(edits.get(at) ?? []), `using ${namespace};\n`]);
				continue;
			}
			// Sorted among the existing ones, as `dotnet format` orders them: System first.
			const next = existing.find((using) => compareNamespaces(usingName(using) ?? '', namespace) > 0);
			const at = next ? next.startIndex : existing[existing.length - 1].endIndex;
			const indent = indentAt(this.text, (next ?? existing[0]).startIndex);
			edits.set(at, [...(edits.get(at) ?? []), next ? `using ${namespace};\n${indent}` : `\n${indent}using ${namespace};`]);
		}
		return [...edits].map(([at, texts]) => {
			const spacer = existing.length === 0 ? '\n' : '';
			return { startIndex: at, endIndex: at, newText: texts.join('') + spacer };
		});
	}

	private helperEdits(): TextEdit[] {
		const body = this.helperType?.childForFieldName('body');
		if (!body || this.helpers.length === 0) return [];
		const members = children(body).filter((member) => !COMMENTS.includes(member.type));
		const close = body.children.filter((child) => child?.type === '}').pop();
		if (!close) return [];
		const memberIndent = members[0] ? indentAt(this.text, members[0].startIndex) : indentAt(this.text, this.helperType!.startIndex) + this.indent;
		const source = this.helpers.map((name) => this.lines(this.braces(HELPERS[name].lines), memberIndent)).join(`\n\n${memberIndent}`);
		const last = members[members.length - 1];
		if (last) return [{ startIndex: last.endIndex, endIndex: last.endIndex, newText: `\n\n${memberIndent}${source}` }];
		return [{ startIndex: close.startIndex, endIndex: close.startIndex, newText: `${memberIndent}${source}\n${indentAt(this.text, close.startIndex)}` }];
	}

	/** A name no identifier of the function around `near` (or of the type, outside one) uses. */
	freshName(preferred: string, near: Node): string {
		const scope = closest(near, ['method_declaration', 'local_function_statement', 'constructor_declaration', 'accessor_declaration', ...TYPES]) ?? this.root;
		const used = new Set(descendants(scope, ['identifier']).map((identifier) => identifier.text));
		for (let i = 1; ; i++) {
			const name = i === 1 ? preferred : `${preferred}${i}`;
			if (!used.has(name)) return name;
		}
	}

	/** Statements on their own lines before `node`, at its indentation. */
	insertBefore(node: Node, lines: string[]): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		return { startIndex: node.startIndex, endIndex: node.startIndex, newText: `${this.lines(lines, indent)}\n${indent}` };
	}

	/** Statements on their own lines after `node`, at its indentation. */
	insertAfter(node: Node, lines: string[]): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		return { startIndex: node.endIndex, endIndex: node.endIndex, newText: `\n${indent}${this.lines(lines, indent)}` };
	}

	/** Statements as the first of a block (its own lines even when the block was `{ }`). */
	prependToBlock(block: Node, lines: string[]): TextEdit {
		const first = children(block)[0];
		if (first) return this.insertBefore(first, lines);
		return this.appendToBlock(block, lines);
	}

	/** Statements as the last of a block. */
	appendToBlock(block: Node, lines: string[]): TextEdit {
		const last = children(block).at(-1);
		if (last) return this.insertAfter(last, lines);
		const outer = indentAt(this.text, block.startIndex);
		const inner = outer + this.indent;
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${inner}${this.lines(lines, inner)}\n${outer}}` };
	}
}

function usingName(using: Node): string | undefined {
	return children(using).filter((child) => child.type === 'qualified_name' || child.type === 'identifier').pop()?.text;
}

function compareNamespaces(a: string, b: string): number {
	const system = (name: string) => (name === 'System' || name.startsWith('System.') ? 0 : 1);
	return system(a) - system(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function fix(title: string, edits: TextEdit[], options: { safe?: boolean; preferred?: boolean } = {}): Fix {
	return { title, edits, isPreferred: options.preferred ?? true, safe: options.safe ?? false };
}

// ---------------------------------------------------------------------------
// Where things are
// ---------------------------------------------------------------------------

function enclosingFunction(node: Node): Node | undefined {
	return closest(node.parent, FUNCTIONS);
}

function isAsync(fn: Node | undefined): boolean {
	return !!fn && fn.children.some((child) => (child?.type === 'modifier' && child.text === 'async') || child?.type === 'async');
}

function modifiers(fn: Node): string[] {
	return fn.children.filter((child) => child?.type === 'modifier').map((child) => child!.text);
}

/** The `CancellationToken` parameter of the function around `node`, if it has one. */
function cancellationToken(node: Node): string | undefined {
	const fn = enclosingFunction(node);
	const parameters = fn?.childForFieldName('parameters');
	const token = parameters && children(parameters).find((p) => p.type === 'parameter' && /^(System\.Threading\.)?CancellationToken$/.test(p.childForFieldName('type')?.text ?? ''));
	return token?.childForFieldName('name')?.text;
}

/** The statement around `node` that sits directly in a block (not in a lambda between them). */
function statementOf(node: Node): Node | undefined {
	for (let current: Node | null = node; current; current = current.parent) {
		if (current.parent?.type === 'block') return /_statement$/.test(current.type) ? current : undefined;
		if (FUNCTIONS.includes(current.type)) return undefined;
	}
	return undefined;
}

/** True when a local, parameter or field called `name` can be read at `at`. */
function inScope(name: string, at: Node): boolean {
	for (let current: Node | null = at; current; current = current.parent) {
		if (current.type === 'block') {
			const declared = children(current).some(
				(statement) => statement.endIndex <= at.startIndex && statement.type === 'local_declaration_statement' && descendants(statement, ['variable_declarator'], FUNCTIONS).some((d) => d.childForFieldName('name')?.text === name),
			);
			if (declared) return true;
		}
		if (current.type === 'for_statement' || current.type === 'using_statement') {
			if (descendants(current.childForFieldName('initializer') ?? current, ['variable_declarator'], ['block']).some((d) => d.childForFieldName('name')?.text === name && d.endIndex <= at.startIndex)) return true;
		}
		if (current.type === 'catch_clause' && current.id !== at.id) {
			const declaration = children(current).find((child) => child.type === 'catch_declaration');
			if (declaration?.childForFieldName('name')?.text === name) return true;
		}
		if (FUNCTIONS.includes(current.type)) {
			const parameters = current.childForFieldName('parameters');
			if (parameters && descendants(parameters, ['parameter', 'implicit_parameter']).some((p) => (p.type === 'implicit_parameter' ? p.text : p.childForFieldName('name')?.text) === name)) return true;
		}
		if (TYPES.includes(current.type)) return fieldOf(current, name) !== undefined;
	}
	return false;
}

/** The field or property declaration of `name` in a type. */
function fieldOf(type: Node, name: string): Node | undefined {
	const body = type.childForFieldName('body');
	return children(body!).find(
		(member) =>
			(member.type === 'field_declaration' && descendants(member, ['variable_declarator']).some((d) => d.childForFieldName('name')?.text === name)) ||
			(member.type === 'property_declaration' && member.childForFieldName('name')?.text === name),
	);
}

/** The statement that declares or assigns the response of a non-throwing call, directly in a block. */
function responseStatement(call: HttpCall, node: Node): Node | undefined {
	const name = call.response.variable;
	if (!name || call.throwsOnHttpError) return undefined;
	const statement = statementOf(node);
	if (!statement) return undefined;
	if (statement.type === 'local_declaration_statement') {
		const declarators = descendants(statement, ['variable_declarator'], FUNCTIONS);
		return declarators.length === 1 && declarators[0].childForFieldName('name')?.text === name ? statement : undefined;
	}
	const expression = statement.type === 'expression_statement' ? children(statement)[0] : undefined;
	return expression?.type === 'assignment_expression' && expression.childForFieldName('left')?.text === name ? statement : undefined;
}

function callNode(file: CsFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['invocation_expression']);
}

function callsOf(file: CsFile, retry: RetryConstruct): HttpCall[] {
	return retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
}

function argumentsOf(invocation: Node): Node[] {
	const list = invocation.childForFieldName('arguments');
	return list ? children(list).filter((child) => child.type === 'argument') : [];
}

/** `(a, b)` + `, c`: appends an argument, named when asked to or when the list already names one. */
function appendArgument(invocation: Node, value: string, name: string, alwaysNamed = false): TextEdit | undefined {
	const list = invocation.childForFieldName('arguments');
	const close = list?.children.filter((child) => child?.type === ')').pop();
	if (!list || !close) return undefined;
	const args = argumentsOf(invocation);
	const named = alwaysNamed || args.some((arg) => arg.childForFieldName('name'));
	const text = named ? `${name}: ${value}` : value;
	return { startIndex: close.startIndex, endIndex: close.startIndex, newText: args.length ? `, ${text}` : text };
}

/** The `if` and loops of a loop body, without comments. */
function statementsOf(block: Node): Node[] {
	return children(block).filter((child) => !COMMENTS.includes(child.type));
}

// ---------------------------------------------------------------------------
// Retry loops: backoff, attempt limits, stopping on 401/403
// ---------------------------------------------------------------------------

/** The loop's attempt counter: `for (var attempt = 0; ...)`, or the name its condition compares. */
function loopCounter(loop: Node): string | undefined {
	if (loop.type === 'for_statement') {
		const declarator = descendants(loop.childForFieldName('initializer') ?? loop, ['variable_declarator'], ['block'])[0];
		if (declarator && encloses(loop.childForFieldName('initializer'), declarator)) return declarator.childForFieldName('name')?.text;
	}
	const condition = loop.childForFieldName('condition');
	const left = condition?.type === 'binary_expression' ? condition.childForFieldName('left') : undefined;
	return left?.type === 'identifier' && /^[<>]=?$/.test(condition!.children.find((c) => c?.type && /^[<>]=?$/.test(c.type))?.type ?? '') ? left.text : undefined;
}

/** The place a failed attempt reaches before the next one: where a wait or a give-up check belongs. */
interface WaitPoint {
	/** Insert after this statement, before it, or into this (empty) block. */
	after?: Node;
	before?: Node;
	into?: Node;
}

function waitPoint(loop: Node): WaitPoint | undefined {
	const body = loop.childForFieldName('body');
	if (body?.type !== 'block') return undefined;
	const statements = statementsOf(body);
	const continues = descendants(body, ['continue_statement'], [...LOOPS, 'foreach_statement', ...FUNCTIONS]);
	const last = statements.at(-1);
	const tryStatement = statements.find((statement) => statement.type === 'try_statement');
	if (tryStatement) {
		const handlers = children(tryStatement).filter((child) => child.type === 'catch_clause');
		const handlerBody = handlers.length === 1 ? handlers[0].childForFieldName('body') : undefined;
		if (!handlerBody || children(tryStatement).some((child) => child.type === 'finally_clause')) return undefined;
		const handled = statementsOf(handlerBody);
		const handledLast = handled.at(-1);
		const tryLast = statementsOf(tryStatement.childForFieldName('body')!).at(-1);
		const tryFallsThrough = !tryLast || !JUMPS.includes(tryLast.type);
		if (continues.some((c) => !encloses(handlerBody, c))) return undefined;
		// The try body can also fall through (a non-ok status): wait after the try, where both paths meet.
		if (tryFallsThrough && tryStatement.id === last?.id && !(handledLast && JUMPS.includes(handledLast.type))) return { after: tryStatement };
		if (!handledLast) return { into: handlerBody };
		if (handledLast.type === 'continue_statement') return handled.length > 1 ? { after: handled.at(-2)! } : { before: handledLast };
		if (!JUMPS.includes(handledLast.type)) return { after: handledLast };
		return undefined;
	}
	if (!last) return undefined;
	if (last.type === 'continue_statement') return continues.length === 1 ? { before: last } : undefined;
	if (JUMPS.includes(last.type) || continues.length > 0) return undefined;
	return { after: last };
}

function waitEdit(file: CsFile, point: WaitPoint, lines: string[]): TextEdit {
	if (point.after) return file.insertAfter(point.after, lines);
	if (point.before) return file.insertBefore(point.before, lines);
	return file.appendToBlock(point.into!, lines);
}

/** The node the wait point is at, for scope questions. */
function pointNode(point: WaitPoint): Node {
	return point.after ?? point.before ?? point.into!;
}

/** `response.Headers.RetryAfter`, when a response of the retry is in scope at `at`. */
function retryAfterAt(file: CsFile, retry: RetryConstruct, at: Node, after: boolean): string | undefined {
	for (const call of callsOf(file, retry)) {
		const name = call.response.variable;
		const node = callNode(file, call);
		if (!name || call.throwsOnHttpError || !node || !/^\w+$/.test(name)) continue;
		const declaration = responseStatement(call, node);
		if (declaration?.type !== 'local_declaration_statement') continue;
		const sameBlock = declaration.parent && encloses(declaration.parent, at) && declaration.endIndex <= (after ? at.endIndex : at.startIndex);
		if (sameBlock) return `${name}.Headers.RetryAfter`;
	}
	return undefined;
}

/** The wait call of a delay fact: `Task.Delay(...)` or `Thread.Sleep(...)`. */
function waitCall(file: CsFile, retry: RetryConstruct): Node | undefined {
	const span = 'span' in retry.delay ? retry.delay.span : undefined;
	const node = span && nodeForSpan(file.root, span, ['invocation_expression']);
	return node && /^((System\.Threading\.)?Thread\.Sleep|(System\.Threading\.Tasks\.)?Task\.Delay)$/.test(node.childForFieldName('function')?.text ?? '') ? node : undefined;
}

function loopBackoffFix(file: CsFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const fn = enclosingFunction(loop);
	const token = cancellationToken(loop);
	const edits: TextEdit[] = [];
	let counter = loopCounter(loop);
	let advance: string[] = [];
	if (!counter) {
		counter = file.freshName('attempt', loop);
		advance = [`${counter}++;`];
		edits.push(file.insertBefore(loop, [`var ${counter} = 0;`]));
	}
	const existing = waitCall(file, retry);
	if (existing) {
		const isSleep = /Sleep$/.test(existing.childForFieldName('function')!.text);
		const statement = statementOf(existing);
		if (advance.length) {
			if (statement?.type !== 'expression_statement' || !encloses(loop, statement)) return [];
			edits.push(file.insertAfter(statement, advance));
		}
		const retryAfter = statement && retryAfterAt(file, retry, statement, false);
		if (needRetryAfter && !retryAfter) return [];
		if (!file.requireHelper(BACKOFF_NAME, loop)) return [];
		const args = argumentsOf(existing);
		const delay = `${BACKOFF_NAME}(${counter}${retryAfter ? `, ${retryAfter}` : ''})`;
		if (!args[0]) return [];
		edits.push({ startIndex: args[0].startIndex, endIndex: args[0].endIndex, newText: delay });
		if (!isSleep && args.length === 1 && token) edits.push({ startIndex: args[0].endIndex, endIndex: args[0].endIndex, newText: `, ${token}` });
		// A `Task.Delay` that was never awaited: await it, where the statement is the bare call.
		if (retry.delay.kind === 'not-awaited') {
			if (!isAsync(fn) || statement?.type !== 'expression_statement' || children(statement)[0]?.id !== existing.id) return [];
			edits.push({ startIndex: existing.startIndex, endIndex: existing.startIndex, newText: 'await ' });
		}
	} else {
		const point = waitPoint(loop);
		if (!point) return [];
		const retryAfter = retryAfterAt(file, retry, pointNode(point), !!point.after);
		if (needRetryAfter && !retryAfter) return [];
		if (!file.requireHelper(BACKOFF_NAME, loop)) return [];
		const delay = `${BACKOFF_NAME}(${counter}${retryAfter ? `, ${retryAfter}` : ''})`;
		if (isAsync(fn)) {
			file.requireUsing('System.Threading.Tasks');
			edits.push(waitEdit(file, point, [`await Task.Delay(${delay}${token ? `, ${token}` : ''});`, ...advance]));
		} else {
			file.requireUsing('System.Threading');
			edits.push(waitEdit(file, point, [`Thread.Sleep(${delay});`, ...advance]));
		}
	}
	edits.push(...file.preambleEdits());
	const title = needRetryAfter || retryAfterMentioned(edits) ? 'Wait with exponential backoff and jitter, honouring Retry-After' : 'Wait with exponential backoff and jitter between attempts';
	return [fix(title, edits, { safe: true })];
}

function retryAfterMentioned(edits: TextEdit[]): boolean {
	return edits.some((edit) => /\.Headers\.RetryAfter\b/.test(edit.newText));
}

/**
 * The failure path of a `while (true)` gives up at the limit: `throw;` in the catch, or an
 * error carrying the last status. The loop's own counter is used when it counts every
 * attempt before that point; otherwise the loop becomes `for (var attempt = 1; ; attempt++)`.
 */
function attemptLimitFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, ['while_statement']);
	const condition = loop?.childForFieldName('condition');
	const close = loop?.children.find((child) => child?.type === ')');
	const point = loop && waitPoint(loop);
	if (!loop || condition?.text !== 'true' || !close || !point) return [];
	const handler = closest(pointNode(point), ['catch_clause'], LOOPS);
	const wait = waitCall(file, retry);
	const waitStatement = wait && statementOf(wait);
	const checkBefore = !handler && waitStatement && encloses(loop, waitStatement) ? waitStatement : undefined;
	const edits: TextEdit[] = [];
	let counter = countingCounter(loop, checkBefore ?? pointNode(point));
	if (!counter) {
		counter = file.freshName('attempt', loop);
		edits.push({ startIndex: loop.startIndex, endIndex: close.endIndex, newText: `for (var ${counter} = 1; ; ${counter}++)` });
	}
	const limit = `${counter} >= ${BACKOFF.maxAttempts}`;
	if (handler) {
		edits.push(file.prependToBlock(handler.childForFieldName('body')!, file.block(`if (${limit})`, ['throw;'])));
		return [fix(`Give up after ${BACKOFF.maxAttempts} attempts with the last error`, edits)];
	}
	const call = callsOf(file, retry).find((c) => c.response.variable && !c.throwsOnHttpError);
	const response = call?.response.variable;
	if (!call || !response || !retryAfterAt(file, retry, checkBefore ?? pointNode(point), !checkBefore && !!point.after)) return [];
	file.requireUsing('System.Net.Http');
	const giveUp = file.block(`if (${limit})`, [`throw new HttpRequestException($"Gave up after {${counter}} attempts: HTTP {(int)${response}.StatusCode} {${response}.ReasonPhrase}", null, ${response}.StatusCode);`]);
	edits.push(checkBefore ? file.insertBefore(checkBefore, giveUp) : waitEdit(file, point, giveUp));
	return [fix(`Give up after ${BACKOFF.maxAttempts} attempts with the last status`, [...edits, ...file.preambleEdits()])];
}

/**
 * A counter declared before the loop and raised by exactly one `attempt++;` of the loop
 * body, ahead of `at`: at `at` it holds the number of attempts made, this one included.
 */
function countingCounter(loop: Node, at: Node): string | undefined {
	const body = loop.childForFieldName('body');
	if (!body) return undefined;
	const increments = descendants(body, ['postfix_unary_expression', 'prefix_unary_expression', 'assignment_expression'], FUNCTIONS).filter((n) => /^(\w+\+\+|\+\+\w+|\w+ \+= 1)$/.test(n.text));
	const step = increments.length === 1 ? increments[0] : undefined;
	const statement = step?.parent;
	const name = step?.text.replace(/\+\+| \+= 1/g, '');
	if (!step || !name || statement?.type !== 'expression_statement' || statement.parent?.id !== body.id || statement.endIndex > at.startIndex) return undefined;
	const assigned = descendants(body, ['assignment_expression', 'postfix_unary_expression', 'prefix_unary_expression'], FUNCTIONS).filter((n) => n.id !== step.id && new RegExp(`^${name}\\b`).test(n.text.replace(/^(\+\+|--)/, '')));
	return assigned.length === 0 && inScope(name, loop) ? name : undefined;
}

/** Stops a retry loop on 401/403: the status check throws, and a catch in the loop lets that through. */
function loopStopOnAuthFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const edits: TextEdit[] = [];
	const call = callsOf(file, retry).find((c) => c.response.variable && !c.throwsOnHttpError);
	const node = call && callNode(file, call);
	const declaration = call && node && responseStatement(call, node);
	if (call && declaration && encloses(loop, declaration)) {
		const response = call.response.variable!;
		edits.push(file.insertAfter(declaration, file.block(`if (${AUTH_CHECK(`${response}.StatusCode`)})`, [authError(response)])));
	}
	// Catches in the loop that would take that error (or a throwing client's) and retry it.
	const handlers = descendants(loop, ['catch_clause'], FUNCTIONS).filter((handler) => closest(handler, LOOPS)?.id === loop.id);
	for (const handler of handlers) {
		const declaration = children(handler).find((child) => child.type === 'catch_declaration');
		const type = declaration?.childForFieldName('type')?.text;
		if (type && !CATCHES_HTTP_ERROR.test(type)) continue;
		const body = handler.childForFieldName('body');
		if (!body) return [];
		const name = declaration?.childForFieldName('name')?.text;
		if (type && /HttpRequestException$/.test(type) && name) {
			edits.push(file.prependToBlock(body, file.block(`if (${AUTH_CHECK(`${name}.StatusCode`)})`, ['throw;'])));
			continue;
		}
		// Any other catch that takes it: a catch ahead of it lets 401/403 through, and leaves
		// the handler as it was. (`(ex as HttpRequestException)?.StatusCode` in a condition is
		// what the grammar misreads, so the analysis could not confirm the fix.)
		const caught = file.freshName('ex', loop);
		edits.push(file.insertBefore(handler, file.block(`catch (HttpRequestException ${caught}) when (${AUTH_CHECK(`${caught}.StatusCode`)})`, ['throw;'])));
	}
	if (edits.length === 0) return [];
	file.requireUsing('System.Net');
	file.requireUsing('System.Net.Http');
	return [fix('Stop retrying on 401/403: the credentials were rejected', [...edits, ...file.preambleEdits()])];
}

/** `catch` → `catch (Exception name)`. */
function catchDeclarationEdit(handler: Node, name: string): TextEdit {
	const keyword = handler.children.find((child) => child?.type === 'catch')!;
	return { startIndex: keyword.endIndex, endIndex: keyword.endIndex, newText: ` (Exception ${name})` };
}

function authError(response: string): string {
	return `throw new HttpRequestException($"Credentials rejected (HTTP {(int)${response}.StatusCode}): check the token or API key; the WWW-Authenticate header says why.", null, ${response}.StatusCode);`;
}

// ---------------------------------------------------------------------------
// Retry libraries: Polly v8 options, the standard resilience handler, Polly v7 policies
// ---------------------------------------------------------------------------

/** Sets properties of a `new RetryStrategyOptions { ... }` initializer, keeping its layout. */
function setOptions(file: CsFile, creation: Node, settings: Array<[string, string]>): TextEdit[] {
	const initializer = creation.childForFieldName('initializer');
	const edits: TextEdit[] = [];
	const missing: string[] = [];
	const assignments = initializer ? children(initializer).filter((child) => child.type === 'assignment_expression') : [];
	for (const [name, value] of settings) {
		const existing = assignments.find((a) => a.childForFieldName('left')?.text === name);
		const right = existing?.childForFieldName('right');
		if (right) {
			if (right.text !== value) edits.push({ startIndex: right.startIndex, endIndex: right.endIndex, newText: value });
		} else missing.push(`${name} = ${value}`);
	}
	if (missing.length === 0) return edits;
	if (!initializer) {
		const end = creation.endIndex;
		return [...edits, { startIndex: end, endIndex: end, newText: ` { ${missing.join(', ')} }` }];
	}
	const last = assignments.at(-1);
	const open = initializer.children.find((child) => child?.type === '{')!;
	const close = initializer.children.filter((child) => child?.type === '}').pop()!;
	const multiline = close.startPosition.row > open.startPosition.row;
	if (!multiline) {
		const at = last ? last.endIndex : open.endIndex;
		return [...edits, { startIndex: at, endIndex: at, newText: last ? `, ${missing.join(', ')}` : ` ${missing.join(', ')}` }];
	}
	const indent = last ? indentAt(file.text, last.startIndex) : indentAt(file.text, close.startIndex) + file.indent;
	const trailingComma = last && initializer.children.some((child) => child?.type === ',' && child.startIndex >= last.endIndex);
	const lines = missing.map((assignment) => `${assignment},`);
	if (!last) return [...edits, { startIndex: open.endIndex, endIndex: open.endIndex, newText: `\n${indent}${lines.join(`\n${indent}`)}` }];
	if (trailingComma) {
		const comma = initializer.children.find((child) => child?.type === ',' && child.startIndex >= last.endIndex)!;
		return [...edits, { startIndex: comma.endIndex, endIndex: comma.endIndex, newText: `\n${indent}${lines.join(`\n${indent}`)}` }];
	}
	return [...edits, { startIndex: last.endIndex, endIndex: last.endIndex, newText: `,\n${indent}${lines.join(`\n${indent}`).replace(/,$/, '')}` }];
}

/** `o.Retry.X = ...` statements of `AddStandardResilienceHandler(o => { ... })`: replaced, or added after the last. */
function setResilienceOptions(file: CsFile, call: Node, settings: Array<[string, string]>): TextEdit[] {
	const lambda = argumentsOf(call).map((arg) => children(arg)[0]).find((value) => value?.type === 'lambda_expression');
	const body = lambda?.childForFieldName('body');
	if (!body || body.type !== 'block') return [];
	const assignments = descendants(body, ['assignment_expression'], FUNCTIONS).filter((a) => /\.Retry\.\w+$/.test(a.childForFieldName('left')?.text ?? ''));
	const prefix = assignments[0]?.childForFieldName('left')?.text.replace(/\.\w+$/, '') ?? (children(lambda!.childForFieldName('parameters') ?? lambda!)[0]?.text ?? 'options') + '.Retry';
	const edits: TextEdit[] = [];
	const missing: string[] = [];
	for (const [name, value] of settings) {
		const existing = assignments.find((a) => a.childForFieldName('left')?.text.endsWith(`.Retry.${name}`));
		const right = existing?.childForFieldName('right');
		if (right) {
			if (right.text !== value) edits.push({ startIndex: right.startIndex, endIndex: right.endIndex, newText: value });
		} else missing.push(`${prefix}.${name} = ${value};`);
	}
	if (missing.length) edits.push(file.appendToBlock(body, missing));
	return edits;
}

/** Where a library retry's settings live, with a function that sets them. */
function librarySettings(file: CsFile, retry: RetryConstruct): ((settings: Array<[string, string]>) => TextEdit[]) | undefined {
	if (retry.library === 'Polly') {
		const creation = nodeForSpan(file.root, retry.span, ['object_creation_expression']);
		if (creation && creation.startIndex === retry.span.startIndex && creation.endIndex === retry.span.endIndex) return (settings) => setOptions(file, creation, settings);
	}
	if (retry.library === 'Microsoft.Extensions.Http.Resilience') {
		const call = nodeForSpan(file.root, retry.span, ['invocation_expression']);
		if (call) return (settings) => setResilienceOptions(file, call, settings);
	}
	return undefined;
}

/** A Polly v7 policy call: `...RetryAsync(3)`, `...WaitAndRetryAsync(3, i => ...)`. */
interface PollyV7 {
	call: Node;
	name: Node;
	arguments: Node;
}

function pollyV7Call(file: CsFile, retry: RetryConstruct): PollyV7 | undefined {
	if (retry.library !== 'Polly') return undefined;
	const call = nodeForSpan(file.root, retry.span, ['invocation_expression']);
	const name = call?.childForFieldName('function')?.childForFieldName('name');
	const list = call?.childForFieldName('arguments');
	return call && name && list && /^(WaitAndRetry|Retry|RetryForever|WaitAndRetryForever)(Async)?$/.test(name.text) ? { call, name, arguments: list } : undefined;
}

/** Polly v8 options and the standard resilience handler: exponential backoff, jitter, Retry-After. */
function optionsBackoffFix(file: CsFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const settings = librarySettings(file, retry);
	if (!settings) return [];
	const wanted: Array<[string, string]> = [];
	if (rule === 'ignored-retry-after') {
		const creation = nodeForSpan(file.root, retry.span, ['object_creation_expression']);
		const typeName = creation?.childForFieldName('type')?.text ?? '';
		if (retry.library !== 'Polly' || /^HttpRetryStrategyOptions$/.test(typeName)) wanted.push(['ShouldRetryAfterHeader', 'true']);
		// Polly's generic options wait for what the generator says; null falls back to the backoff.
		else if (/^RetryStrategyOptions<\s*HttpResponseMessage\s*>$/.test(typeName)) wanted.push(['DelayGenerator', 'args => new ValueTask<TimeSpan?>(args.Outcome.Result?.Headers.RetryAfter?.Delta)']);
		else return [];
	} else {
		if (rule !== 'retry-without-jitter') wanted.push(['BackoffType', 'DelayBackoffType.Exponential']);
		wanted.push(['UseJitter', 'true']);
		if (rule === 'tight-retry-loop') wanted.push(['Delay', `TimeSpan.FromMilliseconds(${BACKOFF.baseMs})`]);
	}
	const edits = settings(wanted);
	if (edits.length === 0) return [];
	if (wanted.some(([, value]) => /DelayBackoffType/.test(value))) file.requireUsing('Polly');
	if (wanted.some(([, value]) => /TimeSpan/.test(value))) file.requireUsing('System');
	if (wanted.some(([, value]) => /ValueTask/.test(value))) file.requireUsing('System.Threading.Tasks');
	const title = rule === 'ignored-retry-after' ? 'Wait for Retry-After when the server sends it (retry options)' : 'Retry with exponential backoff and jitter (retry options)';
	return [fix(title, [...edits, ...file.preambleEdits()], { safe: true })];
}

/** Polly v7: the sleep-duration provider becomes the backoff helper; `Retry` becomes `WaitAndRetry`. */
function pollyV7BackoffFix(file: CsFile, policy: PollyV7): Fix[] {
	const args = argumentsOf(policy.call);
	const provider = `attempt => ${BACKOFF_NAME}(attempt)`;
	const edits: TextEdit[] = [];
	const forever = /Forever/.test(policy.name.text);
	if (/^WaitAndRetry/.test(policy.name.text)) {
		// The sleep-duration provider is the only delegate: `(count, provider)`, or `(provider)` forever.
		const index = forever ? 0 : 1;
		if (args.length !== index + 1) return [];
		edits.push({ startIndex: args[index].startIndex, endIndex: args[index].endIndex, newText: provider });
	} else {
		if (args.length > (forever ? 0 : 1)) return [];
		const count = forever ? '' : `${args[0]?.text ?? '1'}, `;
		edits.push({ startIndex: policy.name.startIndex, endIndex: policy.name.endIndex, newText: `WaitAnd${policy.name.text}` });
		edits.push({ startIndex: policy.arguments.startIndex, endIndex: policy.arguments.endIndex, newText: `(${count}${provider})` });
	}
	if (!file.requireHelper(BACKOFF_NAME, policy.call)) return [];
	return [fix('Wait with exponential backoff and jitter between attempts', [...edits, ...file.preambleEdits()], { safe: true })];
}

/** Polly v7 with Polly.Contrib.WaitAndRetry in the project: its decorrelated-jitter schedule, no helper. */
function contribBackoffFix(file: CsFile, policy: PollyV7): Fix[] {
	const args = argumentsOf(policy.call);
	const waits = /^WaitAndRetry/.test(policy.name.text);
	const counts = waits ? [2] : [0, 1];
	if (/Forever/.test(policy.name.text) || !counts.includes(args.length)) return [];
	const count = args[0]?.text ?? '1';
	file.requireUsing('System');
	file.requireUsing('Polly.Contrib.WaitAndRetry');
	const edits: TextEdit[] = [{ startIndex: policy.arguments.startIndex, endIndex: policy.arguments.endIndex, newText: `(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(${BACKOFF.baseMs}), ${count}))` }];
	if (!waits) edits.push({ startIndex: policy.name.startIndex, endIndex: policy.name.endIndex, newText: `WaitAnd${policy.name.text}` });
	return [fix('Wait with jittered exponential backoff (Polly.Contrib.WaitAndRetry)', [...edits, ...file.preambleEdits()], { safe: true })];
}

function libraryAttemptLimitFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const settings = librarySettings(file, retry);
	const title = `Give up after ${BACKOFF.maxAttempts} attempts`;
	if (settings) {
		const edits = settings([['MaxRetryAttempts', String(MAX_RETRIES)]]);
		return edits.length ? [fix(title, edits)] : [];
	}
	const policy = pollyV7Call(file, retry);
	if (!policy || !/Forever/.test(policy.name.text)) return [];
	const args = argumentsOf(policy.call);
	const waits = /^WaitAndRetry/.test(policy.name.text);
	if (args.length !== (waits ? 1 : 0)) return [];
	const open = policy.arguments.startIndex + 1;
	return [
		fix(title, [
			{ startIndex: policy.name.startIndex, endIndex: policy.name.endIndex, newText: policy.name.text.replace('Forever', '') },
			{ startIndex: open, endIndex: open, newText: waits ? `${MAX_RETRIES}, ` : String(MAX_RETRIES) },
		]),
	];
}

/** Result predicates (`HandleResult(r => ...)`, `OrResult(r => ...)`) learn to leave 401/403 alone. */
function libraryStopOnAuthFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const construct = nodeForSpan(file.root, retry.span);
	if (!construct) return [];
	const predicates = descendants(construct, ['invocation_expression']).filter((call) => /^(HandleResult|OrResult)$/.test(call.childForFieldName('function')?.childForFieldName('name')?.text ?? ''));
	const edits: TextEdit[] = [];
	for (const predicate of predicates) {
		const lambda = argumentsOf(predicate).map((arg) => children(arg)[0])[0];
		const parameter = lambda?.type === 'lambda_expression' ? lambda.childForFieldName('parameters') : undefined;
		const name = parameter?.type === 'implicit_parameter' ? parameter.text : parameter ? children(parameter)[0]?.childForFieldName('name')?.text : undefined;
		const body = lambda?.childForFieldName('body');
		if (!name || !body || body.type === 'block') return [];
		const plain = ['member_access_expression', 'invocation_expression', 'prefix_unary_expression', 'identifier', 'parenthesized_expression'].includes(body.type) || (body.type === 'binary_expression' && !/\|\||\?/.test(body.text));
		const condition = plain ? body.text : `(${body.text})`;
		edits.push({ startIndex: body.startIndex, endIndex: body.endIndex, newText: `${condition} && ${name}.StatusCode != HttpStatusCode.Unauthorized && ${name}.StatusCode != HttpStatusCode.Forbidden` });
	}
	if (edits.length === 0) return [];
	file.requireUsing('System.Net');
	return [fix('Stop retrying 401/403: leave them out of the results to retry', [...edits, ...file.preambleEdits()], { safe: true })];
}

// ---------------------------------------------------------------------------
// Calls: status checks, timeouts, idempotency keys
// ---------------------------------------------------------------------------

/**
 * A distinct 401/403 error, then `EnsureSuccessStatusCode()` for every other non-2xx: it
 * is the idiom readers know, it puts the status on the `HttpRequestException`, and it
 * keeps the check one line instead of a second branch that would have to invent a message.
 */
function statusCheckFix(file: CsFile, call: HttpCall): Fix[] {
	const node = callNode(file, call);
	if (!node) return [];
	file.requireUsing('System.Net');
	file.requireUsing('System.Net.Http');
	const title = 'Check the status: a distinct error for 401/403, then any non-2xx';
	const declaration = responseStatement(call, node);
	if (declaration) {
		const response = call.response.variable!;
		const lines = [...file.block(`if (${AUTH_CHECK(`${response}.StatusCode`)})`, [authError(response)]), `${response}.EnsureSuccessStatusCode();`];
		return [fix(title, [file.insertAfter(declaration, lines), ...file.preambleEdits()])];
	}
	// `(await client.GetAsync(url)).Content...`: the response gets a name first. Only when the
	// call is the first thing the statement evaluates, so nothing runs in a new order.
	const awaited = node.parent?.type === 'await_expression' ? node.parent : undefined;
	const parenthesized = awaited?.parent?.type === 'parenthesized_expression' ? awaited.parent : undefined;
	if (!awaited || !parenthesized) return [];
	let top: Node = parenthesized;
	while (top.parent && ((top.parent.type === 'member_access_expression' && top.parent.childForFieldName('expression')?.id === top.id) || (top.parent.type === 'invocation_expression' && top.parent.childForFieldName('function')?.id === top.id) || top.parent.type === 'await_expression')) top = top.parent;
	const statement = top.parent;
	if (!statement || !['return_statement', 'expression_statement'].includes(statement.type) || statement.parent?.type !== 'block') return [];
	const response = file.freshName('response', node);
	const lines = [`var ${response} = ${awaited.text};`, ...file.block(`if (${AUTH_CHECK(`${response}.StatusCode`)})`, [authError(response)]), `${response}.EnsureSuccessStatusCode();`];
	return [fix(title, [file.insertBefore(statement, lines), { startIndex: parenthesized.startIndex, endIndex: parenthesized.endIndex, newText: response }, ...file.preambleEdits()])];
}

/** A `CancellationTokenSource` that cancels this call after 10 s (linked to the method's token). */
function callTimeoutFix(file: CsFile, node: Node): Fix[] {
	const awaited = node.parent?.type === 'await_expression' || (node.parent?.type === 'member_access_expression' && node.parent.parent?.parent?.type === 'await_expression');
	const statement = statementOf(node);
	// A source disposed while the request still runs would never fire: the call must be awaited here.
	if (!awaited || !statement || !isAsync(enclosingFunction(node))) return [];
	const token = cancellationToken(node);
	const args = argumentsOf(node);
	const passed = token ? args.find((arg) => arg.text === token) : undefined;
	if (args.some((arg) => arg.id !== passed?.id && /token|cancel|\bct\b/i.test(arg.text))) return [];
	const source = file.freshName('timeout', node);
	const lines = token
		? [`using var ${source} = CancellationTokenSource.CreateLinkedTokenSource(${token});`, `${source}.CancelAfter(${TIMEOUT});`]
		: [`using var ${source} = new CancellationTokenSource(${TIMEOUT});`];
	const argument = passed ? { startIndex: passed.startIndex, endIndex: passed.endIndex, newText: `${source}.Token` } : appendArgument(node, `${source}.Token`, 'cancellationToken');
	if (!argument) return [];
	file.requireUsing('System');
	file.requireUsing('System.Threading');
	return [fix(`Cancel this request after ${BACKOFF.timeoutMs / 1000} s`, [file.insertBefore(statement, lines), argument, ...file.preambleEdits()], { safe: true })];
}

/** `Timeout = Timeout.InfiniteTimeSpan` on the client the call uses, made 10 s (every call of that client). */
function clientTimeoutFix(file: CsFile, node: Node): Fix[] {
	const receiver = node.childForFieldName('function')?.childForFieldName('expression')?.text.replace(/^this\./, '');
	if (!receiver) return [];
	const infinite = descendants(file.root, ['assignment_expression']).filter((a) => /^(System\.Threading\.)?Timeout\.InfiniteTimeSpan$/.test(a.childForFieldName('right')?.text ?? ''));
	const ofClient = infinite.find((a) => {
		const left = a.childForFieldName('left')?.text ?? '';
		if (left.replace(/^this\./, '') === `${receiver}.Timeout`) return true;
		const declarator = left === 'Timeout' ? closest(a, ['variable_declarator', 'assignment_expression'].filter((t) => t !== a.type)) : undefined;
		const name = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name')?.text : declarator?.childForFieldName('left')?.text.replace(/^this\./, '');
		return name === receiver;
	});
	const right = ofClient?.childForFieldName('right');
	if (!right) return [];
	file.requireUsing('System');
	return [fix(`Give the client a ${BACKOFF.timeoutMs / 1000} s timeout (every request it sends)`, [{ startIndex: right.startIndex, endIndex: right.endIndex, newText: TIMEOUT }, ...file.preambleEdits()], { preferred: false })];
}

function timeoutFixes(context: FixContext, call: HttpCall): Fix[] {
	// Each fix asks for its own usings: one file state per fix.
	const node = callNode(new CsFile(context), call);
	if (!node) return [];
	const perCall = callTimeoutFix(new CsFile(context), node);
	const client = clientTimeoutFix(new CsFile(context), node);
	return [...perCall, ...client.map((f) => ({ ...f, isPreferred: perCall.length === 0 }))];
}

const CONTENT_METHODS: Record<string, string> = { PostAsync: 'Post', PatchAsync: 'Patch', PostAsJsonAsync: 'Post', PatchAsJsonAsync: 'Patch' };

function idempotencyKeyFix(file: CsFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const node = callNode(file, call);
	const loop = retry && nodeForSpan(file.root, retry.span, LOOPS);
	if (!node || !loop) return [];
	const key = file.freshName('idempotencyKey', loop);
	const made = [`var ${key} = Guid.NewGuid().ToString();`];
	const title = 'Send an Idempotency-Key made once, before the first attempt';
	if (call.idempotencyKey === 'fresh-per-call') {
		// `request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString())` in the loop: hoist the value.
		const setter = descendants(loop, ['invocation_expression'], FUNCTIONS).find((c) => argumentsOf(c).some((arg) => /^"(x-)?idempotency-key"$/i.test(arg.text)));
		const value = setter && argumentsOf(setter)[1];
		if (!value || !/Guid\.NewGuid\(\)/.test(value.text)) return [];
		file.requireUsing('System');
		return [fix('Create the Idempotency-Key once, before the first attempt', [file.insertBefore(loop, [`var ${key} = ${value.text};`]), { startIndex: value.startIndex, endIndex: value.endIndex, newText: key }, ...file.preambleEdits()], { safe: true })];
	}
	if (call.idempotencyKey !== 'none') return [];
	const fn = node.childForFieldName('function');
	const methodName = fn?.childForFieldName('name')?.text ?? '';
	const receiver = fn?.childForFieldName('expression');
	const args = argumentsOf(node);
	const statement = statementOf(node);
	if (/^Send(Async)?$/.test(methodName)) {
		// `SendAsync(request)` with the request made in the loop: the header goes on each attempt's message.
		const request = args[0] && children(args[0])[0];
		const declaration = request?.type === 'identifier' && statement ? requestDeclaration(request.text, statement) : undefined;
		if (!declaration || !encloses(loop, declaration)) return [];
		file.requireUsing('System');
		return [fix(title, [file.insertBefore(loop, made), file.insertAfter(declaration, [`${request!.text}.Headers.Add("Idempotency-Key", ${key});`]), ...file.preambleEdits()], { safe: true })];
	}
	const awaited = node.parent?.type === 'await_expression' ? node.parent : undefined;
	// A request message per attempt, built where the call was: the arguments are evaluated at the same point.
	const first = awaited && statement && firstEvaluated(statement, awaited);
	if (!(methodName in CONTENT_METHODS) || !receiver || args.some((arg) => arg.childForFieldName('name')) || !first || args.length < 2 || args.length > 3) return [];
	const request = file.freshName('request', loop);
	const content = /AsJson/.test(methodName) ? `JsonContent.Create(${args[1].text})` : args[1].text;
	const lines = [
		`using var ${request} = new HttpRequestMessage(HttpMethod.${CONTENT_METHODS[methodName]}, ${args[0].text}) { Content = ${content} };`,
		`${request}.Headers.Add("Idempotency-Key", ${key});`,
	];
	const extra = args[2] ? `, ${args[2].text}` : '';
	file.requireUsing('System');
	file.requireUsing('System.Net.Http');
	if (/AsJson/.test(methodName)) file.requireUsing('System.Net.Http.Json');
	return [
		fix(title, [file.insertBefore(loop, made), file.insertBefore(statement, lines), { startIndex: fn!.startIndex, endIndex: node.endIndex, newText: `${receiver.text}.SendAsync(${request}${extra})` }, ...file.preambleEdits()], { safe: true }),
	];
}

/** The `var request = new HttpRequestMessage(...)` statement before `statement`, in its block. */
function requestDeclaration(name: string, statement: Node): Node | undefined {
	const earlier = children(statement.parent!).filter((s) => s.endIndex <= statement.startIndex && s.type === 'local_declaration_statement');
	return earlier.find((s) => descendants(s, ['variable_declarator'], FUNCTIONS).some((d) => d.childForFieldName('name')?.text === name && /^new HttpRequestMessage\b/.test(d.namedChildren.at(-1)?.text ?? '')));
}

/** True when `node` is the first thing `statement` evaluates (a declaration's value, a return's value, an assignment's right side). */
function firstEvaluated(statement: Node, node: Node): boolean {
	const value = statement.type === 'local_declaration_statement' ? descendants(statement, ['variable_declarator'], FUNCTIONS)[0]?.namedChildren.at(-1) : statement.type === 'return_statement' ? children(statement)[0] : statement.type === 'expression_statement' ? children(statement)[0] : undefined;
	if (!value) return false;
	if (value.id === node.id) return true;
	return value.type === 'assignment_expression' && value.childForFieldName('left')?.type === 'identifier' && value.childForFieldName('right')?.id === node.id;
}

// ---------------------------------------------------------------------------
// Errors: logging, the once-only refresh guard
// ---------------------------------------------------------------------------

/** An `ILogger` field or property of the class (usable from this member), or an `ILogger` parameter. */
function loggerAt(handler: Node): string | undefined {
	const fn = enclosingFunction(handler);
	const parameters = fn?.childForFieldName('parameters');
	const parameter = parameters && children(parameters).find((p) => p.type === 'parameter' && /^ILogger\b/.test(p.childForFieldName('type')?.text ?? ''));
	if (parameter) return parameter.childForFieldName('name')?.text;
	const type = closest(handler, TYPES);
	const body = type?.childForFieldName('body');
	if (!body) return undefined;
	const isStatic = fn ? modifiers(fn).includes('static') : false;
	for (const member of children(body)) {
		if (isStatic && !modifiers(member).includes('static')) continue;
		if (member.type === 'field_declaration') {
			const declaration = children(member).find((child) => child.type === 'variable_declaration');
			if (/^ILogger\b/.test(declaration?.childForFieldName('type')?.text ?? '')) return descendants(declaration!, ['variable_declarator'])[0]?.childForFieldName('name')?.text;
		}
		if (member.type === 'property_declaration' && /^ILogger\b/.test(member.childForFieldName('type')?.text ?? '')) return member.childForFieldName('name')?.text;
	}
	return undefined;
}

/** The URL a call was made with, as an expression that is safe to log, or undefined when it is not readable at `at`. */
function urlForLog(file: CsFile, call: HttpCall, at: Node): string | undefined {
	const node = callNode(file, call);
	const url = node && argumentsOf(node)[0] && children(argumentsOf(node)[0])[0];
	if (!url || /^Send/.test(node.childForFieldName('function')?.childForFieldName('name')?.text ?? '')) return undefined;
	// `?`, `#`, `@` and `/` need no escapes in a C# string: the literal's text can be cut as written.
	if (url.type === 'string_literal') return `"${redactLiteral(url.text.slice(1, -1))}"`;
	const readable = descendants(url, ['identifier']).every((id) => id.parent?.type === 'member_access_expression' && id.parent.childForFieldName('name')?.id === id.id ? true : inScope(id.text, at));
	if (!readable || descendants(url, ['invocation_expression', 'assignment_expression', 'postfix_unary_expression', 'prefix_unary_expression']).length) return undefined;
	if (url.type === 'interpolated_string_expression') {
		const parts = children(url).filter((part) => part.type === 'string_content' || part.type === 'interpolation');
		const text = parts[0]?.type === 'string_content' ? parts[0].text : '';
		// A relative path, or an absolute URL whose host is written out: cut it at the query string.
		if (/^\//.test(text) || /^https?:\/\/[^/@{]+\//.test(text)) {
			const cut = parts.find((part) => part.type === 'string_content' && /[?#]/.test(part.text));
			if (!cut) return url.text;
			const kept = url.text.slice(0, cut.startIndex - url.startIndex) + cut.text.split(/[?#]/)[0];
			return parts.some((part) => part.type === 'interpolation' && part.endIndex <= cut.startIndex) ? `${kept}"` : JSON.stringify(redactLiteral(kept.replace(/^\$@?"|^@\$"/, '')));
		}
	}
	if (!file.requireHelper(REDACT_URL_NAME, at)) return undefined;
	return `${REDACT_URL_NAME}(${url.text})`;
}

/** A literal URL without query string, fragment or user info. */
function redactLiteral(url: string): string {
	return url.split(/[?#]/)[0].replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

function loggingFix(file: CsFile, clause: CatchClause): Fix[] {
	const handler = nodeForSpan(file.root, clause.span, ['catch_clause']);
	const body = handler?.childForFieldName('body');
	if (!handler || !body) return [];
	const edits: TextEdit[] = [];
	const declaration = children(handler).find((child) => child.type === 'catch_declaration');
	const type = declaration?.childForFieldName('type');
	let name = declaration?.childForFieldName('name')?.text;
	if (!name) {
		name = file.freshName('ex', handler);
		edits.push(type ? { startIndex: type.endIndex, endIndex: type.endIndex, newText: ` ${name}` } : catchDeclarationEdit(handler, name));
		if (!type) file.requireUsing('System');
	}
	const call = file.context.facts.httpCalls[clause.guardedCallIds[0]];
	if (!call) return [];
	// Only what helps debugging and leaks nothing: no headers but request ids, no query string, no message text.
	const fields: Array<[string, string, string]> = [];
	if (call.method) fields.push(['Method', `"${call.method}"`, '{Method}']);
	const url = urlForLog(file, call, handler);
	if (url) fields.push(['Url', url, '{Url}']);
	const typeName = type?.text;
	const status = !typeName || CATCHES_HTTP_ERROR.test(typeName) ? (typeName && /HttpRequestException$/.test(typeName) ? `${name}.StatusCode` : `(${name} as HttpRequestException)?.StatusCode`) : undefined;
	const response = call.response.variable;
	const requestId = response && !call.throwsOnHttpError && inScope(response, handler) && file.requireHelper(REQUEST_ID_NAME, handler) ? `${REQUEST_ID_NAME}(${response})` : undefined;
	const loop = closest(handler, LOOPS, FUNCTIONS);
	const attempt = loop && loopCounter(loop);
	const stopwatch = stopwatchAt(handler);
	const details: Array<[string, string, string]> = [];
	if (status) details.push(['Status', status, 'status {Status}']);
	if (requestId) details.push(['RequestId', requestId, 'request id {RequestId}']);
	if (attempt) details.push(['Attempt', attempt, 'attempt {Attempt}']);
	if (stopwatch) details.push(['ElapsedMs', `${stopwatch}.ElapsedMilliseconds`, 'after {ElapsedMs} ms']);
	const logger = loggerAt(handler);
	const logged = [...fields, ...details].map(([name]) => LOGGED_AS[name]).join(', ');
	let line: string;
	let sink: string;
	if (logger) {
		const template = `HTTP ${fields.map(([, , slot]) => `${slot} `).join('') || 'request '}failed${details.length ? `: ${details.map(([, , slot]) => slot).join(', ')}` : ''}`;
		line = `${logger}.LogWarning(${name}, "${template}"${[...fields, ...details].map(([, value]) => `, ${value}`).join('')});`;
		sink = logger;
	} else {
		// No ILogger in reach: Trace needs no package and no new constructor parameter (a new
		// dependency would break every caller), and the app's listeners decide where it goes.
		// It takes no exception object, so the error type is logged instead of its message.
		const values: Array<[string, string, string]> = [...fields, ...details, ['Error', `${name}.GetType().Name`, 'error {Error}']];
		let index = 0;
		const numbered = (slot: string) => slot.replace(/\{\w+\}/, () => `{${index++}}`);
		const head = fields.map(([, , slot]) => `${numbered(slot)} `).join('') || 'request ';
		const tail = [...details, values[values.length - 1]].map(([, , slot]) => numbered(slot)).join(', ');
		line = `Trace.TraceWarning("HTTP ${head}failed: ${tail}"${values.map(([, value]) => `, ${value}`).join('')});`;
		sink = 'Trace';
		file.requireUsing('System.Diagnostics');
	}
	if (status) file.requireUsing('System.Net.Http');
	const preamble = file.preambleEdits();
	const title = `Log the failure with ${sink} (${logged || 'error type'}), no credentials`;
	const fixes = [fix(title, [...edits, file.prependToBlock(body, [line]), ...preamble], { safe: true })];
	if (clause.handling === 'empty') {
		// Rethrowing changes what callers see: offered for review, not preferred.
		fixes.push(fix(`Log the failure with ${sink}, then rethrow it`, [...edits, file.prependToBlock(body, [line, 'throw;']), ...preamble], { preferred: false }));
	}
	return fixes;
}

/** How the fix title names each logged field. */
const LOGGED_AS: Record<string, string> = { Method: 'method', Url: 'URL', Status: 'status', RequestId: 'request id', Attempt: 'attempt', ElapsedMs: 'elapsed time' };

/** A `Stopwatch` started before `at` and readable there. */
function stopwatchAt(at: Node): string | undefined {
	const fn = enclosingFunction(at);
	const body = fn?.childForFieldName('body');
	if (!body) return undefined;
	const started = descendants(body, ['variable_declarator'], FUNCTIONS).find((d) => /^Stopwatch\.StartNew\(\)$/.test(d.namedChildren.at(-1)?.text ?? '') && d.endIndex < at.startIndex);
	const name = started?.childForFieldName('name')?.text;
	return name && inScope(name, at) ? name : undefined;
}

/** A 401 branch that refreshes and calls its own method again: a `retried` parameter lets it happen once. */
function onceGuardFix(file: CsFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	const node = handler && nodeForSpan(file.root, handler.span, ['if_statement', 'catch_clause']);
	const fn = node && closest(node, ['method_declaration', 'local_function_statement']);
	const fnName = fn?.childForFieldName('name')?.text;
	const parameters = fn?.childForFieldName('parameters');
	if (!node || !fn || !fnName || !parameters) return [];
	// A new parameter would no longer match what an override or an interface expects.
	if (modifiers(fn).some((m) => ['override', 'virtual', 'abstract', 'extern'].includes(m)) || fn.childForFieldName('name')?.parent?.type === 'explicit_interface_specifier') return [];
	const list = children(parameters);
	if (list.some((p) => /^params\b/.test(p.text) || p.text.startsWith('this '))) return [];
	const condition = node.type === 'if_statement' ? node.childForFieldName('condition') : children(node).find((child) => child.type === 'catch_filter_clause')?.namedChildren[0];
	const branch = node.type === 'if_statement' ? node.childForFieldName('consequence') : node.childForFieldName('body');
	const replay = branch && descendants(branch, ['invocation_expression'], FUNCTIONS).find((call) => /^(this\.)?(\w+)$/.exec(call.childForFieldName('function')?.text ?? '')?.[2] === fnName);
	if (!condition || !replay) return [];
	const flag = file.freshName('retried', fn);
	const last = list.at(-1);
	const replayEdit = appendArgument(replay, 'true', flag, true);
	if (!replayEdit) return [];
	const guarded = condition.type === 'binary_expression' && /\|\||\?/.test(condition.text) ? `(${condition.text})` : condition.text;
	// Public API changes signature: a reviewer must see that.
	const visible = modifiers(fn).some((m) => m === 'public' || m === 'protected');
	return [
		fix('Refresh and replay once: pass a flag and stop on a second 401', [
			last
				? { startIndex: last.endIndex, endIndex: last.endIndex, newText: `, bool ${flag} = false` }
				: { startIndex: parameters.startIndex + 1, endIndex: parameters.startIndex + 1, newText: `bool ${flag} = false` },
			{ startIndex: condition.startIndex, endIndex: condition.endIndex, newText: `${guarded} && !${flag}` },
			replayEdit,
		], { safe: !visible }),
	];
}

// ---------------------------------------------------------------------------

function backoffFixes(context: FixContext, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	if (retry.kind === 'loop') return loopBackoffFix(new CsFile(context), retry, rule === 'ignored-retry-after');
	if (retry.kind !== 'library') return [];
	const options = optionsBackoffFix(new CsFile(context), retry, rule);
	const policy = rule === 'ignored-retry-after' ? undefined : pollyV7Call(new CsFile(context), retry);
	if (options.length || !policy) return options;
	// Each alternative asks for its own usings and helpers: one file state per fix.
	const inline = pollyV7BackoffFix(new CsFile(context), policy);
	const contrib = context.dependencies.has('Polly.Contrib.WaitAndRetry') ? contribBackoffFix(new CsFile(context), policy) : [];
	return contrib.length ? [...contrib, ...inline.map((f) => ({ ...f, isPreferred: false }))] : inline;
}

export const csharpFixer: LanguageFixer = {
	fixesFor(finding, context) {
		const file = new CsFile(context);
		const { facts } = context;
		const subject = finding.subject;
		const retry = subject?.kind === 'retry' ? facts.retries[subject.index] : undefined;
		const call = subject?.kind === 'call' ? facts.httpCalls[subject.index] : undefined;
		switch (finding.ruleId) {
			case 'tight-retry-loop':
			case 'retry-without-backoff':
			case 'retry-without-jitter':
			case 'ignored-retry-after':
				return retry ? backoffFixes(context, retry, finding.ruleId) : [];
			case 'unbounded-retry':
				return !retry ? [] : retry.kind === 'loop' ? attemptLimitFix(file, retry) : libraryAttemptLimitFix(file, retry);
			case 'retry-on-auth-failure':
				return !retry ? [] : retry.kind === 'loop' ? loopStopOnAuthFix(file, retry) : libraryStopOnAuthFix(file, retry);
			case 'missing-request-timeout':
				return call ? timeoutFixes(context, call) : [];
			case 'unchecked-response-status':
				return call ? statusCheckFix(file, call) : [];
			case 'retry-non-idempotent':
				return call ? idempotencyKeyFix(file, call, call.retryId !== undefined ? facts.retries[call.retryId] : undefined) : [];
			case 'swallowed-http-error':
				return subject?.kind === 'catch' && facts.catches[subject.index] ? loggingFix(file, facts.catches[subject.index]) : [];
			case 'auth-refresh-loop':
				return onceGuardFix(file, finding);
		}
	},
};
