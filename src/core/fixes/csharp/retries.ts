// Fixes for retries in C#: hand-written loops get a jittered exponential wait (honouring
// Retry-After when a response is in scope), an attempt limit, and a stop on 401/403;
// Polly v8 options and the standard resilience handler are configured rather than
// inlined; Polly v7 policies get the backoff helper, or Polly.Contrib.WaitAndRetry when
// the project has it.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RetryConstruct, TextEdit } from '../../types';
import { indentAt } from '../edits';
import type { FixContext } from '../index';
import { BACKOFF } from '../snippets';
import { children, closest, descendants, encloses, nodeForSpan } from '../tree';
import { CsFile, fix } from './file';
import { AUTH_CHECK, authError, BACKOFF_NAME, MAX_RETRIES } from './snippets';
import { argumentsOf, callNode, callsOf, cancellationToken, CATCHES_HTTP_ERROR, enclosingFunction, FUNCTIONS, inScope, isAsync, JUMPS, LOOPS, responseStatement, statementOf, statementsOf } from './syntax';

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
	const comparesBound = condition?.children.some((child) => child !== null && /^[<>]=?$/.test(child.type));
	return left?.type === 'identifier' && comparesBound ? left.text : undefined;
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
		// A wait in the catch would run before the finally, holding whatever the finally releases.
		if (!handlerBody || children(tryStatement).some((child) => child.type === 'finally_clause')) return undefined;
		const handled = statementsOf(handlerBody);
		const handledLast = handled.at(-1);
		const handlerContinues = handledLast?.type === 'continue_statement';
		const tryLast = statementsOf(tryStatement.childForFieldName('body')!).at(-1);
		const tryFallsThrough = !tryLast || !JUMPS.includes(tryLast.type);
		if (continues.some((c) => !encloses(handlerBody, c))) return undefined;
		if (tryFallsThrough) {
			// A non-ok status falls through the try: the wait goes at the end of the body, where
			// that path ends the attempt; a catch that `continue`s would skip it.
			return handlerContinues || !last || JUMPS.includes(last.type) ? undefined : { after: last };
		}
		if (!handledLast) return { into: handlerBody };
		if (handlerContinues) return handled.length > 1 ? { after: handled.at(-2)! } : { before: handledLast };
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

/** The name of a response of the retry that is declared, and so readable, at `at` (or just after it). */
function responseAt(file: CsFile, retry: RetryConstruct, at: Node, after: boolean): string | undefined {
	for (const call of callsOf(file, retry)) {
		const name = call.response.variable;
		const node = callNode(file, call);
		const declaration = node && responseStatement(call, node);
		if (!name || declaration?.type !== 'local_declaration_statement') continue;
		if (encloses(declaration.parent, at) && declaration.endIndex <= (after ? at.endIndex : at.startIndex)) return name;
	}
	return undefined;
}

/** `response.Headers.RetryAfter`, when a response is readable at `at`. */
function retryAfterAt(file: CsFile, retry: RetryConstruct, at: Node, after: boolean): string | undefined {
	const response = responseAt(file, retry, at, after);
	return response && `${response}.Headers.RetryAfter`;
}

/** The wait call of a delay fact: `Task.Delay(...)` or `Thread.Sleep(...)`. */
function waitCall(file: CsFile, retry: RetryConstruct): Node | undefined {
	const span = 'span' in retry.delay ? retry.delay.span : undefined;
	const node = span && nodeForSpan(file.root, span, ['invocation_expression']);
	return node && /^((System\.Threading\.)?Thread\.Sleep|(System\.Threading\.Tasks\.)?Task\.Delay)$/.test(node.childForFieldName('function')?.text ?? '') ? node : undefined;
}

