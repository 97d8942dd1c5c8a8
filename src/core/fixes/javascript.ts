// Fixes for JavaScript and TypeScript (and JSX/TSX), shaped to the file: its indentation,
// semicolons and quotes, TypeScript or not. Each fix starts from the fact its finding is
// about, finds that construct in the tree, and gives up (no fix) whenever the code does
// not have the shape the edit assumes.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, RetryConstruct, TextEdit } from '../types';
import { indentAt, indentUnit, linesAfter } from './edits';
import type { FixContext, LanguageFixer } from './index';
import { RECURSION_NEEDS, subjectOf } from './subject';
import { BACKOFF, JS_BACKOFF_NAME, JS_DESCRIBE_NAME, jsBackoffHelper, jsDescribeHelper, projectUses, type Style } from './snippets';
import { children, closest, contains, descendants, encloses, nodeForSpan } from './tree';

const LOOPS = ['for_statement', 'while_statement', 'do_statement', 'for_in_statement'];
const FUNCTIONS = ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function'];
const JUMPS = ['return_statement', 'throw_statement', 'break_statement', 'continue_statement'];
const FETCH_LIKE = new Set(['fetch', 'node-fetch', 'undici', 'ofetch-raw']);
const CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2 };

/** Everything a fix needs to know about the file, computed once per request. */
class JsFile {
	readonly style: Style;
	readonly quote: string;

