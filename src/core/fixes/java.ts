// Fixes for Java, shaped to the file: its indentation step, its imports (added once, in the
// import section, fully qualified where a simple name would clash), the logger the class
// already has, and the checked exceptions the enclosing method declares. Helpers are
// `private static` methods of the top-level class, added once. Each fix starts from the
// fact its finding is about and gives up when the code does not have the shape the edit
// assumes.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, RetryConstruct, TextEdit } from '../types';
import { indentAt, indentUnit } from './edits';
import type { FixContext, LanguageFixer } from './index';
import { subjectOf } from './subject';
import { BACKOFF_HELPER, DESCRIBE_HELPER, TIMEOUT_HELPER, backoffHelper, describeHelper, digitGroups, timeoutHelper } from './java/helpers';
import { BACKOFF } from './snippets';
import { children, closest, descendants, encloses, nodeForSpan } from './tree';

const FUNCTIONS = ['method_declaration', 'constructor_declaration', 'lambda_expression'];
/** Where a walk for statements of one method stops: nested functions and classes. */
const SCOPE_BOUNDARIES = [...FUNCTIONS, 'class_body'];
const LOOPS = ['for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement'];
const JUMPS = ['return_statement', 'throw_statement', 'break_statement', 'continue_statement'];
const COMMENTS = ['line_comment', 'block_comment'];
const AUTH_MESSAGE = 'check the token or API key; the WWW-Authenticate header says why';
const RESILIENCE4J = ['io.github.resilience4j:resilience4j-retry', 'io.github.resilience4j:resilience4j-core', 'io.github.resilience4j:resilience4j-all'];
const SLF4J = ['org.slf4j:slf4j-api'];

/** The last segment of a possibly qualified Java name: `java.io.IOException` -> `IOException`. */
function simpleName(name: string): string {
	return name.slice(name.lastIndexOf('.') + 1);
}

class JavaFile {
	readonly indent: string;
	private readonly imports = new Set<string>();
	private readonly helpers = new Map<number, { body: Node; members: string[][] }>();
	private readonly declaredImports: Array<{ name: string; wildcard: boolean }>;