export function loopBackoffFix(file: CsFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	if (!loop) return [];
	const fn = enclosingFunction(loop);
	const token = cancellationToken(loop);
	const edits: TextEdit[] = [];
	const existing = waitCall(file, retry);
	const statement = existing && statementOf(existing);
	const point = existing ? undefined : waitPoint(loop);
	const waitsAt = statement ?? (point && pointNode(point));
	let counter = loopCounter(loop) ?? (waitsAt && countingCounter(loop, waitsAt));
	let advance: string[] = [];
	if (!counter) {
		counter = file.freshName('attempt', loop);
		advance = [`${counter}++;`];
		edits.push(file.insertBefore(loop, [`var ${counter} = 0;`]));
	}
	if (existing) {
		const isSleep = /Sleep$/.test(existing.childForFieldName('function')!.text);
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
 * The failure path of a `while (true)` or `for (;;)` gives up at the limit: `throw;` in the
 * catch, or an error carrying the last status. The loop's own counter is used when it counts
 * every attempt before that point; otherwise the loop becomes `for (var attempt = 1; ; attempt++)`.
 */
export function attemptLimitFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const loop = nodeForSpan(file.root, retry.span, ['while_statement', 'for_statement']);
	const body = loop?.childForFieldName('body');
	const endless = loop?.type === 'while_statement' ? loop.childForFieldName('condition')?.text === 'true' : loop && body && children(loop).every((child) => child.id === body.id);
	const close = loop?.children.find((child) => child?.type === ')');
	const point = loop && waitPoint(loop);
	if (!loop || !endless || !close || !point) return [];
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
	const response = responseAt(file, retry, checkBefore ?? pointNode(point), !checkBefore && !!point.after);
	if (!response) return [];
	file.requireUsing('System.Net.Http');
	const giveUp = file.block(`if (${limit})`, [`throw new HttpRequestException($"Gave up after {${counter}} attempts: HTTP {(int)${response}.StatusCode} {${response}.ReasonPhrase}", inner: null, statusCode: ${response}.StatusCode);`]);
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
export function loopStopOnAuthFix(file: CsFile, retry: RetryConstruct): Fix[] {
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

/** A library retry's settings: the value of one, and the edits that set several. */
interface LibrarySettings {
	read(name: string): Node | undefined;
	write(settings: Array<[string, string]>): TextEdit[];
}

function librarySettings(file: CsFile, retry: RetryConstruct): LibrarySettings | undefined {
	if (retry.library === 'Polly') {
		const creation = nodeForSpan(file.root, retry.span, ['object_creation_expression']);
		if (!creation || creation.startIndex !== retry.span.startIndex || creation.endIndex !== retry.span.endIndex) return undefined;
		const initializer = creation.childForFieldName('initializer');
		const assignments = initializer ? children(initializer).filter((child) => child.type === 'assignment_expression') : [];
		return {
			read: (name) => assignments.find((a) => a.childForFieldName('left')?.text === name)?.childForFieldName('right') ?? undefined,
			write: (settings) => setOptions(file, creation, settings),
		};
	}
	if (retry.library === 'Microsoft.Extensions.Http.Resilience') {
		const call = nodeForSpan(file.root, retry.span, ['invocation_expression']);
		if (!call) return undefined;
		return {
			read: (name) => descendants(call, ['assignment_expression']).find((a) => a.childForFieldName('left')?.text.endsWith(`.Retry.${name}`))?.childForFieldName('right') ?? undefined,
			write: (settings) => setResilienceOptions(file, call, settings),
		};
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
		// Exponential growth of a zero delay is still no wait.
		const delay = settings.read('Delay');
		if (rule === 'tight-retry-loop' || (delay && /^TimeSpan\.(Zero|From\w+\(\s*0\s*\))$/.test(delay.text))) wanted.push(['Delay', `TimeSpan.FromMilliseconds(${BACKOFF.baseMs})`]);
	}
	const edits = settings.write(wanted);
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

export function libraryAttemptLimitFix(file: CsFile, retry: RetryConstruct): Fix[] {
	const settings = librarySettings(file, retry);
	const title = `Give up after ${BACKOFF.maxAttempts} attempts`;
	if (settings) {
		const edits = settings.write([['MaxRetryAttempts', String(MAX_RETRIES)]]);
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
export function libraryStopOnAuthFix(file: CsFile, retry: RetryConstruct): Fix[] {
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

export function backoffFixes(context: FixContext, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
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