	constructor(readonly context: FixContext) {
		const { text } = context;
		const statementEnds = text.match(/[;)}\w'"`]\s*$/gm) ?? [];
		const withSemicolon = statementEnds.filter((end) => end.trimEnd().endsWith(';')).length;
		const singles = (text.match(/'/g) ?? []).length;
		const doubles = (text.match(/"/g) ?? []).length;
		this.quote = doubles > singles ? '"' : "'";
		this.style = {
			indent: indentUnit(text),
			semicolons: withSemicolon * 2 >= statementEnds.length - withSemicolon,
			typescript: context.language === 'typescript' || context.language === 'typescriptreact',
		};
	}

	get text(): string {
		return this.context.text;
	}

	get root(): Node {
		return this.context.tree.rootNode;
	}

	/** `;` when the file uses semicolons. */
	get semi(): string {
		return this.style.semicolons ? ';' : '';
	}

	str(value: string): string {
		return `${this.quote}${value}${this.quote}`;
	}

	/** Inserts a helper once: after the imports, unless the file already has it. */
	helper(name: string, source: (style: Style) => string): TextEdit[] {
		const declared = new RegExp(`function\\s+${name}\\b`).test(this.text);
		if (declared) return [];
		const { at } = this.afterImports();
		const newText = at === 0 ? `${source(this.style)}\n\n` : `\n\n${source(this.style)}`;
		return [{ startIndex: at, endIndex: at, newText }];
	}

	/** An import statement after the last one (or after the header comment of a file without any). */
	addImport(statement: string): TextEdit {
		const { at, afterImport } = this.afterImports();
		const newText = at === 0 ? `${statement}\n\n` : afterImport ? `\n${statement}` : `\n\n${statement}`;
		return { startIndex: at, endIndex: at, newText };
	}

	/** The end of the imports; without imports, of the file's header comment (the comments on the first lines). */
	private afterImports(): { at: number; afterImport: boolean } {
		const top = children(this.root);
		const imports = top.filter((node) => node.type === 'import_statement' || /^(const|let|var)\s[^=]+=\s*require\(/.test(node.text) || /^['"]use strict['"]/.test(node.text));
		const header: Node[] = [];
		for (const node of top) {
			const nextRow = header.length ? header[header.length - 1].endPosition.row + 1 : 0;
			if (node.type !== 'comment' || node.startPosition.row !== nextRow) break;
			header.push(node);
		}
		const anchor = imports.at(-1) ?? header.at(-1);
		return { at: anchor ? anchor.endIndex : 0, afterImport: imports.length > 0 };
	}

	/** The file is a CommonJS module: `require` calls and no `import` statement. */
	get isCommonJs(): boolean {
		return !children(this.root).some((node) => node.type === 'import_statement') && /\brequire\(/.test(this.text);
	}

	/** A statement on its own line before `node`, at the node's indentation. */
	insertBefore(node: Node, statement: string): TextEdit {
		const indent = indentAt(this.text, node.startIndex);
		return { startIndex: node.startIndex, endIndex: node.startIndex, newText: `${statement}\n${indent}` };
	}

	/** A statement on its own line after `node`, at the node's indentation. */
	insertAfter(node: Node, statement: string): TextEdit {
		return linesAfter(this.text, node, statement);
	}

	/** A statement as the first one of a `{ ... }` block (which may be empty). */
	prependToBlock(block: Node, statement: string): TextEdit {
		const first = children(block).find((child) => child.type !== 'comment');
		if (first) return this.insertBefore(first, statement.split('\n').join(`\n${indentAt(this.text, first.startIndex)}`));
		const outer = indentAt(this.text, block.startIndex);
		const inner = outer + this.style.indent;
		return { startIndex: block.startIndex, endIndex: block.endIndex, newText: `{\n${inner}${statement.split('\n').join(`\n${inner}`)}\n${outer}}` };
	}

	/** A statement as the last one of a non-empty block. */
	appendToBlock(block: Node, statement: string): TextEdit | undefined {
		const statements = children(block).filter((child) => child.type !== 'comment');
		const last = statements[statements.length - 1];
		return last ? this.insertAfter(last, statement) : undefined;
	}

	/** A name not yet used in `scope` (the enclosing function of `near`, else the file). */
	freshName(preferred: string, near?: Node): string {
		const scope = (near && closest(near, FUNCTIONS)?.text) ?? this.text;
		for (let i = 0; ; i++) {
			const name = i === 0 ? preferred : `${preferred}${i + 1}`;
			if (!new RegExp(`\\b${name}\\b`).test(scope)) return name;
		}
	}

	isInAsyncFunction(node: Node): boolean {
		const fn = closest(node.parent, FUNCTIONS);
		return fn !== undefined && fn.children.some((child) => child?.type === 'async');
	}
}

function fix(title: string, edits: TextEdit[], options: { preferred?: boolean; safe?: boolean } = {}): Fix {
	return { title, edits, isPreferred: options.preferred ?? true, safe: options.safe ?? false };
}

// ---------------------------------------------------------------------------
// Retries: backoff, limits, auth failures
// ---------------------------------------------------------------------------

/** The loop counter a wait can use: `for (let attempt = 0; ...)` or `while (attempt < 5)`. */
function loopCounter(loop: Node): string | undefined {
	if (loop.type === 'for_statement') {
		const declarator = loop.childForFieldName('initializer')?.descendantsOfType('variable_declarator')[0];
		const name = declarator?.childForFieldName('name');
		if (name?.type === 'identifier') return name.text;
	}
	const condition = loop.childForFieldName('condition');
	const comparison = condition?.descendantsOfType('binary_expression').find((node) => node && /[<>]=?/.test(node.childForFieldName('operator')?.text ?? ''));
	const left = comparison?.childForFieldName('left');
	if (left?.type === 'identifier') return left.text;
	if (left?.type === 'update_expression') return left.childForFieldName('argument')?.text;
	return undefined;
}

/** Where the failure path of a loop ends: the end of its catch, or the end of its body. */
function waitPoint(loop: Node): { block: Node; before?: Node } | undefined {
	const body = loop.childForFieldName('body');
	if (body?.type !== 'statement_block') return undefined;
	const statements = children(body).filter((child) => child.type !== 'comment');
	const tryStatement = statements.find((child) => child.type === 'try_statement');
	const catchBody = tryStatement?.childForFieldName('handler')?.childForFieldName('body');
	if (catchBody) {
		const last = children(catchBody).filter((child) => child.type !== 'comment').at(-1);
		const tryLast = children(tryStatement!.childForFieldName('body')!).filter((child) => child.type !== 'comment').at(-1);
		// The try body can also fall through (a non-ok status): wait after the try, where both paths meet.
		const tryFallsThrough = !tryLast || !JUMPS.includes(tryLast.type);
		if (tryFallsThrough && tryStatement === statements.at(-1) && (!last || !JUMPS.includes(last.type))) return { block: body };
		if (!last || !JUMPS.includes(last.type)) return { block: catchBody };
		if (last.type === 'continue_statement') return { block: catchBody, before: last };
		// The catch leaves the loop: the retry path is after the try.
		if (tryStatement !== statements.at(-1)) return { block: body };
		return undefined;
	}
	const last = statements.at(-1);
	if (!last || JUMPS.includes(last.type)) return undefined;
	// A `continue` would skip a wait at the end of the body.
	if (contains(body, ['continue_statement'], [...LOOPS, ...FUNCTIONS])) return undefined;
	return { block: body };
}

/** How to read Retry-After at the wait, when the code has the response in reach. */
function retryAfterExpression(file: JsFile, retry: RetryConstruct, block: Node): string | undefined {
	const calls = retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
	const fetchCall = calls.find((call) => FETCH_LIKE.has(call.client) && call.response.variable && encloses(declarationOf(file, call)?.parent, block));
	if (fetchCall && block.type === 'statement_block' && block.parent?.type !== 'catch_clause') return `${fetchCall.response.variable}.headers.get(${file.str('retry-after')})`;
	const catchClause = block.parent?.type === 'catch_clause' ? block.parent : undefined;
	const errorName = catchClause?.childForFieldName('parameter')?.text;
	if (errorName && !file.style.typescript && calls.some((call) => call.throwsOnHttpError)) return `${errorName}?.response?.headers?.[${file.str('retry-after')}]`;
	return undefined;
}

/** Replaces or inserts the wait of a retry loop with exponential backoff and full jitter. */
function backoffFix(file: JsFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	if (retry.kind !== 'loop') return [];
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop || !file.isInAsyncFunction(loop)) return [];
	const edits: TextEdit[] = [];
	let counter = loopCounter(loop);
	let attemptArgument = counter;
	if (!counter) {
		counter = file.freshName('attempt', loop);
		attemptArgument = `${counter}++`;
		edits.push(file.insertBefore(loop, `let ${counter} = 0${file.semi}`));
	}
	const point = waitPoint(loop);
	const existing = 'span' in retry.delay && retry.delay.span ? nodeForSpan(file.root, retry.delay.span) : undefined;
	const existingStatement = existing && closest(existing, ['expression_statement'], LOOPS);
	const block = existingStatement?.parent ?? point?.block;
	if (!block) return [];
	const retryAfter = retryAfterExpression(file, retry, block);
	if (needRetryAfter && !retryAfter) return [];
	const wait = `await ${JS_BACKOFF_NAME}(${attemptArgument}${retryAfter ? `, ${retryAfter}` : ''})${file.semi}`;
	if (existingStatement) {
		edits.push({ startIndex: existingStatement.startIndex, endIndex: existingStatement.endIndex, newText: wait });
	} else if (point?.before) {
		edits.push(file.insertBefore(point.before, wait));
	} else {
		const edit = point && file.appendToBlock(point.block, wait);
		if (!edit) {
			if (point?.block.type !== 'statement_block') return [];
			edits.push(file.prependToBlock(point.block, wait));
		} else edits.push(edit);
	}
	edits.push(...file.helper(JS_BACKOFF_NAME, jsBackoffHelper));
	const title = retryAfter
		? 'Wait with exponential backoff and jitter, honouring Retry-After'
		: 'Wait with exponential backoff and jitter between attempts';
	return [fix(title, edits, { safe: true })];
}

/** Sets `key: value` in an object literal: replaces the pair if present, else adds it. */
function setProperty(file: JsFile, object: Node, key: string, value: string): TextEdit {
	const pair = children(object).find((child) => child.type === 'pair' && child.childForFieldName('key')?.text.replace(/['"]/g, '') === key);
	const existing = pair?.childForFieldName('value');
	if (existing) return { startIndex: existing.startIndex, endIndex: existing.endIndex, newText: value };
	return addProperty(file, object, `${key}: ${value}`);
}

/** Configures a retry library's options (axios-retry, p-retry, exponential-backoff) instead of inlining a helper. */
function libraryFix(file: JsFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const call = nodeForSpan(file.root, retry.headSpan, ['call_expression']);
	const args = call?.childForFieldName('arguments');
	const options = args && children(args).filter((arg) => arg.type !== 'comment').at(-1);
	if (!call || options?.type !== 'object') return [];
	const callee = call.childForFieldName('function')?.text ?? '';
	const library = retry.library ?? '';
	const edit = (key: string, value: string, title: string): Fix[] => [fix(title, [setProperty(file, options, key, value)], { safe: true })];
	if (library === 'axios-retry' && /^\w+$/.test(callee)) {
		if (rule === 'ignored-retry-after') {
			const header = file.str('retry-after');
			const ms = BACKOFF.retryAfterCapMs.toLocaleString('en').replace(/,/g, '_');
			return edit('retryDelay', `(retryCount, error) => {\n${file.style.indent}const seconds = Number(error?.response?.headers?.[${header}]);\n${file.style.indent}return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, ${ms}) : ${callee}.exponentialDelay(retryCount);\n}`.split('\n').join(`\n${indentAt(file.text, options.startIndex)}`), 'Wait for Retry-After when the server sends it, else exponential backoff');
		}
		if (rule === 'tight-retry-loop' || rule === 'retry-without-backoff') return edit('retryDelay', `${callee}.exponentialDelay`, 'Wait with exponential backoff and jitter (axios-retry exponentialDelay)');
	}
	if (library === 'p-retry') {
		if (rule === 'unbounded-retry') return edit('retries', String(BACKOFF.maxAttempts - 1), `Give up after ${BACKOFF.maxAttempts} attempts`);
		if (rule === 'retry-without-jitter') return edit('randomize', 'true', 'Randomise the backoff (p-retry randomize)');
	}
	if (library === 'exponential-backoff') {
		if (rule === 'unbounded-retry') return edit('numOfAttempts', String(BACKOFF.maxAttempts), `Give up after ${BACKOFF.maxAttempts} attempts`);
		if (rule === 'retry-without-jitter') return edit('jitter', file.str('full'), 'Randomise the backoff (full jitter)');
	}
	return [];
}

/** The local names of p-retry's function and its `AbortError`, and the import edit that provides them. */
function pRetryNames(file: JsFile): { pRetry: string; abortError: string; edits: TextEdit[] } | undefined {
	const top = children(file.root);
	const esm = top.find((node) => node.type === 'import_statement' && /^['"]p-retry['"]$/.test(node.childForFieldName('source')?.text ?? ''));
	if (esm) {
		const clause = children(esm).find((child) => child.type === 'import_clause');
		const pRetry = clause && children(clause).find((child) => child.type === 'identifier');
		const named = clause && children(clause).find((child) => child.type === 'named_imports');
		if (!clause || !pRetry || children(clause).some((child) => child.type === 'namespace_import')) return undefined;
		const specifier = named && children(named).find((spec) => spec.type === 'import_specifier' && spec.childForFieldName('name')?.text === 'AbortError');
		if (specifier) return { pRetry: pRetry.text, abortError: specifier.childForFieldName('alias')?.text ?? 'AbortError', edits: [] };
		if (/\bAbortError\b/.test(file.text)) return undefined;
		const last = named && children(named).filter((spec) => spec.type === 'import_specifier').at(-1);
		const edit: TextEdit = named
			? last
				? { startIndex: last.endIndex, endIndex: last.endIndex, newText: ', AbortError' }
				: { startIndex: named.startIndex, endIndex: named.endIndex, newText: '{ AbortError }' }
			: { startIndex: pRetry.endIndex, endIndex: pRetry.endIndex, newText: ', { AbortError }' };
		return { pRetry: pRetry.text, abortError: 'AbortError', edits: [edit] };
	}
	// p-retry 4, the last CommonJS release, hangs AbortError on the function.
	const required = top.map((node) => /^(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"]p-retry['"]\s*\)/.exec(node.text)?.[1]).find(Boolean);
	if (required) return { pRetry: required, abortError: `${required}.AbortError`, edits: [] };
	if (/\b(pRetry|AbortError)\b/.test(file.text)) return undefined;
	if (file.isCommonJs) return { pRetry: 'pRetry', abortError: 'pRetry.AbortError', edits: [file.addImport(`const pRetry = require(${file.str('p-retry')})${file.semi}`)] };
	return { pRetry: 'pRetry', abortError: 'AbortError', edits: [file.addImport(`import pRetry, { AbortError } from ${file.str('p-retry')}${file.semi}`)] };
}

/** `if (condition) throw err;`: the throw statement, when that is all the statement does. */
function conditionalRethrow(statement: Node, errorName: string): Node | undefined {
	if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return undefined;
	const consequence = statement.childForFieldName('consequence');
	const inner = consequence?.type === 'statement_block' ? children(consequence).filter((child) => child.type !== 'comment') : consequence ? [consequence] : [];
	const thrown = inner.length === 1 && inner[0].type === 'throw_statement' ? inner[0] : undefined;
	return thrown && thrown.namedChildren[0]?.text === errorName ? thrown : undefined;
}

/**
 * Rewrites a retry loop onto p-retry, for the one shape whose meaning carries over exactly:
 * an async function that ends in `for (let attempt = 0; attempt < N; attempt++)` (or an
 * endless loop) around a lone `try { ...; return x; } catch (err) { ... }`, optionally
 * followed by the throw that reports giving up. The try stays as it is inside the retried
 * function; the catch keeps its statements, its "do not retry" rethrows become `AbortError`
 * (p-retry then rejects with the original error), the wait goes (p-retry waits), and an
 * unconditional rethrow hands every other failure to p-retry. AbortError rather than
 * `shouldRetry` because every p-retry version has it, while `shouldRetry` changed its
 * argument between majors.
 */
function pRetryLoopFix(file: JsFile, retry: RetryConstruct): Fix[] {
	if (retry.kind !== 'loop' || !projectUses(file.context, 'p-retry')) return [];
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	const functionBody = loop?.parent;
	if (!loop || functionBody?.type !== 'statement_block' || !FUNCTIONS.includes(functionBody.parent?.type ?? '') || !file.isInAsyncFunction(loop)) return [];
	const after = children(functionBody).filter((node) => node.type !== 'comment' && node.startIndex > loop.startIndex);
	if (after.length > 1 || (after[0] && after[0].type !== 'throw_statement')) return [];
	const counter = loopCounter(loop);
	const condition = loop.childForFieldName('condition')?.text.replace(/[\s;()]/g, '') ?? '';
	const countedInHead = loop.type === 'for_statement' && !!counter && !!loop.childForFieldName('initializer')?.text.includes(counter);
	const endless = loop.type === 'while_statement' ? condition === 'true' : loop.type === 'for_statement' && condition === '';
	const body = loop.childForFieldName('body');
	const statements = body ? children(body).filter((child) => child.type !== 'comment') : [];
	const tryStatement = statements.length === 1 && statements[0].type === 'try_statement' ? statements[0] : undefined;
	if (!body || !tryStatement || !(countedInHead || endless) || tryStatement.childForFieldName('finalizer')) return [];
	const tryBody = tryStatement.childForFieldName('body');
	const handler = tryStatement.childForFieldName('handler');
	const errorName = handler?.childForFieldName('parameter')?.text;
	const catchBody = handler?.childForFieldName('body');
	if (!tryBody || !catchBody || !errorName || !/^\w+$/.test(errorName)) return [];
	if (children(tryBody).filter((child) => child.type !== 'comment').at(-1)?.type !== 'return_statement') return [];
	// Jumps out of the loop, and `yield`, mean nothing inside the retried callback.
	if (contains(tryBody, ['break_statement', 'continue_statement'], [...LOOPS, ...FUNCTIONS, 'switch_statement']) || contains(tryBody, ['yield_expression'], FUNCTIONS)) return [];
	const delayNode = 'span' in retry.delay && retry.delay.span ? nodeForSpan(file.root, retry.delay.span) : undefined;
	const wait = delayNode && closest(delayNode, ['expression_statement'], LOOPS);
	// A wait of a shape we cannot read is dropped only when it plainly is a wait (`await sleep(...)`).
	if (retry.delay.kind === 'unknown' && !(wait && /^(await\s+)?\w*(sleep|delay|wait|pause)\w*\(/i.test(wait.text))) return [];
	// p-retry counts attempts itself; the loop's counter may only have fed the wait.
	const outsideWait = wait ? file.text.slice(body.startIndex, wait.startIndex) + file.text.slice(wait.endIndex, body.endIndex) : body.text;
	if (counter && new RegExp(`\\b${counter}\\b`).test(outsideWait)) return [];
	const names = pRetryNames(file);
	if (!names) return [];
	const aborted = `new ${names.abortError}(${errorName}${file.style.typescript ? ' as Error' : ''})`;
	const kept: string[] = [];
	let stopsOnAuth = false;
	for (const statement of children(catchBody)) {
		if (statement.type === 'continue_statement' || (wait && statement.id === wait.id)) continue;
		const rethrow = conditionalRethrow(statement, errorName);
		if (rethrow) {
			const argument = rethrow.namedChildren[0]!;
			stopsOnAuth ||= /\b40[13]\b/.test(statement.childForFieldName('condition')?.text ?? '');
			kept.push(file.text.slice(statement.startIndex, argument.startIndex) + aborted + file.text.slice(argument.endIndex, statement.endIndex));
			continue;
		}
		if (JUMPS.includes(statement.type) || contains(statement, [...JUMPS, 'throw_statement'], FUNCTIONS)) return [];
		kept.push(statement.text);
	}
	const calls = retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
	const addsAuthStop = !stopsOnAuth && !retry.retryOn.excludesAuthFailures && calls.some((call) => call.throwsOnHttpError);
	if (addsAuthStop) {
		const status = file.style.typescript ? `(${errorName} as { response?: { status?: number } })?.response?.status ?? 0` : `${errorName}?.response?.status`;
		kept.unshift(`if ([401, 403].includes(${status})) throw ${aborted}${file.semi}`);
	}
	kept.push(`throw ${errorName}${file.semi}`);
	const outer = indentAt(file.text, loop.startIndex);
	const inner = outer + file.style.indent.repeat(2);
	const newCatch = `{\n${kept.map((line) => inner + line).join('\n')}\n${outer}${file.style.indent}}`;
	const retried = file.text.slice(tryStatement.startIndex, catchBody.startIndex) + newCatch + file.text.slice(catchBody.endIndex, tryStatement.endIndex);
	const attempts = retry.attempts.kind === 'bounded' && retry.attempts.max ? retry.attempts.max : BACKOFF.maxAttempts;
	const ms = (value: number) => value.toLocaleString('en').replace(/,/g, '_');
	const options = `{ retries: ${attempts - 1}, factor: 2, minTimeout: ${ms(BACKOFF.baseMs)}, maxTimeout: ${ms(BACKOFF.capMs)}, randomize: true }`;
	const end = after[0]?.endIndex ?? loop.endIndex;
	const rewrite = `return await ${names.pRetry}(async () => {\n${outer}${file.style.indent}${retried}\n${outer}}, ${options})${file.semi}`;
	const title = `Retry with p-retry: ${attempts} attempts, exponential backoff with jitter${addsAuthStop || stopsOnAuth ? ', none after 401/403' : ''}`;
	return [fix(title, [{ startIndex: loop.startIndex, endIndex: end, newText: rewrite }, ...names.edits], { safe: true })];
}

/** The inline fixes of a retry loop, with the p-retry rewrite first (and preferred) when the project uses p-retry. */
function withPRetry(file: JsFile, retry: RetryConstruct, inline: Fix[]): Fix[] {
	const library = pRetryLoopFix(file, retry);
	if (library.length === 0) return inline;
	return [...library, ...inline.map((other) => ({ ...other, isPreferred: false }))];
}

/** Turns `while (true)` into a loop of at most five attempts that gives up with the last error. */
function attemptLimitFix(file: JsFile, retry: RetryConstruct): Fix[] {
	if (retry.kind !== 'loop') return [];
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const condition = loop.childForFieldName('condition');
	const endless = loop.type === 'while_statement' ? condition?.text.replace(/\s/g, '') === '(true)' : loop.type === 'for_statement' && !condition?.text.replace(/[;\s]/g, '');
	const body = loop.childForFieldName('body');
	const tryStatement = body && children(body).find((child) => child.type === 'try_statement');
	const handler = tryStatement?.childForFieldName('handler');
	const errorName = handler?.childForFieldName('parameter')?.text;
	const catchBody = handler?.childForFieldName('body');
	if (!endless || !body || !catchBody || !errorName || !/^\w+$/.test(errorName)) return [];
	const counter = file.freshName('attempt', loop);
	const bodyStart = body.startIndex;
	return [
		fix(
			`Give up after ${BACKOFF.maxAttempts} attempts with the last error`,
			[
				{ startIndex: loop.startIndex, endIndex: bodyStart, newText: `for (let ${counter} = 1; ; ${counter}++) ` },
				file.prependToBlock(catchBody, `if (${counter} >= ${BACKOFF.maxAttempts}) throw ${errorName}${file.semi}`),
			],
			{ safe: false },
		),
	];
}

/** Stops a retry loop on 401/403, or drops 401/403 from a list of statuses to retry. */
function stopOnAuthFix(file: JsFile, retry: RetryConstruct): Fix[] {
	const listed = retry.retryOn.span ? nodeForSpan(file.root, retry.retryOn.span) : undefined;
	const array = listed && (listed.type === 'array' ? listed : listed.descendantsOfType('array')[0]);
	const authElements = array ? children(array).filter((element) => element.type === 'number' && (element.text === '401' || element.text === '403')) : [];
	if (array && authElements.length) {
		const kept = children(array).filter((element) => !authElements.includes(element));
		return [fix('Stop retrying 401/403: remove them from the statuses to retry', [{ startIndex: array.startIndex, endIndex: array.endIndex, newText: `[${kept.map((k) => k.text).join(', ')}]` }], { safe: true })];
	}
	if (retry.kind !== 'loop') return [];
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const calls = retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
	const fetchCall = calls.find((call) => FETCH_LIKE.has(call.client) && call.response.variable);
	if (fetchCall) {
		const declaration = declarationOf(file, fetchCall);
		if (!declaration) return [];
		const res = fetchCall.response.variable;
		const rejected = `new Error(\`Credentials rejected (HTTP \${${res}.status}): retrying will not help; check the token and the WWW-Authenticate header\`)`;
		// Inside a try whose catch retries, a plain throw would only be retried: mark the
		// error with its status and let the catch rethrow it.
		const tryStatement = closest(declaration, ['try_statement'], [...LOOPS, ...FUNCTIONS]);
		if (tryStatement) {
			const handler = tryStatement.childForFieldName('handler');
			const errorName = handler?.childForFieldName('parameter')?.text;
			const catchBody = handler?.childForFieldName('body');
			if (!catchBody || !errorName || !/^\w+$/.test(errorName)) return [];
			const status = file.style.typescript ? `(${errorName} as { status?: number })?.status ?? 0` : `${errorName}?.status`;
			return [
				fix('Stop retrying on 401/403', [
					file.insertAfter(declaration, `if (${res}.status === 401 || ${res}.status === 403) {\n${file.style.indent}throw Object.assign(${rejected}, { status: ${res}.status })${file.semi}\n}`),
					file.prependToBlock(catchBody, `if ([401, 403].includes(${status})) throw ${errorName}${file.semi}`),
				]),
			];
		}
		return [fix('Stop retrying on 401/403', [file.insertAfter(declaration, `if (${res}.status === 401 || ${res}.status === 403) {\n${file.style.indent}throw ${rejected}${file.semi}\n}`)])];
	}
	const handler = descendants(loop, ['catch_clause'], FUNCTIONS)[0];
	const errorName = handler?.childForFieldName('parameter')?.text;
	const catchBody = handler?.childForFieldName('body');
	if (!handler || !catchBody || !errorName || !/^\w+$/.test(errorName) || !calls.some((call) => call.throwsOnHttpError)) return [];
	const status = file.style.typescript ? `(${errorName} as { response?: { status?: number } })?.response?.status ?? 0` : `${errorName}?.response?.status`;
	return [fix('Stop retrying on 401/403', [file.prependToBlock(catchBody, `if ([401, 403].includes(${status})) throw ${errorName}${file.semi}`)])];
}

/** A parameter's name and default value: `retries`, `retries = 3`, `retries: number = 3`. */
function parameterOf(parameter: Node): { name: string; initial?: Node } | undefined {
	if (parameter.type === 'identifier') return { name: parameter.text };
	const [nameField, valueField] = parameter.type === 'assignment_pattern' ? ['left', 'right'] : ['pattern', 'value'];
	if (!['assignment_pattern', 'required_parameter', 'optional_parameter'].includes(parameter.type)) return undefined;
	const name = parameter.childForFieldName(nameField);
	return name?.type === 'identifier' ? { name: name.text, initial: parameter.childForFieldName(valueField) ?? undefined } : undefined;
}

/**
 * A function that retries by calling itself (`return fetchNews(topic, retries - 1)` in its
 * catch or status branch): one fix bounds it with an attempt parameter (added when it has
 * none), waits with backoff and jitter before the call, and stops on 401/403 in a catch
 * around a client that throws on them. Offered when it fixes the finding's own problem.
 */
function recursionFix(file: JsFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const need = RECURSION_NEEDS[rule];
	const fn = retry.kind === 'recursion' ? nodeForSpan(file.root, retry.span, FUNCTIONS) : undefined;
	const name = nodeForSpan(file.root, retry.headSpan)?.text;
	const body = fn?.childForFieldName('body');
	const parameters = fn?.childForFieldName('parameters');
	if (!need || !fn || !name || body?.type !== 'statement_block' || !parameters) return [];
	const selfCalls = descendants(body, ['call_expression'], FUNCTIONS).filter((call) => [name, `this.${name}`].includes(call.childForFieldName('function')?.text ?? ''));
	const call = selfCalls.length === 1 ? selfCalls[0] : undefined;
	const awaited = call?.parent?.type === 'await_expression' ? call.parent : call;
	const replay = awaited?.parent?.type === 'return_statement' ? awaited.parent : undefined;
	const block = replay?.parent;
	const args = call?.childForFieldName('arguments');
	if (!call || !replay || block?.type !== 'statement_block' || args?.type !== 'arguments') return [];
	const argumentList = children(args).filter((child) => child.type !== 'comment');
	const parameterList = children(parameters).filter((child) => child.type !== 'comment');
	const declared = parameterList.map(parameterOf);
	if (declared.some((parameter) => !parameter)) return [];
	const catchClause = block.parent?.type === 'catch_clause' ? block.parent : undefined;
	const errorName = catchClause?.childForFieldName('parameter')?.text;
	const edits: TextEdit[] = [];
	const lines: string[] = [];
	const s = file.semi;

	// The attempt number: a counter passed on as `attempt + 1` or `retries - 1` (from a literal default), else a new parameter.
	let attempt: string | undefined;
	declared.forEach((parameter, index) => {
		const passed = argumentList[index];
		const right = passed?.type === 'binary_expression' ? passed.childForFieldName('right')?.text : undefined;
		if (!parameter || passed?.childForFieldName('left')?.text !== parameter.name || right !== '1') return;
		const operator = passed.childForFieldName('operator')?.text;
		if (operator === '+') attempt = parameter.name;
		else if (operator === '-' && parameter.initial?.type === 'number') attempt = `${parameter.initial.text} - ${parameter.name}`;
	});
	const addsCounter = !attempt || retry.attempts.kind === 'unbounded';
	if (addsCounter) {
		if (argumentList.length !== parameterList.length || argumentList.some((arg) => arg.type === 'spread_element')) return [];
		attempt = file.freshName('attempt', fn);
		const last = parameterList.at(-1);
		edits.push(last ? { startIndex: last.endIndex, endIndex: last.endIndex, newText: `, ${attempt} = 1` } : { startIndex: parameters.startIndex + 1, endIndex: parameters.startIndex + 1, newText: `${attempt} = 1` });
		const lastArgument = argumentList.at(-1);
		edits.push(lastArgument ? { startIndex: lastArgument.endIndex, endIndex: lastArgument.endIndex, newText: `, ${attempt} + 1` } : { startIndex: args.startIndex + 1, endIndex: args.startIndex + 1, newText: `${attempt} + 1` });
	}

	const calls = retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((c): c is HttpCall => c !== undefined);
	const authStop = !retry.retryOn.excludesAuthFailures && !!errorName && /^\w+$/.test(errorName) && calls.some((c) => c.throwsOnHttpError);
	const status = file.style.typescript ? `(${errorName} as { response?: { status?: number } })?.response?.status ?? 0` : `${errorName}?.response?.status`;
	const authLine = authStop ? `if ([401, 403].includes(${status})) throw ${errorName}${s}` : undefined;
	const limit = retry.attempts.kind === 'unbounded';
	if (limit) lines.push(`if (${attempt} >= ${BACKOFF.maxAttempts}) throw ${errorName && /^\w+$/.test(errorName) ? errorName : `new Error(${file.str(`${name}: giving up after ${BACKOFF.maxAttempts} attempts`)})`}${s}`);
	const delay = retry.delay;
	const wait = ['none', 'not-awaited', 'constant'].includes(delay.kind) || (delay.kind === 'exponential' && !delay.jitter);
	if (wait) {
		if (!file.isInAsyncFunction(body)) return [];
		lines.push(`await ${JS_BACKOFF_NAME}(${attempt})${s}`);
		edits.push(...file.helper(JS_BACKOFF_NAME, jsBackoffHelper));
	}
	const done = { wait, limit, authStop };
	if (!done[need]) return [];
	// The old wait, if it sits on the replay's path, makes way for the new lines.
	const oldWait = wait && 'span' in delay && delay.span ? closest(nodeForSpan(file.root, delay.span) ?? null, ['expression_statement'], FUNCTIONS) : undefined;
	const indent = indentAt(file.text, replay.startIndex);
	// The 401/403 test goes first in the catch, before any wait; the rest right before the call.
	const first = children(block).find((node) => node.type !== 'comment');
	if (authLine && first && first.id !== replay.id) edits.push(file.insertBefore(first, authLine));
	else if (authLine) lines.unshift(authLine);
	if (oldWait?.parent?.id === block.id) edits.push({ startIndex: oldWait.startIndex, endIndex: oldWait.endIndex, newText: lines.join(`\n${indent}`) });
	else if (lines.length) edits.push(file.insertBefore(replay, lines.join(`\n${indent}`)));
	const parts = [limit ? `at most ${BACKOFF.maxAttempts} attempts` : '', wait ? 'backoff with jitter' : '', authStop ? 'none after 401/403' : ''].filter(Boolean);
	// Like the loop fixes: a wait is safe; giving up earlier or on 401/403 changes behaviour and wants review.
	return [fix(`Bound the recursive retry: ${parts.join(', ')}`, edits, { safe: !limit && !authStop })];
}

/**
 * `request().catch(() => request())`: the chained retry stops on 401/403 and waits with
 * backoff and jitter first. The handler gains an error parameter and `async` if it lacks
 * them; an expression body becomes a block that returns the same expression.
 */
function promiseChainFix(file: JsFile, retry: RetryConstruct): Fix[] {
	const catchCall = retry.kind === 'promise-chain' ? nodeForSpan(file.root, retry.span, ['call_expression']) : undefined;
	const args = catchCall?.childForFieldName('arguments');
	const handler = args && children(args).filter((child) => child.type !== 'comment')[0];
	const calls = retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((c): c is HttpCall => c !== undefined);
	if (!handler || !['arrow_function', 'function_expression', 'function'].includes(handler.type) || !calls[0]?.throwsOnHttpError) return [];
	const parameters = handler.childForFieldName('parameters') ?? handler.childForFieldName('parameter');
	const declared = parameters?.type === 'formal_parameters' ? children(parameters).filter((child) => child.type !== 'comment') : parameters ? [parameters] : [];
	const single = declared.length === 1 ? parameterOf(declared[0]) : undefined;
	if (declared.length > 1 || (declared.length === 1 && !single) || !parameters) return [];
	const errorName = single?.name ?? file.freshName('error', handler);
	const body = handler.childForFieldName('body');
	if (!body) return [];
	const status = file.style.typescript ? `(${errorName} as { response?: { status?: number } })?.response?.status ?? 0` : `${errorName}?.response?.status`;
	const s = file.semi;
	const lines = [`if ([401, 403].includes(${status})) throw ${errorName}${s}`, `await ${JS_BACKOFF_NAME}(1)${s}`];
	const isAsync = handler.children.some((child) => child?.type === 'async');
	const head = `${isAsync ? '' : 'async '}${file.text.slice(handler.startIndex, parameters.startIndex)}${declared.length === 0 ? `(${errorName})` : parameters.text}`;
	const outer = indentAt(file.text, handler.startIndex);
	const inner = outer + file.style.indent;
	let rewritten: string;
	if (body.type === 'statement_block') {
		const statements = children(body).filter((child) => child.type !== 'comment');
		if (statements.length === 0) return [];
		const blockIndent = indentAt(file.text, statements[0].startIndex);
		rewritten = `${head}${file.text.slice(parameters.endIndex, body.startIndex)}{\n${lines.map((line) => blockIndent + line).join('\n')}\n${file.text.slice(file.text.lastIndexOf('\n', statements[0].startIndex) + 1, handler.endIndex)}`;
	} else {
		const expression = body.type === 'parenthesized_expression' && body.namedChildren[0]?.type === 'object' ? body.namedChildren[0] : body;
		rewritten = `${head}${file.text.slice(parameters.endIndex, body.startIndex)}{\n${[...lines, `return ${expression.text}${s}`].map((line) => inner + line).join('\n')}\n${outer}}`;
	}
	return [
		fix('Stop the chained retry on 401/403, and wait with backoff and jitter before it', [
			{ startIndex: handler.startIndex, endIndex: handler.endIndex, newText: rewritten },
			...file.helper(JS_BACKOFF_NAME, jsBackoffHelper),
		]),
	];
}

// ---------------------------------------------------------------------------
// Calls: timeout, status check, idempotency key
// ---------------------------------------------------------------------------

function callNode(file: JsFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['call_expression', 'new_expression']);
}

/** The `const res = await fetch(...)` statement that binds a response. */
function declarationOf(file: JsFile, call: HttpCall): Node | undefined {
	const node = callNode(file, call);
	const declaration = node && closest(node, ['lexical_declaration', 'variable_declaration'], [...FUNCTIONS, 'statement_block']);
	return declaration?.parent?.type === 'statement_block' || declaration?.parent?.type === 'program' ? declaration : undefined;
}

/** Adds `key: value` to an object literal, on its own line when the object spans lines. */
function addProperty(file: JsFile, object: Node, property: string): TextEdit {
	const pairs = children(object).filter((child) => child.type !== 'comment');
	if (pairs.length === 0) return { startIndex: object.startIndex, endIndex: object.endIndex, newText: `{ ${property} }` };
	const first = pairs[0];
	const multiline = first.startPosition.row > object.startPosition.row;
	if (multiline) return { startIndex: first.startIndex, endIndex: first.startIndex, newText: `${property},\n${indentAt(file.text, first.startIndex)}` };
	return { startIndex: first.startIndex, endIndex: first.startIndex, newText: `${property}, ` };
}

/** Puts an option into the options argument at `index`, creating the argument if it is missing. */
function withOption(file: JsFile, call: Node, index: number, property: string, key: string): TextEdit | undefined {
	const args = call.childForFieldName('arguments');
	if (!args || args.type !== 'arguments') return undefined;
	const list = children(args).filter((child) => child.type !== 'comment');
	if (list.some((arg) => arg.type === 'spread_element')) return undefined;
	const options = list[index];
	if (options) {
		if (options.type !== 'object') return undefined;
		const hasKey = children(options).some((pair) => pair.type === 'pair' && pair.childForFieldName('key')?.text.replace(/['"]/g, '') === key);
		return hasKey ? undefined : addProperty(file, options, property);
	}
	if (list.length === 0) return undefined;
	const padding = Array.from({ length: index - list.length }, () => 'undefined, ').join('');
	const last = list[list.length - 1];
	return { startIndex: last.endIndex, endIndex: last.endIndex, newText: `, ${padding}{ ${property} }` };
}

function timeoutFix(file: JsFile, call: HttpCall): Fix[] {
	const node = callNode(file, call);
	if (!node || node.type !== 'call_expression') return [];
	const callee = node.childForFieldName('function');
	const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text ?? '' : '';
	const ms = BACKOFF.timeoutMs.toLocaleString('en').replace(/,/g, '_');
	let edit: TextEdit | undefined;
	if (FETCH_LIKE.has(call.client)) {
		edit = withOption(file, node, 1, `signal: AbortSignal.timeout(${ms})`, 'signal');
	} else if (call.client === 'axios') {
		const first = children(node.childForFieldName('arguments')!)[0];
		const index = method in CONFIG_INDEX ? CONFIG_INDEX[method] : first?.type === 'object' ? 0 : 1;
		edit = withOption(file, node, index, `timeout: ${ms}`, 'timeout');
	} else if (call.client === 'got') {
		edit = withOption(file, node, 1, `timeout: { request: ${ms} }`, 'timeout');
	} else if (call.client === 'superagent') {
		edit = { startIndex: node.endIndex, endIndex: node.endIndex, newText: `.timeout(${ms})` };
	}
	return edit ? [fix(`Add a ${BACKOFF.timeoutMs / 1000} s timeout`, [edit], { safe: true })] : [];
}

function statusCheckFix(file: JsFile, call: HttpCall): Fix[] {
	const res = call.response.variable;
	if (!FETCH_LIKE.has(call.client) || !res || !/^\w+$/.test(res)) return [];
	const declaration = declarationOf(file, call);
	if (!declaration) return [];
	const i = file.style.indent;
	const s = file.semi;
	const check = [
		`if (${res}.status === 401 || ${res}.status === 403) {`,
		`${i}throw new Error(\`Credentials rejected (HTTP \${${res}.status}): check the token or API key; the WWW-Authenticate header says why\`)${s}`,
		'}',
		`if (!${res}.ok) {`,
		`${i}throw new Error(\`Request failed: HTTP \${${res}.status} \${${res}.statusText}\`)${s}`,
		'}',
	].join('\n');
	return [fix('Check the status: a distinct error for 401/403, then any non-2xx', [file.insertAfter(declaration, check)])];
}

function idempotencyKeyFix(file: JsFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const node = callNode(file, call);
	const loop = retry && nodeForSpan(file.root, retry.span, LOOPS);
	if (!node || !loop || (loop.parent?.type !== 'statement_block' && loop.parent?.type !== 'program')) return [];
	const name = file.freshName('idempotencyKey', loop);
	const pair = node.descendantsOfType('pair').find((p) => p && /^['"`]?idempotency-key['"`]?$/i.test(p.childForFieldName('key')?.text ?? ''));
	const value = pair?.childForFieldName('value');
	if (call.idempotencyKey === 'fresh-per-call' && value) {
		return [
			fix('Create the Idempotency-Key once, before the first attempt', [
				file.insertBefore(loop, `const ${name} = ${value.text}${file.semi}`),
				{ startIndex: value.startIndex, endIndex: value.endIndex, newText: name },
			], { safe: true }),
		];
	}
	if (call.idempotencyKey !== 'none') return [];
	const callee = node.childForFieldName('function');
	const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text ?? '' : '';
	const optionsIndex = call.client === 'axios' ? CONFIG_INDEX[method] ?? 1 : 1;
	const options = children(node.childForFieldName('arguments') ?? node).filter((arg) => arg.type !== 'comment')[optionsIndex];
	if (options?.type !== 'object') return [];
	const headers = children(options).find((p) => p.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === 'headers')?.childForFieldName('value');
	const header = `${file.str('Idempotency-Key')}: ${name}`;
	const edit = headers ? (headers.type === 'object' ? addProperty(file, headers, header) : undefined) : addProperty(file, options, `headers: { ${header} }`);
	if (!edit) return [];
	return [fix('Send an Idempotency-Key made once, before the first attempt', [file.insertBefore(loop, `const ${name} = crypto.randomUUID()${file.semi}`), edit], { safe: true })];
}

// ---------------------------------------------------------------------------
// Errors: swallowed catches, refresh loops
// ---------------------------------------------------------------------------

/** The logging call the file already uses: `logger.error`, `log.error`, else `console.error`. */
function loggerCall(file: JsFile): string {
	const match = /\b(logger|log)\.(error|warn)\(/.exec(file.text);
	return match ? `${match[1]}.${match[2]}` : 'console.error';
}

function loggingFix(file: JsFile, clause: CatchClause): Fix[] {
	const handler = nodeForSpan(file.root, clause.span, ['catch_clause']);
	const body = handler?.childForFieldName('body');
	if (!handler || !body) return [];
	const parameter = handler.childForFieldName('parameter');
	if (parameter && parameter.type !== 'identifier') return [];
	const edits: TextEdit[] = [];
	const errorName = parameter?.text ?? file.freshName('error', handler);
	if (!parameter) {
		const keyword = handler.children.find((child) => child?.type === 'catch');
		if (!keyword) return [];
		edits.push({ startIndex: keyword.endIndex, endIndex: keyword.endIndex, newText: ` (${errorName})` });
	}
	const loop = closest(handler, LOOPS, FUNCTIONS);
	const attempt = loop ? loopCounter(loop) : undefined;
	edits.push(
		file.prependToBlock(body, `${loggerCall(file)}(${file.str('HTTP request failed')}, ${JS_DESCRIBE_NAME}(${errorName}${attempt ? `, ${attempt}` : ''}))${file.semi}`),
		...file.helper(JS_DESCRIBE_NAME, jsDescribeHelper),
	);
	return [fix('Log the failure with its context (method, URL, status, request id), no credentials', edits, { safe: true })];
}

function onceGuardFix(file: JsFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	const node = handler && nodeForSpan(file.root, handler.span);
	if (!node) return [];
	const branch = descendants(node, ['if_statement']).find((statement) => /\b401\b/.test(statement.childForFieldName('condition')?.text ?? ''));
	const condition = branch?.childForFieldName('condition');
	const consequence = branch?.childForFieldName('consequence');
	const errorMatch = condition && /\b(\w+)\.response\b/.exec(condition.text);
	if (!condition || consequence?.type !== 'statement_block' || !errorMatch || condition.type !== 'parenthesized_expression') return [];
	// In TypeScript the flag is not part of the request config's type: say so with a cast.
	const config = file.style.typescript ? `(${errorMatch[1]}.config as { _retry?: boolean } | undefined)` : `${errorMatch[1]}.config`;
	const inner = condition.text.slice(1, -1);
	return [
		fix('Refresh and replay once: mark the replayed request and stop on a second 401', [
			{ startIndex: condition.startIndex, endIndex: condition.endIndex, newText: `((${inner}) && !${config}?._retry)` },
			file.prependToBlock(consequence, `${file.style.typescript ? `(${errorMatch[1]}.config as { _retry?: boolean })` : config}._retry = true${file.semi}`),
		], { safe: true }),
	];
}

// ---------------------------------------------------------------------------

export const javascriptFixer: LanguageFixer = {
	fixesFor(finding, context) {
		const file = new JsFile(context);
		const { facts } = context;
		const { retry, call, catchClause } = subjectOf(finding, facts);
		switch (finding.ruleId) {
			case 'tight-retry-loop':
			case 'retry-without-backoff':
			case 'retry-without-jitter':
			case 'ignored-retry-after':
				if (retry?.kind === 'library') return libraryFix(file, retry, finding.ruleId);
				if (!retry) return [];
				if (finding.ruleId === 'ignored-retry-after') return backoffFix(file, retry, true);
				if (retry.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				return withPRetry(file, retry, backoffFix(file, retry, false));
			case 'unbounded-retry':
				if (retry?.kind === 'library') return libraryFix(file, retry, finding.ruleId);
				if (retry?.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				return retry ? withPRetry(file, retry, attemptLimitFix(file, retry)) : [];
			case 'retry-on-auth-failure':
				if (retry?.kind === 'recursion') return recursionFix(file, retry, finding.ruleId);
				if (retry?.kind === 'promise-chain') return promiseChainFix(file, retry);
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