	constructor(readonly context: FixContext) {
		this.indent = indentUnit(context.text);
		this.declaredImports = children(context.tree.rootNode)
			.filter((node) => node.type === 'import_declaration' && !/^import\s+static\b/.test(node.text))
			.map((node) => /^import\s+([\w.]+?)(\.\*)?\s*;/.exec(node.text.replace(/\s+(?=[.;*])|(?<=\.)\s+/g, '')))
			.filter((match): match is RegExpExecArray => match !== null)
			.map((match) => ({ name: match[1], wildcard: match[2] !== undefined }));
	}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	/**
	 * How code in this file names a type: its simple name when it is imported or can be,
	 * the qualified name when the simple one already means something else here.
	 */
	type(qualified: string): string {
		const simple = simpleName(qualified);
		const pkg = qualified.slice(0, qualified.length - simple.length - 1);
		if (pkg === 'java.lang') return simple;
		if (this.declaredImports.some((imp) => !imp.wildcard && imp.name === qualified) || this.imports.has(qualified)) return simple;
		const clashes =
			this.declaredImports.some((imp) => !imp.wildcard && simpleName(imp.name) === simple) ||
			[...this.imports].some((name) => simpleName(name) === simple) ||
			this.root.descendantsOfType(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'type_parameter']).some((decl) => (decl?.childForFieldName('name') ?? decl?.firstNamedChild)?.text === simple);
		if (clashes) return qualified;
		if (this.declaredImports.some((imp) => imp.wildcard && imp.name === pkg)) return simple;
		// Used here without an import of its own: it comes from another on-demand import or the
		// file's package, and a single-type import would take the name from that code.
		if (this.root.descendantsOfType(['type_identifier', 'identifier']).some((node) => node?.text === simple)) return qualified;
		this.imports.add(qualified);
		return simple;
	}

	/** The top-level class around `node`, whose body takes helpers and the logger field. */
	outerClass(node: Node): Node | undefined {
		let found: Node | undefined;
		for (let current: Node | null = node; current; current = current.parent) {
			if (['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration'].includes(current.type)) found = current;
		}
		return found?.type === 'class_declaration' ? found : undefined;
	}

	/** Asks for a `private static` helper in the top-level class around `near`; false when there is no such class. */
	requireHelper(near: Node, name: string, lines: string[]): boolean {
		const body = this.outerClass(near)?.childForFieldName('body');
		if (!body) return false;
		if (children(body).some((member) => member.type === 'method_declaration' && member.childForFieldName('name')?.text === name)) return true;
		const entry = this.helpers.get(body.id) ?? { body, members: [] };
		entry.members.push(lines);
		this.helpers.set(body.id, entry);
		return true;
	}

	/** The indentation of a class's members. */
	memberIndent(body: Node): string {
		const first = children(body)[0];
		return first && first.startPosition.row > body.startPosition.row ? indentAt(this.text, first.startIndex) : indentAt(this.text, body.startIndex) + this.indent;
	}

	/** Lines (tab-indented templates) re-indented to the file's step, after `base` on every line but the first. */
	shape(lines: string[], base: string): string {
		return lines.map((line, i) => (line === '' ? '' : `${i === 0 ? '' : base}${line.replace(/^\t+/, (tabs) => this.indent.repeat(tabs.length))}`)).join('\n');
	}

	/** The edits for the imports and helpers asked for. */
	preambleEdits(): TextEdit[] {
		const edits: TextEdit[] = [];
		const imports = [...this.imports].sort().map((name) => `import ${name};`);
		if (imports.length) {
			const top = children(this.root);
			const lastImport = top.filter((node) => node.type === 'import_declaration').at(-1);
			const pkg = top.find((node) => node.type === 'package_declaration');
			if (lastImport) edits.push({ startIndex: lastImport.endIndex, endIndex: lastImport.endIndex, newText: `\n${imports.join('\n')}` });
			else if (pkg) edits.push({ startIndex: pkg.endIndex, endIndex: pkg.endIndex, newText: `\n\n${imports.join('\n')}` });
			else edits.push({ startIndex: 0, endIndex: 0, newText: `${imports.join('\n')}\n\n` });
		}
		for (const { body, members } of this.helpers.values()) {
			const indent = this.memberIndent(body);
			const text = members.map((lines) => `${indent}${this.shape(lines, indent)}`).join('\n\n');
			const last = children(body).at(-1);
			if (last) edits.push({ startIndex: last.endIndex, endIndex: last.endIndex, newText: `\n\n${text}` });
			else edits.push({ startIndex: body.startIndex, endIndex: body.endIndex, newText: `{\n${text}\n${indentAt(this.text, body.startIndex)}}` });
		}
		return edits;
	}

	/** Lines before `node` and the comments right above it (they describe it), at its indentation. */
	insertBefore(node: Node, lines: string[]): TextEdit {
		let start = node;
		for (let previous = node.previousNamedSibling; previous && COMMENTS.includes(previous.type) && previous.endPosition.row === start.startPosition.row - 1; previous = previous.previousNamedSibling) start = previous;
		const indent = indentAt(this.text, start.startIndex);
		return { startIndex: start.startIndex, endIndex: start.startIndex, newText: `${this.shape(lines, indent)}\n${indent}` };
	}

	/** Lines after `node` and a comment that ends its line, at its indentation. */
	insertAfter(node: Node, lines: string[]): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		const next = node.nextNamedSibling;
		const end = next && COMMENTS.includes(next.type) && next.startPosition.row === node.endPosition.row ? next.endIndex : node.endIndex;
		return { startIndex: end, endIndex: end, newText: `\n${indent}${this.shape(lines, indent)}` };
	}

	/** Lines as the first (`atStart`) or last statements of a block. */
	addToBlock(block: Node, lines: string[], atStart: boolean): TextEdit {
		const statements = children(block);
		const anchor = atStart ? statements[0] : statements.at(-1);
		if (anchor) return atStart ? this.insertBefore(anchor, lines) : this.insertAfter(anchor, lines);
		const outer = indentAt(this.text, block.startIndex);
		const inner = outer + this.indent;
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${inner}${this.shape(lines, inner)}\n${outer}}` };
	}

	/**
	 * A name no identifier in the method around `near` uses (Java forbids shadowing a local;
	 * comments and strings do not count): `preferred`, `alternative`, `preferred2`...
	 */
	freshName(preferred: string, near: Node, alternative?: string): string {
		const scope = closest(near, ['method_declaration', 'constructor_declaration', 'class_body']) ?? this.root;
		const used = new Set(descendants(scope, ['identifier', 'type_identifier']).map((node) => node.text));
		const named = [preferred, ...(alternative ? [alternative] : [])];
		for (let i = 0; ; i++) {
			const name = i < named.length ? named[i] : `${preferred}${i - named.length + 2}`;
			if (!used.has(name)) return name;
		}
	}
}

function fix(title: string, edits: TextEdit[], options: { safe?: boolean } = {}): Fix {
	return { title, edits, isPreferred: true, safe: options.safe ?? false };
}

// ---------------------------------------------------------------------------
// Methods, exceptions and scopes
// ---------------------------------------------------------------------------

/** The checked exceptions the method around `node` declares; none inside a lambda, whose interface we cannot see. */
function declaredThrows(node: Node): string[] {
	const fn = closest(node, [...FUNCTIONS, 'class_body']);
	if (!fn || fn.type === 'lambda_expression' || fn.type === 'class_body') return [];
	const clause = children(fn).find((child) => child.type === 'throws');
	return clause ? children(clause).map((type) => simpleName(type.text)) : [];
}

/** The method around `node` may throw `exception` (a checked exception class) without more ado. */
function mayThrow(node: Node, exception: string): boolean {
	return declaredThrows(node).some((name) => name === exception || name === 'Exception' || name === 'Throwable');
}

/**
 * `node` is in the body of a try with catches, inside `outer`. A throw there counts as caught
 * and retried for the analysis, whatever its type, so a fix that stops by throwing would
 * not clear its finding: such fixes give up.
 */
function insideTryWithin(node: Node, outer: Node): boolean {
	for (let current: Node | null = node; current && current.id !== outer.id; current = current.parent) {
		const parent = current.parent;
		if (parent && ['try_statement', 'try_with_resources_statement'].includes(parent.type) && parent.childForFieldName('body')?.id === current.id && children(parent).some((child) => child.type === 'catch_clause')) return true;
	}
	return false;
}

/**
 * The exception a fix throws at `node` to stop: `IOException` when the method declares it
 * (callers already handle it), else an unchecked `IllegalStateException`; none when a
 * catch inside `retryScope` stands between the throw and the end of the retry.
 */
function stopException(file: JavaFile, node: Node, retryScope?: Node): string | undefined {
	if (retryScope && insideTryWithin(node, retryScope)) return undefined;
	return mayThrow(node, 'IOException') ? file.type('java.io.IOException') : 'IllegalStateException';
}

/** The statement a loop is written as: the loop, or its label around it. */
function loopStatement(loop: Node): Node {
	return loop.parent?.type === 'labeled_statement' ? loop.parent : loop;
}

/** The counter a counting loop already keeps: `for (int attempt = 0; ...; attempt++)`, `while (attempt < 5)`. */
function loopCounter(loop: Node): string | undefined {
	if (loop.type === 'for_statement') {
		const init = loop.childForFieldName('init');
		const update = loop.childForFieldName('update');
		if (init?.type !== 'local_variable_declaration' || init.childForFieldName('type')?.text !== 'int' || !update) return undefined;
		const declarators = children(init).filter((child) => child.type === 'variable_declarator');
		const name = declarators.length === 1 ? declarators[0].childForFieldName('name')?.text : undefined;
		return name && new RegExp(`^(${name}\\s*\\+\\+|\\+\\+\\s*${name}|${name}\\s*\\+=\\s*1)$`).test(update.text) ? name : undefined;
	}
	if (loop.type !== 'while_statement' && loop.type !== 'do_statement') return undefined;
	const condition = loop.childForFieldName('condition')?.firstNamedChild;
	const left = condition?.type === 'binary_expression' ? condition.childForFieldName('left') : undefined;
	const body = loop.childForFieldName('body');
	if (left?.type !== 'identifier' || !/^[^<]*<=?[^<]*$/.test(condition!.text) || !body) return undefined;
	const incremented = descendants(body, ['update_expression'], SCOPE_BOUNDARIES).some((update) => update.text.replace(/\+\+/, '') === left.text && /\+\+/.test(update.text));
	const declaredInt = new RegExp(`\\bint\\s+${left.text}\\b`).test(closest(loop, ['method_declaration', 'constructor_declaration'])?.text ?? '');
	return incremented && declaredInt ? left.text : undefined;
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/** A response (or connection) bound to a name by a local declaration or a try-with-resources, and how to read it. */
interface Binding {
	name: string;
	/** The block the name is visible in, from offset `from` on. */
	visibleIn: Node;
	from: number;
	/** What a check of the response follows: the declaration statement, or the try body (its start) for a resource. */
	anchor: Node;
	status: string;
	retryAfter: string;
	header: (name: string) => string;
}

function callNode(file: JavaFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['method_invocation']);
}

function localDeclaration(value: Node): Pick<Binding, 'name' | 'visibleIn' | 'from' | 'anchor'> | undefined {
	const declarator = ['variable_declarator', 'resource'].includes(value.parent?.type ?? '') && value.parent!.childForFieldName('value')?.id === value.id ? value.parent! : undefined;
	const name = declarator?.childForFieldName('name')?.text;
	if (!declarator || !name) return undefined;
	if (declarator.type === 'resource') {
		const body = declarator.parent?.parent?.childForFieldName('body');
		return body ? { name, visibleIn: body, from: body.startIndex, anchor: body } : undefined;
	}
	const declaration = declarator.parent;
	if (declaration?.type !== 'local_variable_declaration' || !declaration.parent) return undefined;
	return { name, visibleIn: declaration.parent, from: declaration.endIndex, anchor: declaration };
}

/** Lines right after the binding: after its declaration, or first in the try body of a resource. */
function afterBinding(file: JavaFile, binding: Binding, lines: string[]): TextEdit {
	return binding.anchor.type === 'block' ? file.addToBlock(binding.anchor, lines, true) : file.insertAfter(binding.anchor, lines);
}

function bindingOf(file: JavaFile, call: HttpCall): Binding | undefined {
	const node = callNode(file, call);
	if (!node) return undefined;
	const value = call.client === 'HttpURLConnection' && node.parent?.type === 'cast_expression' ? node.parent : node;
	const local = localDeclaration(value);
	if (!local) return undefined;
	const v = local.name;
	switch (call.client) {
		case 'java.net.http':
			return { ...local, status: `${v}.statusCode()`, header: (h) => `${v}.headers().firstValue("${h}").orElse(null)`, retryAfter: `${v}.headers().firstValue("Retry-After").orElse(null)` };
		case 'okhttp':
			return { ...local, status: `${v}.code()`, header: (h) => `${v}.header("${h}")`, retryAfter: `${v}.header("Retry-After")` };
		case 'apache-httpclient5': {
			const header = (h: string) => `${v}.getFirstHeader("${h}") == null ? null : ${v}.getFirstHeader("${h}").getValue()`;
			return { ...local, status: `${v}.getCode()`, header, retryAfter: header('Retry-After') };
		}
		case 'HttpURLConnection':
			return { ...local, status: `${v}.getResponseCode()`, header: (h) => `${v}.getHeaderField("${h}")`, retryAfter: `${v}.getHeaderField("Retry-After")` };
	}
	return undefined;
}

/** A binding of one of the calls whose name is in scope, and assigned, at `index` inside `scope`. */
function bindingInScope(file: JavaFile, calls: HttpCall[], scope: Node, index: number): Binding | undefined {
	return calls.map((call) => bindingOf(file, call)).find((binding) => binding && binding.from <= index && encloses(binding.visibleIn, scope));
}

function callsOf(file: JavaFile, retry: RetryConstruct): HttpCall[] {
	return retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
}

// ---------------------------------------------------------------------------
// Retry loops
// ---------------------------------------------------------------------------

/** The existing `Thread.sleep(...)` / `TimeUnit.X.sleep(...)` statement of a retry, if the wait is one. */
function sleepStatement(file: JavaFile, retry: RetryConstruct): Node | undefined {
	const span = 'span' in retry.delay ? retry.delay.span : undefined;
	const sleep = span && nodeForSpan(file.root, span, ['method_invocation']);
	if (!sleep || sleep.childForFieldName('name')?.text !== 'sleep') return undefined;
	return sleep.parent?.type === 'expression_statement' ? sleep.parent : undefined;
}

/** Where a failed attempt ends and the wait belongs. */
interface FailurePoint {
	/** The existing wait statement, to replace. */
	sleep?: Node;
	/** A `continue` of the loop, to wait before. */
	before?: Node;
	/** The loop body, to wait at its end. */
	block?: Node;
	/** The node whose scope the new code sees, and the offset it goes to. */
	scope: Node;
	index: number;
}

/**
 * The places every path that goes round again passes last: the existing wait; else each
 * `continue` of the loop and the end of its body when the body can run off its end. None
 * when a labelled `continue` or a `continue` outside a block could skip them.
 */
function failurePoints(file: JavaFile, retry: RetryConstruct, loop: Node): FailurePoint[] {
	const sleep = sleepStatement(file, retry);
	if (sleep) return [{ sleep, scope: sleep, index: sleep.startIndex }];
	const body = loop.childForFieldName('body');
	if (retry.delay.kind !== 'none' || body?.type !== 'block') return [];
	const continues = descendants(body, ['continue_statement'], SCOPE_BOUNDARIES).filter((statement) => statement.namedChildCount > 0 || closest(statement.parent, LOOPS)?.id === loop.id);
	if (continues.some((statement) => statement.namedChildCount > 0 || statement.parent?.type !== 'block')) return [];
	const points: FailurePoint[] = continues.map((statement) => ({ before: statement, scope: statement, index: statement.startIndex }));
	const last = children(body).filter((child) => !COMMENTS.includes(child.type)).at(-1);
	if (last && !JUMPS.includes(last.type)) points.push({ block: body, scope: body, index: body.endIndex - 1 });
	return points;
}

/** `Thread.sleep(...)` as a statement, with the interrupt handled unless the method declares it. */
function sleepLines(file: JavaFile, near: Node, delay: string): string[] {
	const sleep = `Thread.sleep(${delay});`;
	if (mayThrow(near, 'InterruptedException')) return [sleep];
	const interrupted = file.freshName('interrupted', near);
	return [
		'try {',
		`\t${sleep}`,
		`} catch (InterruptedException ${interrupted}) {`,
		'\tThread.currentThread().interrupt();',
		`\tthrow new IllegalStateException("interrupted while waiting to retry", ${interrupted});`,
		'}',
	];
}

function requireBackoffHelper(file: JavaFile, near: Node): boolean {
	return file.requireHelper(
		near,
		BACKOFF_HELPER,
		backoffHelper({
			random: file.type('java.util.concurrent.ThreadLocalRandom'),
			zonedDateTime: file.type('java.time.ZonedDateTime'),
			dateTimeFormatter: file.type('java.time.format.DateTimeFormatter'),
			dateTimeParseException: file.type('java.time.format.DateTimeParseException'),
		}),
	);
}

/** The retry loop's wait, as exponential backoff with full jitter from the inline helper, or from resilience4j's `IntervalFunction`. */
function loopBackoffFixes(file: JavaFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	const points = loop ? failurePoints(file, retry, loop) : [];
	if (!loop || points.length === 0) return [];
	const retryAfters = points.map((point) => retryAfterAt(file, retry, loop, point));
	if (needRetryAfter && retryAfters.some((header) => !header)) return [];
	const fixes: Fix[] = [];
	// With a counter declared outside the loop, `BACKOFF.apply(attempt + 1)` reads as a constant
	// wait to the analysis (the counter's only assignment is `= 0`): the inline helper says what it is.
	const ownCounter = loop.type === 'for_statement' && loopCounter(loop) !== undefined;
	const withLibrary = !needRetryAfter && ownCounter && RESILIENCE4J.some((name) => file.context.dependencies.has(name));
	const helper = loopBackoffFix(new JavaFile(file.context), loop, points, retryAfters, false);
	if (withLibrary) {
		const library = loopBackoffFix(new JavaFile(file.context), loop, points, retryAfters, true);
		if (library) fixes.push(library);
	}
	if (helper) fixes.push({ ...helper, isPreferred: fixes.length === 0 });
	return fixes;
}

/** The Retry-After header value where the wait goes: from the response in scope, or from Spring's response exception the wait's catch holds. */
function retryAfterAt(file: JavaFile, retry: RetryConstruct, loop: Node, point: FailurePoint): string | undefined {
	const binding = bindingInScope(file, callsOf(file, retry), point.scope, point.index);
	if (binding) return binding.retryAfter;
	const clause = closest(point.scope, ['catch_clause'], LOOPS);
	const caught = clause && encloses(loop, clause) ? caughtTypes(clause) : undefined;
	return caught?.name ? responseOfError(caught.types, caught.name)?.retryAfter : undefined;
}

function loopBackoffFix(file: JavaFile, loop: Node, points: FailurePoint[], retryAfters: Array<string | undefined>, withLibrary: boolean): Fix | undefined {
	const edits: TextEdit[] = [];
	let counter = loopCounter(loop);
	const advance: string[] = [];
	if (!counter) {
		counter = file.freshName('attempt', loop, 'retryAttempt');
		advance.push(`${counter}++;`);
		edits.push(file.insertBefore(loopStatement(loop), [`int ${counter} = 0;`]));
	}
	let delayFor: (retryAfter: string | undefined) => string;
	if (withLibrary) {
		// resilience4j counts attempts from 1; IntervalFunction.apply gives milliseconds.
		const body = file.outerClass(loop)?.childForFieldName('body');
		if (!body) return undefined;
		const existing = children(body)
			.filter((member) => member.type === 'field_declaration' && /\bstatic\b/.test(member.text))
			.map((member) => member.childForFieldName('declarator'))
			.find((declarator) => /^(\w+\.)*IntervalFunction\.ofExponentialRandomBackoff\(/.test(declarator?.childForFieldName('value')?.text ?? ''))
			?.childForFieldName('name')?.text;
		const field = existing ?? file.freshName('RETRY_BACKOFF', body, 'HTTP_RETRY_BACKOFF');
		const duration = file.type('java.time.Duration');
		if (!existing) {
			const declaration = `private static final ${file.type('io.github.resilience4j.core.IntervalFunction')} ${field} = ${intervalFunction(file, duration)};`;
			edits.push({ startIndex: body.startIndex + 1, endIndex: body.startIndex + 1, newText: `\n${file.memberIndent(body)}${declaration}` });
		}
		delayFor = () => `${field}.apply(${counter} + 1)`;
	} else {
		if (!requireBackoffHelper(file, loop)) return undefined;
		delayFor = (retryAfter) => `${BACKOFF_HELPER}(${counter}, ${retryAfter ?? 'null'})`;
	}
	points.forEach((point, i) => {
		const delay = delayFor(retryAfters[i]);
		if (point.sleep) {
			// The existing wait already handles InterruptedException where it stands.
			const indent = indentAt(file.text, point.sleep.startIndex);
			edits.push({ startIndex: point.sleep.startIndex, endIndex: point.sleep.endIndex, newText: file.shape([`Thread.sleep(${delay});`, ...advance], indent) });
		} else if (point.before) {
			edits.push(file.insertBefore(point.before, [...sleepLines(file, loop, delay), ...advance]));
		} else if (point.block) {
			edits.push(file.addToBlock(point.block, [...sleepLines(file, loop, delay), ...advance], false));
		}
	});
	edits.push(...file.preambleEdits());
	const title = withLibrary
		? "Wait with resilience4j's exponential backoff with jitter between attempts"
		: retryAfters.some(Boolean)
			? 'Wait with exponential backoff and jitter, honouring Retry-After'
			: 'Wait with exponential backoff and jitter between attempts';
	// Restoring the interrupt and throwing on it is a new path a reviewer should see.
	const wraps = points.some((point) => !point.sleep) && !mayThrow(loop, 'InterruptedException');
	return fix(title, edits, { safe: !wraps });
}

/** Gives up after a number of attempts, with the last error. */
function loopAttemptLimitFix(file: JavaFile, retry: RetryConstruct): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	const points = loop ? failurePoints(file, retry, loop) : [];
	if (!loop || points.length !== 1) return [];
	const point = points[0];
	const at = point.sleep ?? point.before ?? point.block!;
	const max = BACKOFF.maxAttempts;
	const edits: TextEdit[] = [];
	// Reuse `attempt++;` just before the wait, counting failures from 0.
	const block = point.block ?? at.parent!;
	const before = children(block).filter((child) => child.endIndex <= point.index && child.type === 'expression_statement');
	const increment = before.map((statement) => /^(\w+)\s*\+\+\s*;$|^\+\+\s*(\w+)\s*;$/.exec(statement.text)).find((match) => match && new RegExp(`\\bint\\s+${match[1] ?? match[2]}\\s*=\\s*0\\s*;`).test(closest(loop, ['method_declaration', 'constructor_declaration'])?.text ?? ''));
	let test: string;
	if (increment) test = `${increment[1] ?? increment[2]} >= ${max}`;
	else {
		const counter = file.freshName('failures', loop);
		edits.push(file.insertBefore(loopStatement(loop), [`int ${counter} = 0;`]));
		test = `++${counter} >= ${max}`;
	}
	const handler = closest(at, ['catch_clause'], LOOPS);
	const caught = handler && caughtTypes(handler);
	const binding = bindingInScope(file, callsOf(file, retry), point.scope, point.index);
	let giveUp: string;
	if (handler && caught?.name) {
		giveUp = rethrowable(handler, caught.types) ? `throw ${caught.name};` : `throw new IllegalStateException("gave up after ${max} attempts", ${caught.name});`;
	} else {
		const exception = stopException(file, at, loop);
		if (!exception) return [];
		giveUp = `throw new ${exception}("gave up after ${max} attempts${binding ? `: HTTP " + ${binding.status}` : '"'});`;
	}
	const check = [`if (${test}) {`, `\t${giveUp}`, '}'];
	edits.push(point.block ? file.addToBlock(point.block, check, false) : file.insertBefore(at, check));
	edits.push(...file.preambleEdits());
	return [fix(`Give up after ${max} attempts with the last error`, edits)];
}

/** The exception classes Spring throws for a 401/403 response, by client. */
const SPRING_AUTH_ERRORS: Record<string, { qualified: string; catchable: RegExp }> = {
	RestTemplate: { qualified: 'org.springframework.web.client.HttpClientErrorException', catchable: /^(RestClientException|RestClientResponseException|HttpStatusCodeException|HttpClientErrorException)$/ },
	WebClient: { qualified: 'org.springframework.web.reactive.function.client.WebClientResponseException', catchable: /^(WebClientException|WebClientResponseException)$/ },
};

/** For clients that throw on 401/403 (RestTemplate, WebClient): the catch that retries rethrows them. */
function catchStopOnAuthFix(file: JavaFile, retry: RetryConstruct, loop: Node): Fix[] {
	const call = callsOf(file, retry).find((c) => SPRING_AUTH_ERRORS[c.client]);
	const node = call && callNode(file, call);
	const tryStatement = node && closest(node, ['try_statement', 'try_with_resources_statement'], LOOPS);
	if (!call || !tryStatement || !encloses(loop, tryStatement)) return [];
	const errors = SPRING_AUTH_ERRORS[call.client];
	for (const clause of children(tryStatement).filter((child) => child.type === 'catch_clause')) {
		const { name, types } = caughtTypes(clause);
		const block = clause.childForFieldName('body');
		if (!name || !block || types.length !== 1) continue;
		const unchecked = errors.catchable.test(types[0]) || types[0] === 'RuntimeException';
		if (!unchecked && !['Exception', 'Throwable'].includes(types[0])) continue;
		const rejected = file.type(errors.qualified);
		// A broad catch holds a checked type: the cast keeps the rethrow free of a `throws` clause.
		const rethrow = unchecked ? `throw ${name};` : `throw (RuntimeException) ${name};`;
		const lines = [`if (${name} instanceof ${rejected}.Unauthorized || ${name} instanceof ${rejected}.Forbidden) {`, `\t${rethrow}`, '}'];
		return [fix('Stop retrying on 401/403: rethrow them from the catch', [file.addToBlock(block, lines, true), ...file.preambleEdits()])];
	}
	return [];
}

/** Stops on 401/403: a distinct error right after the response, that no catch in the loop retries. */
function loopStopOnAuthFix(file: JavaFile, retry: RetryConstruct): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const binding = callsOf(file, retry)
		.map((call) => bindingOf(file, call))
		.find((b) => b && encloses(loop, b.anchor));
	if (!binding) return catchStopOnAuthFix(file, retry, loop);
	const exception = stopException(file, binding.anchor, loop);
	if (!exception) return [];
	const s = binding.status;
	const lines = [`if (${s} == 401 || ${s} == 403) {`, `\tthrow new ${exception}("credentials rejected (HTTP " + ${s} + "): retrying will not help; ${AUTH_MESSAGE}");`, '}'];
	return [fix('Stop retrying on 401/403', [afterBinding(file, binding, lines), ...file.preambleEdits()])];
}

// ---------------------------------------------------------------------------
// Retry libraries: resilience4j RetryConfig, Reactor retryWhen
// ---------------------------------------------------------------------------

/** resilience4j's jittered exponential interval: random(0, 250 ms * 2^attempt), attempts counted from 1, at most 20 s. */
function intervalFunction(file: JavaFile, duration: string): string {
	const intervals = file.type('io.github.resilience4j.core.IntervalFunction');
	return `${intervals}.ofExponentialRandomBackoff(${duration}.ofMillis(${BACKOFF.baseMs}), 2.0, 1.0, ${duration}.ofSeconds(${BACKOFF.capMs / 1000}))`;
}

/** The invocations of a fluent chain from `head` up to `top`, `head` first. */
function chainSteps(head: Node, top: Node): Node[] {
	const steps = [head];
	for (let current = head; current.id !== top.id && current.parent?.type === 'method_invocation' && current.parent.childForFieldName('object')?.id === current.id; ) {
		current = current.parent;
		steps.push(current);
	}
	return steps;
}

function stepNamed(steps: Node[], name: string): Node | undefined {
	return steps.find((step) => step.childForFieldName('name')?.text === name);
}

/** Replaces a step `name(args)` of a chain, keeping its receiver. */
function replaceStep(step: Node, newText: string): TextEdit {
	const name = step.childForFieldName('name')!;
	return { startIndex: name.startIndex, endIndex: step.endIndex, newText };
}

function resilience4jFix(file: JavaFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const head = nodeForSpan(file.root, retry.headSpan, ['method_invocation']);
	const top = nodeForSpan(file.root, retry.span, ['method_invocation']);
	if (!head || !top) return [];
	const steps = chainSteps(head, top);
	const edits: TextEdit[] = [];
	let title: string;
	if (rule === 'unbounded-retry') {
		const step = stepNamed(steps, 'maxAttempts');
		const arg = step?.childForFieldName('arguments')?.firstNamedChild;
		if (!arg) return [];
		edits.push({ startIndex: arg.startIndex, endIndex: arg.endIndex, newText: String(BACKOFF.maxAttempts) });
		title = `Stop after ${BACKOFF.maxAttempts} attempts`;
	} else if (rule === 'retry-on-auth-failure') {
		const lambda = stepNamed(steps, 'retryOnResult')?.childForFieldName('arguments')?.firstNamedChild;
		const body = lambda?.type === 'lambda_expression' ? lambda.childForFieldName('body') : undefined;
		// An int status: `statusCode()`, `code()`, ..., or Spring's `getStatusCode().value()`.
		const isStatus = (call: Node) =>
			call.childForFieldName('arguments')?.namedChildCount === 0 &&
			(/^(statusCode|code|getCode|getResponseCode|getRawStatusCode|getStatusCodeValue)$/.test(call.childForFieldName('name')?.text ?? '') ||
				(call.childForFieldName('name')?.text === 'value' && /\.getStatusCode\(\)$/.test(call.childForFieldName('object')?.text ?? '')));
		const status = body && descendants(body, ['method_invocation']).find(isStatus);
		if (!body || body.type === 'block' || !status) return [];
		const predicate = /\|\||\?/.test(body.text) ? `(${body.text})` : body.text;
		edits.push({ startIndex: body.startIndex, endIndex: body.endIndex, newText: `${predicate} && ${status.text} != 401 && ${status.text} != 403` });
		title = 'Stop retrying 401/403: leave them out of the results to retry';
	} else {
		const interval = intervalFunction(file, file.type('java.time.Duration'));
		const wait = stepNamed(steps, 'waitDuration') ?? stepNamed(steps, 'intervalFunction');
		if (head.childForFieldName('name')?.text === 'ofDefaults') {
			edits.push(replaceStep(head, `custom().intervalFunction(${interval}).build()`));
		} else if (wait) {
			edits.push(replaceStep(wait, `intervalFunction(${interval})`));
		} else {
			edits.push({ startIndex: head.endIndex, endIndex: head.endIndex, newText: `.intervalFunction(${interval})` });
		}
		title = 'Wait with exponential backoff and jitter (resilience4j IntervalFunction)';
	}
	return [fix(title, [...edits, ...file.preambleEdits()], { safe: true })];
}

/** `Retry.backoff(n, 250 ms)` with a 20 s cap; Reactor's jitter 1.0 spreads each wait over [base, 2 x delay]. */
function reactorBackoffSpec(file: JavaFile, retries: string): string {
	const duration = file.type('java.time.Duration');
	return `${file.type('reactor.util.retry.Retry')}.backoff(${retries}, ${duration}.ofMillis(${BACKOFF.baseMs})).maxBackoff(${duration}.ofSeconds(${BACKOFF.capMs / 1000})).jitter(1.0)`;
}

function reactorFix(file: JavaFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const step = nodeForSpan(file.root, retry.span, ['method_invocation']);
	const method = step?.childForFieldName('name')?.text;
	if (!step) return [];
	const retries = String(BACKOFF.maxAttempts - 1);
	const authFilter = (): string | undefined => {
		const call = callsOf(file, retry)[0];
		if (call?.client !== 'WebClient') return undefined;
		const error = file.freshName('error', step);
		const rejected = file.type('org.springframework.web.reactive.function.client.WebClientResponseException');
		return `.filter(${error} -> !(${error} instanceof ${rejected}.Unauthorized || ${error} instanceof ${rejected}.Forbidden))`;
	};
	const done = (title: string, edits: TextEdit[]) => [fix(title, [...edits, ...file.preambleEdits()], { safe: true })];
	if (method === 'retry') {
		const count = step.childForFieldName('arguments')?.firstNamedChild;
		const n = count && !/MAX_VALUE/.test(count.text) && rule !== 'unbounded-retry' ? count.text : retries;
		const filter = rule === 'retry-on-auth-failure' ? authFilter() : '';
		if (filter === undefined) return [];
		return done('Retry with exponential backoff and jitter (Reactor Retry.backoff)', [replaceStep(step, `retryWhen(${reactorBackoffSpec(file, n)}${filter})`)]);
	}
	const spec = step.childForFieldName('arguments')?.firstNamedChild;
	let factory = spec;
	while (factory?.type === 'method_invocation' && !/^(reactor\.util\.retry\.)?Retry$/.test(factory.childForFieldName('object')?.text ?? '')) factory = factory.childForFieldName('object') ?? undefined;
	const kind = factory?.childForFieldName('name')?.text;
	if (!spec || !factory || factory.type !== 'method_invocation' || !kind) return [];
	const firstArgument = factory.childForFieldName('arguments')?.firstNamedChild;
	if (rule === 'retry-on-auth-failure') {
		const filter = authFilter();
		return filter ? done('Stop retrying 401/403: filter them out of the errors to retry', [{ startIndex: spec.endIndex, endIndex: spec.endIndex, newText: filter }]) : [];
	}
	if (rule === 'unbounded-retry') {
		if (kind === 'indefinitely') return done(`Stop after ${BACKOFF.maxAttempts} attempts`, [{ startIndex: factory.startIndex, endIndex: factory.endIndex, newText: reactorBackoffSpec(file, retries) }]);
		return firstArgument ? done(`Stop after ${BACKOFF.maxAttempts} attempts`, [{ startIndex: firstArgument.startIndex, endIndex: firstArgument.endIndex, newText: retries }]) : [];
	}
	if (kind === 'backoff') {
		const jitter = chainSteps(factory, spec).find((s) => s.childForFieldName('name')?.text === 'jitter')?.childForFieldName('arguments')?.firstNamedChild;
		return jitter ? done('Randomise the backoff (Reactor jitter)', [{ startIndex: jitter.startIndex, endIndex: jitter.endIndex, newText: '1.0' }]) : [];
	}
	const n = kind === 'indefinitely' || !firstArgument || /MAX_VALUE/.test(firstArgument.text) ? retries : firstArgument.text;
	return done('Retry with exponential backoff and jitter (Reactor Retry.backoff)', [{ startIndex: factory.startIndex, endIndex: factory.endIndex, newText: reactorBackoffSpec(file, n) }]);
}

function backoffFixes(file: JavaFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	if (retry.kind === 'loop') return loopBackoffFixes(file, retry, rule === 'ignored-retry-after');
	if (rule === 'ignored-retry-after') return [];
	if (retry.library === 'resilience4j') return resilience4jFix(file, retry, rule);
	if (retry.library === 'reactor') return reactorFix(file, retry, rule);
	return [];
}

function libraryOrLoop(file: JavaFile, retry: RetryConstruct, rule: Finding['ruleId'], loopFix: (file: JavaFile, retry: RetryConstruct) => Fix[]): Fix[] {
	if (retry.kind === 'loop') return loopFix(file, retry);
	if (retry.library === 'resilience4j') return resilience4jFix(file, retry, rule);
	if (retry.library === 'reactor') return reactorFix(file, retry, rule);
	return [];
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

/** The request a call sends: its `HttpRequest.newBuilder()...build()` / `new Request.Builder()...build()` chain, inline or in a local. */
function requestChain(file: JavaFile, call: HttpCall): Node | undefined {
	const node = callNode(file, call);
	if (!node) return undefined;
	let request: Node | null | undefined;
	if (call.client === 'java.net.http') request = node.childForFieldName('arguments')?.firstNamedChild;
	else if (call.client === 'okhttp') request = node.childForFieldName('object')?.childForFieldName('arguments')?.firstNamedChild;
	if (request?.type === 'identifier') {
		const name = request.text;
		const fn = closest(node, ['method_declaration', 'constructor_declaration', 'lambda_expression']);
		const declarators = fn ? descendants(fn, ['variable_declarator'], ['class_body']).filter((d) => d.childForFieldName('name')?.text === name && d.endIndex <= node.startIndex) : [];
		request = declarators.length === 1 ? declarators[0].childForFieldName('value') : undefined;
	}
	if (request?.type !== 'method_invocation' || request.childForFieldName('name')?.text !== 'build' || !/^(HttpRequest\.newBuilder|new\s+Request\.Builder)\b/.test(request.text)) return undefined;
	return request;
}

/** Inserts `.step(...)` before the chain's final `.build()`, on its own line when the chain is written one step per line. */
function beforeBuild(file: JavaFile, build: Node, step: string): TextEdit {
	const receiver = build.childForFieldName('object')!;
	const gap = file.text.slice(receiver.endIndex, build.childForFieldName('name')!.startIndex).replace(/\.\s*$/, '');
	return { startIndex: receiver.endIndex, endIndex: receiver.endIndex, newText: `${gap}.${step}` };
}

function timeoutFix(file: JavaFile, call: HttpCall): Fix[] {
	const seconds = BACKOFF.timeoutMs / 1000;
	const title = `Add a ${seconds} s timeout`;
	const node = callNode(file, call);
	if (!node) return [];
	if (call.client === 'java.net.http') {
		const request = requestChain(file, call);
		if (!request) return [];
		return [fix(`${title} to the request`, [beforeBuild(file, request, `timeout(${file.type('java.time.Duration')}.ofSeconds(${seconds}))`), ...file.preambleEdits()], { safe: true })];
	}
	if (call.client === 'HttpURLConnection') {
		const binding = bindingOf(file, call);
		if (!binding) return [];
		const method = closest(node, ['method_declaration', 'constructor_declaration', 'lambda_expression'])?.text ?? '';
		const millis = digitGroups(BACKOFF.timeoutMs);
		const lines = [`${binding.name}.setReadTimeout(${millis});`];
		if (!new RegExp(`\\b${binding.name}\\.setConnectTimeout\\(`).test(method)) lines.unshift(`${binding.name}.setConnectTimeout(${millis});`);
		return [fix(`${title} (connect and read)`, [afterBinding(file, binding, lines)], { safe: true })];
	}
	if (call.client === 'RestTemplate') {
		// `new RestTemplate()` where the client is declared: give it a request factory with timeouts.
		const receiver = node.childForFieldName('object');
		const name = receiver?.type === 'field_access' ? receiver.childForFieldName('field')?.text : receiver?.text;
		const made = descendants(file.root, ['variable_declarator']).filter((d) => d.childForFieldName('name')?.text === name).map((d) => d.childForFieldName('value'));
		const creation = made.length === 1 ? made[0] : undefined;
		const args = creation?.type === 'object_creation_expression' && creation.childForFieldName('type')?.text === 'RestTemplate' ? creation.childForFieldName('arguments') : undefined;
		if (!args || args.namedChildCount > 0 || !file.requireHelper(creation!, TIMEOUT_HELPER, timeoutHelper(file.type('org.springframework.http.client.SimpleClientHttpRequestFactory'), digitGroups(BACKOFF.timeoutMs)))) return [];
		return [fix(`${title} (connect and read)`, [{ startIndex: args.startIndex, endIndex: args.endIndex, newText: `(${TIMEOUT_HELPER}())` }, ...file.preambleEdits()], { safe: true })];
	}
	if (call.client === 'WebClient') {
		// `...retrieve().bodyToMono(T.class)`: the timeout bounds the whole exchange.
		const steps = chainSteps(node, node.tree.rootNode);
		const body = steps.find((step) => /^(bodyToMono|bodyToFlux|toEntity|toEntityList|toBodilessEntity)$/.test(step.childForFieldName('name')?.text ?? ''));
		if (!body) return [];
		return [fix(title, [{ startIndex: body.endIndex, endIndex: body.endIndex, newText: `.timeout(${file.type('java.time.Duration')}.ofSeconds(${seconds}))` }, ...file.preambleEdits()], { safe: true })];
	}
	return [];
}

function statusCheckLines(status: string, exception: string): string[] {
	return [
		`if (${status} == 401 || ${status} == 403) {`,
		`\tthrow new ${exception}("credentials rejected (HTTP " + ${status} + "): ${AUTH_MESSAGE}");`,
		'}',
		`if (${status} < 200 || ${status} >= 300) {`,
		`\tthrow new ${exception}("request failed: HTTP " + ${status});`,
		'}',
	];
}

function statusCheckFix(file: JavaFile, call: HttpCall): Fix[] {
	const title = 'Check the status: a distinct error for 401/403, then any non-2xx';
	const node = callNode(file, call);
	if (!node) return [];
	if (call.client === 'java.net.http' && node.childForFieldName('name')?.text === 'sendAsync') {
		// `.thenApply(HttpResponse::body)`: check inside the stage; an unchecked exception completes the future exceptionally.
		const stage = chainSteps(node, node.tree.rootNode).find((step) => step.childForFieldName('name')?.text === 'thenApply' && /^HttpResponse::body$/.test(step.childForFieldName('arguments')?.firstNamedChild?.text ?? ''));
		const reference = stage?.childForFieldName('arguments')?.firstNamedChild;
		if (!stage || !reference) return [];
		const response = file.freshName('response', node);
		const indent = indentAt(file.text, stage.startIndex);
		const lines = [`${response} -> {`, ...statusCheckLines(`${response}.statusCode()`, 'IllegalStateException').map((line) => `\t${line}`), `\treturn ${response}.body();`, '}'];
		return [fix(title, [{ startIndex: reference.startIndex, endIndex: reference.endIndex, newText: file.shape(lines, indent) }])];
	}
	const binding = bindingOf(file, call);
	const exception = binding && stopException(file, binding.anchor);
	if (!binding || !exception) return [];
	return [fix(title, [afterBinding(file, binding, statusCheckLines(binding.status, exception)), ...file.preambleEdits()])];
}

function idempotencyKeyFix(file: JavaFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const loop = retry && nodeForSpan(file.root, retry.span, LOOPS);
	const request = requestChain(file, call);
	if (!loop || !request) return [];
	const setter = descendants(request, ['method_invocation'], SCOPE_BOUNDARIES).find((step) => /^(header|setHeader)$/.test(step.childForFieldName('name')?.text ?? '') && /^"idempotency-key"$/i.test(step.childForFieldName('arguments')?.firstNamedChild?.text ?? ''));
	const requestStatement = closest(request, ['local_variable_declaration', 'expression_statement'], SCOPE_BOUNDARIES);
	// The key is made before the loop, or before the request when the request is built before the loop.
	const anchor = requestStatement && requestStatement.startIndex < loop.startIndex ? requestStatement : loopStatement(loop);
	const key = file.freshName('idempotencyKey', loop);
	if (call.idempotencyKey === 'fresh-per-call') {
		const value = setter?.childForFieldName('arguments')?.namedChildren[1];
		const title = 'Create the Idempotency-Key once, before the first attempt';
		if (value?.type === 'identifier') {
			// `String key = UUID.randomUUID().toString();` inside the loop: move it before the loop.
			const made = descendants(loop, ['variable_declarator'], SCOPE_BOUNDARIES).filter((declarator) => declarator.childForFieldName('name')?.text === value.text);
			const declaration = made.length === 1 ? made[0].parent : undefined;
			const reassigned = new RegExp(`\\b${value.text}\\s*=[^=]`).test(loop.text.replace(made[0]?.text ?? '', ''));
			if (!declaration || declaration.type !== 'local_variable_declaration' || declaration.namedChildren.filter((c) => c?.type === 'variable_declarator').length !== 1 || !/randomUUID/.test(made[0].text) || reassigned) return [];
			const lineStart = file.text.lastIndexOf('\n', declaration.startIndex - 1) + 1;
			const lineEnd = file.text.indexOf('\n', declaration.endIndex);
			if (file.text.slice(lineStart, declaration.startIndex).trim() || lineEnd === -1 || file.text.slice(declaration.endIndex, lineEnd).trim()) return [];
			return [fix(title, [file.insertBefore(anchor, [declaration.text]), { startIndex: lineStart, endIndex: lineEnd + 1, newText: '' }], { safe: true })];
		}
		if (!value || !/randomUUID/.test(value.text)) return [];
		return [fix(title, [file.insertBefore(anchor, [`String ${key} = ${value.text};`]), { startIndex: value.startIndex, endIndex: value.endIndex, newText: key }], { safe: true })];
	}
	if (call.idempotencyKey !== 'none' || setter) return [];
	const uuid = file.type('java.util.UUID');
	return [fix('Send an Idempotency-Key made once, before the first attempt', [file.insertBefore(anchor, [`String ${key} = ${uuid}.randomUUID().toString();`]), beforeBuild(file, request, `header("Idempotency-Key", ${key})`), ...file.preambleEdits()], { safe: true })];
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

type LoggerKind = 'slf4j' | 'jul' | 'system';

/** The statement that logs `description` (a String expression) at warning level through a logger of this kind. */
function logStatement(kind: LoggerKind, logger: string, description: string): string {
	switch (kind) {
		case 'slf4j':
			return `${logger}.warn("HTTP request failed: {}", ${description});`;
		case 'jul':
			return `${logger}.warning("HTTP request failed: " + ${description});`;
		case 'system':
			return `${logger}.log(System.Logger.Level.WARNING, "HTTP request failed: {0}", ${description});`;
	}
}

/** The logger field the class already has (SLF4J or Log4j 2, java.util.logging, System.Logger, Lombok's `@Slf4j`). */
function existingLogger(file: JavaFile, near: Node): { kind: LoggerKind; name: string } | undefined {
	const isStatic = (declaration: Node | null | undefined) => /\bstatic\b/.test(children(declaration ?? near).find((c) => c.type === 'modifiers')?.text ?? '');
	// Instance fields are out of reach from a static method, and from a static nested class outwards.
	let staticContext = isStatic(closest(near, ['method_declaration']));
	const imported = (name: string) => new RegExp(`^import\\s+${name.replace(/\./g, '\\.')}\\s*;`, 'm').test(file.text);
	for (let current = closest(near, ['class_body']); current; staticContext ||= isStatic(current.parent), current = closest(current.parent, ['class_body'])) {
		if (/@(lombok\.extern\.slf4j\.)?Slf4j\b/.test(current.parent?.children.find((c) => c?.type === 'modifiers')?.text ?? '')) return { kind: 'slf4j', name: 'log' };
		for (const field of children(current).filter((member) => member.type === 'field_declaration')) {
			const type = field.childForFieldName('type')?.text ?? '';
			const name = field.childForFieldName('declarator')?.childForFieldName('name')?.text;
			if (!name || (staticContext && !isStatic(field))) continue;
			let kind: LoggerKind | undefined;
			if (/^(org\.slf4j\.|org\.apache\.logging\.log4j\.)Logger$/.test(type) || (type === 'Logger' && (imported('org.slf4j.Logger') || imported('org.apache.logging.log4j.Logger')))) kind = 'slf4j';
			else if (type === 'java.util.logging.Logger' || (type === 'Logger' && imported('java.util.logging.Logger'))) kind = 'jul';
			else if (type === 'System.Logger' || type === 'java.lang.System.Logger') kind = 'system';
			if (kind) return { kind, name };
		}
	}
	return undefined;
}

/** A `private static final` logger field added to the top-level class: SLF4J when the project or the file has it, else java.util.logging. */
function addedLogger(file: JavaFile, near: Node): { kind: LoggerKind; name: string; edit: TextEdit } | undefined {
	const outer = file.outerClass(near);
	const body = outer?.childForFieldName('body');
	const className = outer?.childForFieldName('name')?.text;
	if (!body || !className) return undefined;
	const name = file.freshName('LOG', body, 'HTTP_LOG');
	const slf4j = SLF4J.some((dependency) => file.context.dependencies.has(dependency)) || /^import\s+org\.slf4j\./m.test(file.text);
	const declaration = slf4j
		? `private static final ${file.type('org.slf4j.Logger')} ${name} = ${file.type('org.slf4j.LoggerFactory')}.getLogger(${className}.class);`
		: `private static final ${file.type('java.util.logging.Logger')} ${name} = ${file.type('java.util.logging.Logger')}.getLogger(${className}.class.getName());`;
	return { kind: slf4j ? 'slf4j' : 'jul', name, edit: { startIndex: body.startIndex + 1, endIndex: body.startIndex + 1, newText: `\n${file.memberIndent(body)}${declaration}` } };
}

/** What the catch can say about the request: its method and URL when the request is a local in scope. */
function requestDescription(file: JavaFile, call: HttpCall | undefined, handler: Node): { method: string; url: string } {
	const unknown = { method: call?.method ? `"${call.method}"` : 'null', url: 'null' };
	const node = call && callNode(file, call);
	if (!call || !node) return unknown;
	const inScope = (name: string): boolean => {
		const fn = closest(handler, ['method_declaration', 'constructor_declaration', 'lambda_expression']);
		const declarations = fn ? [...descendants(fn, ['variable_declarator'], ['class_body']), ...descendants(fn, ['formal_parameter'], ['class_body'])].filter((d) => d.childForFieldName('name')?.text === name) : [];
		return declarations.length === 1 && encloses(closest(declarations[0], ['block', 'method_declaration', 'constructor_declaration']), handler) && declarations[0].endIndex < handler.startIndex;
	};
	if (call.client === 'java.net.http' || call.client === 'okhttp') {
		const request = call.client === 'okhttp' ? node.childForFieldName('object')?.childForFieldName('arguments')?.firstNamedChild : node.childForFieldName('arguments')?.firstNamedChild;
		if (request?.type === 'identifier' && inScope(request.text)) return { method: `${request.text}.method()`, url: call.client === 'okhttp' ? `${request.text}.url()` : `${request.text}.uri()` };
	}
	if (call.client === 'RestTemplate') {
		// The URL (template) is the first argument; the helper drops its query string and user info.
		const url = node.childForFieldName('arguments')?.firstNamedChild;
		if (url && (url.type === 'string_literal' || (url.type === 'identifier' && inScope(url.text)))) return { method: unknown.method, url: url.text };
	}
	if (call.client === 'HttpURLConnection') {
		const binding = bindingOf(file, call);
		if (binding && inScope(binding.name)) return { method: `${binding.name}.getRequestMethod()`, url: `${binding.name}.getURL()` };
	}
	return unknown;
}

/**
 * Spring's response exceptions carry the status and the response headers: the status, and
 * a header lookup for the request id allow-list, when the catch holds one of them.
 */
function responseOfError(types: string[], errorName: string): { status: string; header: string; retryAfter: string } | undefined {
	if (types.length !== 1) return undefined;
	const headers = /^(RestClientResponseException|HttpStatusCodeException|HttpClientErrorException|HttpServerErrorException)$/.test(types[0]) ? 'getResponseHeaders' : types[0] === 'WebClientResponseException' ? 'getHeaders' : undefined;
	if (!headers) return undefined;
	const header = (name: string) => `${errorName}.${headers}() == null ? null : ${errorName}.${headers}().getFirst(${name})`;
	return { status: `${errorName}.getStatusCode().value()`, header: `name -> ${header('name')}`, retryAfter: header('"Retry-After"') };
}

/** A catch clause's parameter name and the simple names of the types it catches. */
function caughtTypes(clause: Node): { name?: string; types: string[] } {
	const parameter = children(clause).find((child) => child.type === 'catch_formal_parameter');
	const types = parameter?.descendantsOfType('catch_type')[0];
	return { name: parameter?.childForFieldName('name')?.text, types: types ? children(types).map((type) => simpleName(type.text)) : [] };
}

/** Unchecked exception types a catch may hold, by their conventional names (Spring's HTTP errors among them). */
const UNCHECKED = /(RuntimeException|Unauthorized|Forbidden|ClientErrorException|ServerErrorException|ResponseException|StatusCodeException|RestClientException|WebClientException)$/;

/** `throw e;` compiles here: every type the catch holds is unchecked or declared by the method. */
function rethrowable(clause: Node, types: string[]): boolean {
	return types.length > 0 && types.every((type) => UNCHECKED.test(type) || mayThrow(clause, type));
}

function loggingFix(file: JavaFile, clause: CatchClause): Fix[] {
	const handler = nodeForSpan(file.root, clause.span, ['catch_clause']);
	const { name: errorName, types } = handler ? caughtTypes(handler) : { types: [] };
	const block = handler?.childForFieldName('body');
	if (!handler || !errorName || errorName === '_' || !block) return [];
	const edits: TextEdit[] = [];
	let logger: { kind: LoggerKind; name: string } | undefined = existingLogger(file, handler);
	if (!logger) {
		const added = addedLogger(file, handler);
		if (!added) return [];
		edits.push(added.edit);
		logger = added;
	}
	const calls = clause.guardedCallIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
	const { method, url } = requestDescription(file, calls[0], handler);
	const loop = closest(handler, LOOPS, SCOPE_BOUNDARIES);
	const attempt = loop ? loopCounter(loop) : undefined;
	if (!file.requireHelper(handler, DESCRIBE_HELPER, describeHelper({ unaryOperator: file.type('java.util.function.UnaryOperator'), instant: file.type('java.time.Instant') }))) return [];
	const response = responseOfError(types, errorName);
	const description = `${DESCRIBE_HELPER}(${method}, ${url}, ${response?.status ?? 'null'}, ${response?.header ?? 'null'}, ${attempt ?? 'null'}, ${errorName})`;
	const lines = [logStatement(logger.kind, logger.name, description)];
	// java.net.http's send throws InterruptedException: a catch that ends the wait keeps the thread's interrupt.
	const restoresInterrupt = calls.some((call) => call.client === 'java.net.http') && types.some((type) => ['InterruptedException', 'Exception', 'Throwable'].includes(type));
	if (restoresInterrupt) {
		if (types.length === 1 && types[0] === 'InterruptedException') lines.unshift('Thread.currentThread().interrupt();');
		else lines.unshift(`if (${errorName} instanceof InterruptedException) {`, '\tThread.currentThread().interrupt();', '}');
	}
	edits.push(file.addToBlock(block, lines, true));
	edits.push(...file.preambleEdits());
	return [fix('Log the failure with its context (method, URL, status, request id), no credentials', edits, { safe: !restoresInterrupt })];
}

/** `if (status == 401)` becomes `if (status == 401 && !retried)`. */
function ifGuard(branch: Node, flag: string): TextEdit | undefined {
	const condition = branch.childForFieldName('condition');
	return condition ? { startIndex: condition.startIndex, endIndex: condition.endIndex, newText: `(${condition.firstNamedChild?.text ?? condition.text.slice(1, -1)} && !${flag})` } : undefined;
}

/** A 401 catch rethrows when it already replayed: `if (retried) { throw e; }`, where the method may throw the caught type. */
function catchGuard(file: JavaFile, clause: Node, block: Node, flag: string): TextEdit | undefined {
	const { name, types } = caughtTypes(clause);
	return name && rethrowable(clause, types) ? file.addToBlock(block, [`if (${flag}) {`, `\tthrow ${name};`, '}'], true) : undefined;
}

/**
 * Refresh and replay once: the method gets a private overload with a `retried` flag that the
 * 401 branch tests and the replay sets; the original signature delegates with `false`, so
 * callers and overrides are untouched.
 */
function onceGuardFix(file: JavaFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	if (!handler || (handler.kind !== 'status-branch' && handler.kind !== 'catch')) return [];
	// The 401 branch `if (status == 401) { refresh; replay }`, or `catch (...Unauthorized e) { refresh; replay }`.
	const branch = nodeForSpan(file.root, handler.span, [handler.kind === 'catch' ? 'catch_clause' : 'if_statement']);
	const fn = branch && closest(branch, ['method_declaration'], ['lambda_expression', 'class_body']);
	const name = fn?.childForFieldName('name')?.text;
	const parameters = fn?.childForFieldName('parameters');
	const body = fn?.childForFieldName('body');
	const type = fn?.childForFieldName('type');
	const consequence = branch?.childForFieldName(branch.type === 'catch_clause' ? 'body' : 'consequence');
	if (!branch || !fn || !name || !parameters || !body || !type || !consequence || fn.childForFieldName('dimensions')) return [];
	const replay = descendants(consequence, ['method_invocation'], SCOPE_BOUNDARIES).find((call) => call.childForFieldName('name')?.text === name && (!call.childForFieldName('object') || call.childForFieldName('object')?.text === 'this'));
	const params = children(parameters).filter((p) => p.type === 'formal_parameter');
	const siblings = children(fn.parent!).filter((m) => m.type === 'method_declaration' && m.childForFieldName('name')?.text === name);
	if (!replay || params.length !== children(parameters).filter((p) => !COMMENTS.includes(p.type)).length || siblings.length !== 1) return [];
	const replayArguments = replay.childForFieldName('arguments')!;
	const flag = file.freshName('retried', fn);
	const guard = branch.type === 'catch_clause' ? catchGuard(file, branch, consequence, flag) : ifGuard(branch, flag);
	if (!guard) return [];
	// The edits to the body, applied to its text: the overload carries the body, the original delegates.
	const bodyEdits: TextEdit[] = [guard, { startIndex: replayArguments.endIndex - 1, endIndex: replayArguments.endIndex - 1, newText: `${replayArguments.namedChildCount ? ', ' : ''}true` }].sort((a, b) => b.startIndex - a.startIndex);
	let newBody = body.text;
	for (const edit of bodyEdits) newBody = newBody.slice(0, edit.startIndex - body.startIndex) + edit.newText + newBody.slice(edit.endIndex - body.startIndex);
	const modifiers = children(fn).find((c) => c.type === 'modifiers')?.text ?? '';
	const keptModifiers = ['static', 'final', 'synchronized'].filter((m) => new RegExp(`\\b${m}\\b`).test(modifiers));
	const typeParameters = fn.childForFieldName('type_parameters')?.text;
	const throwsClause = children(fn).find((c) => c.type === 'throws')?.text;
	const header = ['private', ...keptModifiers, ...(typeParameters ? [typeParameters] : []), type.text, `${name}(${[...params.map((p) => p.text), `boolean ${flag}`].join(', ')})`, ...(throwsClause ? [throwsClause] : [])].join(' ');
	const args = [...params.map((p) => p.childForFieldName('name')?.text ?? ''), 'false'].join(', ');
	const delegate = `${type.text === 'void' ? '' : 'return '}${name}(${args});`;
	const indent = indentAt(file.text, fn.startIndex);
	return [
		fix('Refresh and replay once: pass a flag and stop on a second 401', [
			{ startIndex: body.startIndex, endIndex: body.endIndex, newText: `{\n${indent}${file.indent}${delegate}\n${indent}}` },
			{ startIndex: fn.endIndex, endIndex: fn.endIndex, newText: `\n\n${indent}${header} ${newBody}` },
		], { safe: true }),
	];
}

// ---------------------------------------------------------------------------

export const javaFixer: LanguageFixer = {
	fixesFor(finding, context) {
		const file = new JavaFile(context);
		const { facts } = context;
		const { retry, call, catchClause } = subjectOf(finding, facts);
		switch (finding.ruleId) {
			case 'tight-retry-loop':
			case 'retry-without-backoff':
			case 'retry-without-jitter':
			case 'ignored-retry-after':
				return retry ? backoffFixes(file, retry, finding.ruleId) : [];
			case 'unbounded-retry':
				return retry ? libraryOrLoop(file, retry, finding.ruleId, loopAttemptLimitFix) : [];
			case 'retry-on-auth-failure':
				return retry ? libraryOrLoop(file, retry, finding.ruleId, loopStopOnAuthFix) : [];
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
