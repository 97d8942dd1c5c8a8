// Fixes for Go, laid out the way gofmt would: tab indentation, new imports sorted into the
// existing `import (...)` block (a single import becomes a block), helpers (go/helpers.ts)
// appended once at the end of the file behind the HTTP Guard marker. Returns are shaped to
// the enclosing function's results (zero values, then the error); each fix gives up when
// the code does not have the shape its edit assumes. go/file.ts keeps track of the file
// (imports, helpers) and answers the syntax questions.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, RetryConstruct, TextEdit } from '../types';
import { indentAt } from './edits';
import { afterErrorCheck, bindingOf, errorReturn, FUNCTIONS, GoFile, isJump, responseInScope, resultTypes, statementOf, statementsOf } from './go/file';
import { BACKOFF_IMPORTS, BACKOFF_NAME, backoffHelper, CLIENT_NAME, FIELDS_IMPORTS, FIELDS_NAME, fieldsHelper, KEY_NAME, keyHelper, TIMEOUT } from './go/helpers';
import type { LanguageFixer } from './index';
import { subjectOf } from './subject';
import { BACKOFF } from './snippets';
import { children, closest, descendants, encloses, nodeForSpan } from './tree';

const LOOPS = ['for_statement'];
const STD_CALLS = new Set(['Get', 'Head', 'Post', 'PostForm']);

const CENKALTI = /^github\.com\/cenkalti\/backoff(\/v\d+)?$/;
const UUID = 'github.com/google/uuid';

function fix(title: string, edits: TextEdit[], options: { safe?: boolean; preferred?: boolean } = {}): Fix {
	return { title, edits, isPreferred: options.preferred ?? true, safe: options.safe ?? false };
}

// ---------------------------------------------------------------------------
// Calls and responses
// ---------------------------------------------------------------------------

function callNode(file: GoFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['call_expression']);
}

/** `resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden`. */
function authRejected(response: string, httpName: string): string {
	return `${response}.StatusCode == ${httpName}.StatusUnauthorized || ${response}.StatusCode == ${httpName}.StatusForbidden`;
}

/** The error for a 401/403: what happened, what to do, and the header that says why. */
function credentialsError(response: string, advice: string): string {
	return `fmt.Errorf("credentials rejected (%s): ${advice}; the WWW-Authenticate header says why", ${response}.Status)`;
}

function timeoutFix(file: GoFile, call: HttpCall): Fix[] {
	const callee = nodeForSpan(file.root, call.calleeSpan, ['selector_expression']);
	const operand = callee?.childForFieldName('operand');
	const field = callee?.childForFieldName('field')?.text ?? '';
	const httpName = file.importedAs('net/http');
	if (!callee || !operand || !httpName) return [];
	// http.Get and http.DefaultClient get a package-level client with a timeout rather than a
	// context deadline: the call keeps its shape (no request to build, no cancel to defer),
	// one client is shared by the file's requests as net/http recommends, and a function
	// without a context needs none invented for it.
	const onDefault = (operand.text === httpName && STD_CALLS.has(field)) || operand.text === `${httpName}.DefaultClient`;
	if (onDefault) {
		if (!file.requireClient()) return [];
		return [fix(`Send it with a client that times out after ${BACKOFF.timeoutMs / 1000} s`, [{ startIndex: operand.startIndex, endIndex: operand.endIndex, newText: CLIENT_NAME }, ...file.preambleEdits()], { safe: true })];
	}
	if (operand.type !== 'identifier') return [];
	const literals = descendants(file.root, ['short_var_declaration', 'var_spec', 'assignment_statement'])
		.filter((declaration) => (declaration.type === 'var_spec' ? declaration.childForFieldName('name')?.text : declaration.childForFieldName('left')?.text) === operand.text)
		.map((declaration) => children(declaration.childForFieldName('value') ?? declaration.childForFieldName('right') ?? declaration).at(-1))
		.map((value) => (value?.type === 'unary_expression' ? value.childForFieldName('operand') : value));
	const literal = literals.length === 1 ? literals[0] : undefined;
	const body = literal?.type === 'composite_literal' && literal.childForFieldName('type')?.text === `${httpName}.Client` ? literal.childForFieldName('body') : undefined;
	if (!body || !file.use('time')) return [];
	const edit = addTimeoutField(file, body);
	return edit ? [fix(`Give the client a ${BACKOFF.timeoutMs / 1000} s timeout`, [edit, ...file.preambleEdits()], { safe: true })] : [];
}

/**
 * `Timeout: 10 * time.Second` as the first field of a client literal. One field per line is
 * rewritten with the values aligned as gofmt aligns them; layouts whose alignment gofmt
 * decides by other rules (comments, values over several lines, long keys) are left alone,
 * and so are literals with a comment or positional fields.
 */
function addTimeoutField(file: GoFile, body: Node): TextEdit | undefined {
	const elements = children(body);
	const entry = { key: 'Timeout', value: TIMEOUT };
	if (elements.length === 0) return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `{${entry.key}: ${entry.value}}` };
	// Fields given by position (`http.Client{t, nil, nil, 0}`) cannot be mixed with a keyed one.
	if (elements.some((element) => element.type !== 'keyed_element')) return undefined;
	if (body.startPosition.row === body.endPosition.row) return { startIndex: elements[0].startIndex, endIndex: elements[0].startIndex, newText: `${entry.key}: ${entry.value}, ` };
	const fields = elements.map((element) => {
		const parts = children(element);
		const oneLine = element.startPosition.row === element.endPosition.row && parts.length === 2;
		return oneLine ? { key: parts[0].text, value: parts[1].text, row: element.startPosition.row } : undefined;
	});
	const rows = fields.map((field) => field?.row);
	if (fields.some((field) => field === undefined || field.key.length > 40) || new Set(rows).size !== rows.length || rows[0] !== body.startPosition.row + 1) return undefined;
	const all = [entry, ...(fields as Array<{ key: string; value: string }>)];
	const width = Math.max(...all.map((field) => field.key.length));
	const indent = indentAt(file.text, body.startIndex);
	const lines = all.map((field) => `${indent}\t${`${field.key}:`.padEnd(width + 2)}${field.value},`);
	return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `{\n${lines.join('\n')}\n${indent}}` };
}

function statusCheckFix(file: GoFile, call: HttpCall): Fix[] {
	const node = callNode(file, call);
	const place = node && afterErrorCheck(node);
	const httpName = file.importedAs('net/http');
	if (!place?.errorChecked || !httpName || !file.use('fmt')) return [];
	const res = place.response;
	const close = place.bodyClosed ? [] : [`\t${res}.Body.Close()`];
	const rejected = errorReturn(place.anchor, credentialsError(res, 'check the token or API key'));
	const failed = errorReturn(place.anchor, `fmt.Errorf("request failed: %s", ${res}.Status)`);
	if (!rejected || !failed) return [];
	const lines = [`if ${authRejected(res, httpName)} {`, ...close, `\t${rejected}`, '}', `if ${res}.StatusCode < 200 || ${res}.StatusCode > 299 {`, ...close, `\t${failed}`, '}'];
	return [fix('Check the status: a distinct error for 401/403, then any non-2xx', [file.insertAfter(place.anchor, lines.join('\n')), ...file.preambleEdits()])];
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

function callsOf(file: GoFile, retry: RetryConstruct): Node[] {
	return retry.callIds.map((id) => file.context.facts.httpCalls[id]).flatMap((call) => (call ? [callNode(file, call)].filter((node): node is Node => node !== undefined) : []));
}

interface LoopShape {
	loop: Node;
	body: Node;
	/** The retry number (from 0) as an expression of the counter the loop head declares and advances. */
	counter?: string;
	/** A counter the body advances, declared before the loop. */
	outerCounter?: string;
	infinite: boolean;
}

function loopShape(file: GoFile, retry: RetryConstruct): LoopShape | undefined {
	const loop = nodeForSpan(file.root, retry.span, LOOPS);
	const body = loop?.childForFieldName('body');
	if (!loop || !body) return undefined;
	const clause = children(loop).find((child) => child.id !== body.id && child.type !== 'comment');
	let counter: string | undefined;
	if (clause?.type === 'for_clause') {
		const initializer = clause.childForFieldName('initializer');
		const names = initializer?.type === 'short_var_declaration' ? children(initializer.childForFieldName('left')!) : [];
		const start = initializer?.childForFieldName('right')?.text;
		const update = clause.childForFieldName('update');
		if (names.length === 1 && (start === '0' || start === '1') && update?.type === 'inc_statement' && update.firstNamedChild?.text === names[0].text) counter = start === '0' ? names[0].text : `${names[0].text}-1`;
	} else if (clause?.type === 'range_clause') {
		const left = clause.childForFieldName('left');
		const names = left ? children(left) : [];
		if (names.length === 1 && names[0].type === 'identifier' && names[0].text !== '_' && clause.childForFieldName('right')?.type === 'int_literal') counter = names[0].text;
	}
	let outerCounter: string | undefined;
	if (!counter) {
		const fn = closest(loop, FUNCTIONS);
		const before = fn ? file.text.slice(fn.startIndex, loop.startIndex) : '';
		const increments = statementsOf(body).filter((statement) => statement.type === 'inc_statement' && statement.firstNamedChild?.type === 'identifier');
		outerCounter = increments.map((statement) => statement.firstNamedChild!.text).find((name) => new RegExp(`\\b${name}\\s*:=\\s*0\\b|\\bvar ${name} int\\b`).test(before));
	}
	return { loop, body, counter, outerCounter, infinite: !clause };
}

/** The `continue`s that start the next attempt of this loop (not of a loop or function inside it). */
function loopContinues(body: Node): Node[] | undefined {
	const found = descendants(body, ['continue_statement'], [...LOOPS, ...FUNCTIONS]);
	return found.some((statement) => children(statement).length > 0) ? undefined : found;
}

/** Where a failed attempt waits before the next one. */
interface WaitPoints {
	/** An existing wait statement, to replace. */
	existing?: Node;
	/** Statements to put the wait before. */
	before: Node[];
	/** The last statement of a body that falls through, to put the wait after. */
	after?: Node;
}

/** The loop's existing `time.Sleep`; without one, every `continue` of the loop and the end of a body that falls through. */
function waitPoints(file: GoFile, retry: RetryConstruct, shape: LoopShape): WaitPoints | undefined {
	const timeName = file.importedAs('time');
	if ('span' in retry.delay && retry.delay.span) {
		const delay = nodeForSpan(file.root, retry.delay.span);
		const statement = delay && closest(delay, ['expression_statement'], [...LOOPS, ...FUNCTIONS]);
		const call = statement?.firstNamedChild;
		if (!statement || call?.type !== 'call_expression' || call.childForFieldName('function')?.text !== `${timeName}.Sleep` || !encloses(shape.body, statement)) return undefined;
		return { existing: statement, before: [] };
	}
	if (retry.delay.kind !== 'none') return undefined;
	const continues = loopContinues(shape.body);
	const last = statementsOf(shape.body).at(-1);
	if (!continues || !last) return undefined;
	const points: WaitPoints = { before: continues, after: isJump(last) ? undefined : last };
	return points.before.length || points.after ? points : undefined;
}

/**
 * A context in scope at `node`: a `context.Context` parameter of the function around it, or a
 * variable made before it from `context.With...(...)` or a request's `Context()`.
 */
function contextInScope(file: GoFile, node: Node): string | undefined {
	const fn = closest(node, FUNCTIONS);
	const contextName = file.importedAs('context');
	const parameters = fn?.childForFieldName('parameters');
	if (!fn || !parameters) return undefined;
	const parameter = children(parameters).find((p) => p.type === 'parameter_declaration' && contextName && p.childForFieldName('type')?.text === `${contextName}.Context`);
	const name = parameter?.childForFieldName('name')?.text;
	if (name && name !== '_') return name;
	const made = new RegExp(`^(${contextName ?? 'context'}\\.With\\w+\\(|[\\w.]+\\.Context\\(\\)$)`);
	const local = descendants(fn, ['short_var_declaration'], FUNCTIONS.filter((type) => type !== fn.type)).find((declaration) => {
		const value = children(declaration.childForFieldName('right')!)[0];
		return declaration.endIndex <= node.startIndex && encloses(declaration.parent, node) && value && made.test(value.text);
	});
	const variable = local && children(local.childForFieldName('left')!)[0];
	return variable?.type === 'identifier' && variable.text !== '_' ? variable.text : undefined;
}

/** The wait, as statements: a `select` that also ends on the context when there is one, else `time.Sleep`. */
function waitStatement(file: GoFile, at: Node, delay: string, honoursRetryAfter: boolean): string {
	const note = honoursRetryAfter ? ' // jittered exponential backoff, or the server\'s Retry-After' : '';
	const ctx = contextInScope(file, at);
	const fn = closest(at, FUNCTIONS);
	const stop = ctx && fn && (resultTypes(fn).length === 0 ? 'return' : errorReturn(at, `${ctx}.Err()`));
	if (ctx && stop) return ['select {', `case <-${ctx}.Done():`, `\t${stop}`, `case <-time.After(${delay}):${note}`, '}'].join('\n');
	return `time.Sleep(${delay})${note}`;
}

function loopBackoffFix(file: GoFile, retry: RetryConstruct, needRetryAfter: boolean): Fix[] {
	const shape = loopShape(file, retry);
	const points = shape && waitPoints(file, retry, shape);
	if (!shape || !points) return [];
	const sites = [points.existing, ...points.before, points.after].filter((site): site is Node => site !== undefined);
	const calls = callsOf(file, retry);
	const responses = sites.map((site) => calls.map((call) => responseInScope(call, site)).find((name) => name !== undefined));
	if (needRetryAfter && responses.some((name) => name === undefined)) return [];
	if (!file.requireHelper(BACKOFF_NAME, backoffHelper(), BACKOFF_IMPORTS)) return [];
	const edits: TextEdit[] = [];
	const counter = shape.counter ?? shape.outerCounter ?? file.freshName('attempt', shape.loop);
	const advance = shape.counter || shape.outerCounter ? '' : `\n${counter}++`;
	if (!shape.counter && !shape.outerCounter) edits.push(file.insertBefore(shape.loop, `${counter} := 0`));
	sites.forEach((site, i) => {
		const wait = waitStatement(file, site, `${BACKOFF_NAME}(${counter}, ${responses[i] ?? 'nil'})`, responses[i] !== undefined) + advance;
		if (site === points.existing) {
			const indent = indentAt(file.text, site.startIndex);
			edits.push({ startIndex: site.startIndex, endIndex: site.endIndex, newText: wait.split('\n').join(`\n${indent}`) });
		} else if (site === points.after) edits.push(file.insertAfter(site, wait));
		else edits.push(file.insertBefore(site, wait));
	});
	edits.push(...file.preambleEdits());
	const title = responses.every((name) => name !== undefined) ? 'Wait with exponential backoff and jitter, honouring Retry-After' : 'Wait with exponential backoff and jitter between attempts';
	return [fix(title, edits, { safe: true })];
}

/** The call `backoff.Retry(...)` and the name the file gives cenkalti/backoff. */
function cenkaltiRetry(file: GoFile, retry: RetryConstruct): { call: Node; pkg: string; v5: boolean } | undefined {
	const path = file.context.facts.imports.map((fact) => fact.module).find((module) => CENKALTI.test(module));
	const pkg = path && file.importedAs(path);
	const call = nodeForSpan(file.root, retry.span, ['call_expression']);
	return call && pkg && path ? { call, pkg, v5: /\/v5$/.test(path) } : undefined;
}

/** cenkalti/backoff: an exponential policy (jittered by default) where the retry waits nothing or a constant. */
function cenkaltiBackoffFix(file: GoFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	const found = cenkaltiRetry(file, retry);
	if (!found) return [];
	const { call, pkg } = found;
	const exponential = `${pkg}.NewExponentialBackOff()`;
	if (rule === 'retry-without-jitter') {
		// A randomization factor of 0 turned the library's jitter off: give it its default back.
		const settings = descendants(closest(call, FUNCTIONS) ?? file.root, ['assignment_statement', 'keyed_element', 'call_expression']).filter((node) =>
			/^(\w+\.)?RandomizationFactor\s*(=|:)\s*0(\.0*)?$|^\w+\.WithRandomizationFactor\(\s*0(\.0*)?\s*\)$/.test(node.text),
		);
		const zero = settings.length === 1 ? descendants(settings[0], ['int_literal', 'float_literal']).at(-1) : undefined;
		return zero ? [fix('Randomize the backoff (cenkalti/backoff RandomizationFactor 0.5)', [{ startIndex: zero.startIndex, endIndex: zero.endIndex, newText: '0.5' }], { safe: true })] : [];
	}
	let policy: Node | undefined;
	if (retry.delay.kind === 'constant' && retry.delay.span) policy = nodeForSpan(file.root, retry.delay.span, ['call_expression']);
	else if (retry.delay.kind === 'none') policy = descendants(call, ['unary_expression', 'composite_literal']).find((node) => new RegExp(`^&?${pkg}\\.ZeroBackOff\\{\\}$`).test(node.text));
	if (!policy || !(encloses(call, policy) || onlyFeedsRetry(policy, call))) return [];
	return [fix('Back off exponentially with jitter (cenkalti/backoff ExponentialBackOff)', [{ startIndex: policy.startIndex, endIndex: policy.endIndex, newText: exponential }], { safe: true })];
}

/** `b := <policy>` whose only other use is the retry call: the policy's type may change. */
function onlyFeedsRetry(policy: Node, call: Node): boolean {
	const declaration = policy.parent?.parent;
	const names = declaration?.type === 'short_var_declaration' ? children(declaration.childForFieldName('left')!) : [];
	const fn = closest(call, FUNCTIONS);
	if (names.length !== 1 || !fn) return false;
	const uses = descendants(fn, ['identifier']).filter((identifier) => identifier.text === names[0].text);
	return uses.length === 2 && encloses(call, uses[1]);
}

/**
 * go-retryablehttp: its default backoff has no jitter. Preferred: route the client's Backoff
 * hook through the helper, exponential with full jitter and still honouring Retry-After.
 * Also offered: the library's own LinearJitterBackoff, no helper, but linear and deaf to Retry-After.
 */
function retryableJitterFix(file: GoFile, retry: RetryConstruct): Fix[] {
	const creation = nodeForSpan(file.root, retry.span, ['call_expression']);
	const binding = creation && bindingOf(creation);
	const client = binding?.response;
	const pkg = file.importedAs('github.com/hashicorp/go-retryablehttp');
	if (!binding || !client || !pkg || binding.statement.parent?.type !== 'statement_list') return [];
	const existing = descendants(binding.statement.parent, ['assignment_statement']).find((a) => a.childForFieldName('left')?.text === `${client}.Backoff`);
	const value = existing?.childForFieldName('right');
	const setBackoff = (backoff: string): TextEdit =>
		value
			? { startIndex: value.startIndex, endIndex: value.endIndex, newText: backoff.split('\n').join(`\n${indentAt(file.text, value.startIndex)}`) }
			: file.insertAfter(binding.statement, `${client}.Backoff = ${backoff}`);
	const linear = fix(`Back off with go-retryablehttp's LinearJitterBackoff (linear, ignores Retry-After)`, [setBackoff(`${pkg}.LinearJitterBackoff`)], { safe: true, preferred: false });
	if (!file.requireHelper(BACKOFF_NAME, backoffHelper(), BACKOFF_IMPORTS)) return [linear];
	const hook = [
		'func(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {',
		`\t// Full jitter, and the server's Retry-After when it sent one (see ${BACKOFF_NAME}).`,
		`\treturn ${BACKOFF_NAME}(attempt, resp)`,
		'}',
	].join('\n');
	return [fix('Back off exponentially with jitter, honouring Retry-After (go-retryablehttp Backoff)', [setBackoff(hook), ...file.preambleEdits()], { safe: true }), linear];
}

function backoffFix(file: GoFile, retry: RetryConstruct, rule: Finding['ruleId']): Fix[] {
	if (retry.kind === 'loop') return loopBackoffFix(file, retry, rule === 'ignored-retry-after');
	// cenkalti/backoff v4 has no Retry-After support to turn on; the operation would have to read it.
	if (retry.library === 'cenkalti/backoff' && rule !== 'ignored-retry-after') return cenkaltiBackoffFix(file, retry, rule);
	if (retry.library === 'go-retryablehttp' && rule === 'retry-without-jitter') return retryableJitterFix(file, retry);
	return [];
}

function attemptLimitFix(file: GoFile, retry: RetryConstruct): Fix[] {
	const max = BACKOFF.maxAttempts;
	if (retry.library === 'cenkalti/backoff') {
		const found = cenkaltiRetry(file, retry);
		if (!found) return [];
		const args = children(found.call.childForFieldName('arguments')!);
		if (found.v5) {
			const last = args[args.length - 1];
			return last ? [fix(`Stop after ${max} attempts (cenkalti/backoff WithMaxTries)`, [{ startIndex: last.endIndex, endIndex: last.endIndex, newText: `, ${found.pkg}.WithMaxTries(${max})` }], { safe: true })] : [];
		}
		const policy = args[1];
		if (!policy || args.length !== 2) return [];
		return [fix(`Stop after ${max} attempts (cenkalti/backoff WithMaxRetries)`, [{ startIndex: policy.startIndex, endIndex: policy.endIndex, newText: `${found.pkg}.WithMaxRetries(${policy.text}, ${max - 1})` }], { safe: true })];
	}
	if (retry.kind !== 'loop') return [];
	const shape = loopShape(file, retry);
	if (!shape?.infinite) return [];
	const sites = retry.delay.kind !== 'none' ? waitPoints(file, retry, shape) : undefined;
	const site = sites?.existing;
	const call = callsOf(file, retry)[0];
	const binding = call && bindingOf(call);
	if (!site || !binding?.error || !binding.response || responseInScope(call, site) !== binding.response || !file.use('fmt')) return [];
	const counter = file.freshName('attempt', shape.loop);
	const gaveUp = (detail: string, value: string) => errorReturn(site, `fmt.Errorf("giving up after ${max} attempts: ${detail}", ${value})`);
	const withError = gaveUp('%w', binding.error);
	const withStatus = gaveUp('%s', `${binding.response}.Status`);
	if (!withError || !withStatus) return [];
	const edits: TextEdit[] = [
		{ startIndex: shape.loop.startIndex, endIndex: shape.body.startIndex, newText: `for ${counter} := 0; ${counter} < ${max}; ${counter}++ ` },
		file.insertBefore(site, [`if ${counter} == ${max - 1} {`, `\tif ${binding.error} != nil {`, `\t\t${withError}`, '\t}', `\t${binding.response}.Body.Close()`, `\t${withStatus}`, '}'].join('\n')),
	];
	// The loop no longer ends the function: Go wants a return after it.
	const fn = closest(shape.loop, FUNCTIONS);
	if (statementsOf(fn?.childForFieldName('body')).at(-1)?.id === shape.loop.id) {
		const after = errorReturn(site, `fmt.Errorf("giving up after ${max} attempts")`);
		if (!after) return [];
		edits.push(file.insertAfter(shape.loop, after));
	}
	return [fix(`Give up after ${max} attempts with the last error`, [...edits, ...file.preambleEdits()])];
}

function stopOnAuthFix(file: GoFile, retry: RetryConstruct): Fix[] {
	const httpName = file.importedAs('net/http');
	const call = callsOf(file, retry)[0];
	const place = call && afterErrorCheck(call);
	if (!httpName || !place || !file.use('fmt')) return [];
	const res = place.response;
	const advice = 'retrying will not help, check the credentials';
	const cenkalti = retry.library === 'cenkalti/backoff' ? cenkaltiRetry(file, retry) : undefined;
	if (retry.kind !== 'loop' && !cenkalti) return [];
	// cenkalti/backoff stops on an error wrapped in Permanent; a loop stops on a return.
	const error = cenkalti ? `${cenkalti.pkg}.Permanent(${credentialsError(res, advice)})` : credentialsError(res, advice);
	const giveUp = errorReturn(place.anchor, error);
	if (!giveUp) return [];
	const condition = place.errorChecked ? authRejected(res, httpName) : `${place.error} == nil && (${authRejected(res, httpName)})`;
	const lines = [`if ${condition} {`, ...(place.bodyClosed ? [] : [`\t${res}.Body.Close()`]), `\t${giveUp}`, '}'];
	const title = cenkalti ? 'Stop retrying on 401/403 (cenkalti/backoff Permanent)' : 'Stop retrying on 401/403';
	return [fix(title, [file.insertAfter(place.anchor, lines.join('\n')), ...unreachableAuthCases(place.anchor, res, httpName), ...file.preambleEdits()])];
}

/** `case http.StatusUnauthorized, http.StatusTooManyRequests:` after the new check: 401/403 can no longer get there. */
function unreachableAuthCases(check: Node, response: string, httpName: string): TextEdit[] {
	const scope = check.parent;
	if (!scope) return [];
	const auth = new Set(['401', '403', `${httpName}.StatusUnauthorized`, `${httpName}.StatusForbidden`]);
	return descendants(scope, ['expression_switch_statement'], FUNCTIONS)
		.filter((statement) => statement.startIndex > check.endIndex && statement.childForFieldName('value')?.text === `${response}.StatusCode`)
		.flatMap((statement) => children(statement).filter((c) => c.type === 'expression_case'))
		.flatMap((branch) => {
			const list = branch.childForFieldName('value');
			const labels = list ? children(list) : [];
			const kept = labels.filter((label) => !auth.has(label.text));
			return list && kept.length > 0 && kept.length < labels.length ? [{ startIndex: list.startIndex, endIndex: list.endIndex, newText: kept.map((label) => label.text).join(', ') }] : [];
		});
}

function idempotencyKeyFix(file: GoFile, call: HttpCall, retry: RetryConstruct | undefined): Fix[] {
	const node = callNode(file, call);
	if (!node || !retry) return [];
	if (call.idempotencyKey === 'fresh-per-call') return hoistKeyFix(file, retry);
	if (call.idempotencyKey !== 'none') return [];
	// One key per logical request: made before the loop, or before the operation a retry library repeats.
	const anchor = retry.kind === 'loop' ? nodeForSpan(file.root, retry.span, LOOPS) : retry.library === 'cenkalti/backoff' ? statementOf(closest(node, FUNCTIONS) ?? node) : undefined;
	const statement = statementOf(node);
	if (!anchor || !statement) return [];
	const name = file.freshName('idempotencyKey', anchor);
	const send = sendWithKey(file, node, statement, name);
	const key = send && keyGenerator(file);
	if (!send || !key) return [];
	return [fix('Send an Idempotency-Key made once, before the first attempt', [file.insertBefore(anchor, `${name} := ${key}`), send, ...file.preambleEdits()], { safe: true })];
}

/**
 * The request sent with the key: `req.Header.Set(...)` before `client.Do(req)`; a
 * `client.Post(url, contentType, body)`, which takes no headers, becomes the request it stands for.
 */
function sendWithKey(file: GoFile, node: Node, statement: Node, key: string): TextEdit | undefined {
	const field = node.childForFieldName('function')?.childForFieldName('field')?.text;
	const args = children(node.childForFieldName('arguments')!);
	if (field === 'Do' && args[0]?.type === 'identifier') return file.insertBefore(statement, `${args[0].text}.Header.Set("Idempotency-Key", ${key})`);
	const binding = bindingOf(node);
	const httpName = file.importedAs('net/http');
	if (field !== 'Post' || args.length !== 3 || !httpName || binding?.statement.id !== statement.id || statement.type !== 'short_var_declaration' || !binding.error) return undefined;
	const request = file.freshName('req', node);
	const failed = errorReturn(statement, binding.error);
	const receiver = node.childForFieldName('function')!.childForFieldName('operand')!.text;
	if (!failed) return undefined;
	const client = receiver === httpName ? `${httpName}.DefaultClient` : receiver;
	const lines = [
		`${request}, ${binding.error} := ${httpName}.NewRequest(${httpName}.MethodPost, ${args[0].text}, ${args[2].text})`,
		`if ${binding.error} != nil {`,
		`\t${failed}`,
		'}',
		`${request}.Header.Set("Content-Type", ${args[1].text})`,
		`${request}.Header.Set("Idempotency-Key", ${key})`,
		`${statement.childForFieldName('left')!.text} := ${client}.Do(${request})`,
	];
	const indent = indentAt(file.text, statement.startIndex);
	return { startIndex: statement.startIndex, endIndex: statement.endIndex, newText: lines.join(`\n${indent}`) };
}

/** A key made inside the loop (a new one per attempt) moves before it. */
function hoistKeyFix(file: GoFile, retry: RetryConstruct): Fix[] {
	const loop = retry.kind === 'loop' ? nodeForSpan(file.root, retry.span, LOOPS) : undefined;
	const fn = loop && closest(loop, FUNCTIONS);
	if (!loop || !fn) return [];
	const setter = descendants(loop, ['call_expression'], FUNCTIONS).find((c) => /\.Header\.(Set|Add)$/.test(c.childForFieldName('function')?.text ?? '') && /^"idempotency-key"$/i.test(children(c.childForFieldName('arguments')!)[0]?.text ?? ''));
	const value = setter && children(setter.childForFieldName('arguments')!)[1];
	if (!value) return [];
	const title = 'Create the Idempotency-Key once, before the first attempt';
	if (value.type === 'call_expression') {
		const name = file.freshName('idempotencyKey', loop);
		return [fix(title, [file.insertBefore(loop, `${name} := ${value.text}`), { startIndex: value.startIndex, endIndex: value.endIndex, newText: name }], { safe: true })];
	}
	const outside = file.text.slice(fn.startIndex, loop.startIndex) + file.text.slice(loop.endIndex, fn.endIndex);
	const made = value.type === 'identifier' && new RegExp(`\\b${value.text}\\b`).test(outside) ? undefined : descendants(loop, ['short_var_declaration'], FUNCTIONS).find((d) => d.childForFieldName('left')?.text === value.text);
	const statement = made && statementOf(made);
	if (!made || statement?.id !== made.id) return [];
	// The declaration's whole line goes, so no blank line is left behind.
	const lineStart = file.text.lastIndexOf('\n', made.startIndex - 1) + 1;
	const lineEnd = file.text.indexOf('\n', made.endIndex);
	if (file.text.slice(lineStart, made.startIndex).trim() || lineEnd === -1 || file.text.slice(made.endIndex, lineEnd).trim()) return [];
	return [fix(title, [file.insertBefore(loop, made.text), { startIndex: lineStart, endIndex: lineEnd + 1, newText: '' }], { safe: true })];
}

/** A fresh key: the project's uuid package when it has one, else a helper over crypto/rand. */
function keyGenerator(file: GoFile): string | undefined {
	if (file.importedAs(UUID) !== undefined || file.context.dependencies.has(UUID)) {
		const uuid = file.nameFor(UUID);
		return uuid && `${uuid}.NewString()`;
	}
	const random = file.nameFor('crypto/rand', 'cryptorand');
	if (!random || !file.requireHelper(KEY_NAME, keyHelper(random), ['encoding/hex'])) return undefined;
	return `${KEY_NAME}()`;
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Loggers the fix does not write for: adding the std logger beside them would be out of place. */
const OTHER_LOGGERS = /go\.uber\.org\/zap|sirupsen\/logrus|rs\/zerolog|k8s\.io\/klog|golang\/glog|go-kit\/log|hashicorp\/go-hclog/;

/**
 * The log statement: through the file's own package-level `*slog.Logger` or `*log.Logger`
 * when it has one, else `log/slog` when the file imports it, else the standard `log`.
 */
function logStatement(file: GoFile, fields: string): string | undefined {
	const slogName = file.importedAs('log/slog');
	const logName = file.importedAs('log');
	const own = (pkg: string | undefined, constructor: string) =>
		pkg ? new RegExp(`^var (\\w+)(?: \\*${pkg}\\.Logger)?(?: = ${pkg}\\.${constructor}\\(|$)`, 'm').exec(file.text)?.[1] : undefined;
	const slogLogger = own(slogName, '(?:New|Default)');
	if (slogLogger) return `${slogLogger}.Warn("HTTP request failed", ${fields}...)`;
	const logLogger = own(logName, 'New');
	if (logLogger) return `${logLogger}.Printf("HTTP request failed: %v", ${fields})`;
	if (slogName === 'slog') return `slog.Warn("HTTP request failed", ${fields}...)`;
	if (file.context.facts.imports.some((fact) => OTHER_LOGGERS.test(fact.module)) || !file.use('log')) return undefined;
	return `log.Printf("HTTP request failed: %v", ${fields})`;
}

/** The method and URL of the failed request, as expressions, from the call's own arguments. */
function requestOf(call: HttpCall, node: Node): { method: string; url: string } | undefined {
	const callee = node.childForFieldName('function');
	const field = callee?.childForFieldName('field')?.text ?? '';
	const first = children(node.childForFieldName('arguments')!)[0];
	if (!first || !['identifier', 'selector_expression', 'interpreted_string_literal'].includes(first.type)) return undefined;
	if (field === 'Do' && first.type === 'identifier') return { method: `${first.text}.Method`, url: `${first.text}.URL.String()` };
	if (STD_CALLS.has(field) && call.method) return { method: JSON.stringify(call.method), url: first.text };
	return undefined;
}

function loggingFix(file: GoFile, clause: CatchClause): Fix[] {
	const handler = nodeForSpan(file.root, clause.span, ['if_statement']);
	const block = handler?.childForFieldName('consequence');
	const call = file.context.facts.httpCalls[clause.guardedCallIds[0]];
	const node = call && callNode(file, call);
	const binding = node && bindingOf(node);
	const request = node && call && requestOf(call, node);
	if (!handler || !block || !binding?.error || !request) return [];
	// A response that comes with an error (a failed redirect) still has the status and request id.
	const response = binding.response && (handler.childForFieldName('initializer')?.id === binding.statement.id || responseInScope(node, handler)) ? binding.response : 'nil';
	const log = logStatement(file, `${FIELDS_NAME}(${request.method}, ${request.url}, ${response}, ${binding.error})`);
	if (!log || !file.requireHelper(FIELDS_NAME, fieldsHelper(), FIELDS_IMPORTS)) return [];
	const statements = statementsOf(block);
	if (statements.length > 0) return [fix('Log the failure with its context (method, URL, status, request id), no credentials', [file.insertBefore(statements[0], log), ...file.preambleEdits()], { safe: true })];
	// An empty handler: code after the `if` would go on with a nil response, so leave the function.
	const following = handler.nextNamedSibling && handler.nextNamedSibling.type !== 'comment' ? handler.nextNamedSibling : undefined;
	const hasElse = handler.childForFieldName('alternative') !== null;
	let leave = '';
	if (!hasElse && following) {
		const fn = closest(handler, FUNCTIONS);
		const returns = fn && resultTypes(fn).length === 0 ? 'return' : errorReturn(handler, binding.error);
		if (!returns) return [];
		leave = `\n${returns}`;
	}
	return [fix('Log the failure with its context (method, URL, status, request id), no credentials', [file.fillBlock(block, `${log}${leave}`), ...file.preambleEdits()], { safe: leave === '' })];
}

/** A function that refreshes and calls itself on 401: a `refreshed` flag lets it replay once. */
function onceGuardFix(file: GoFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	const branch = handler && nodeForSpan(file.root, handler.span, ['if_statement']);
	const fn = branch && closest(branch, ['function_declaration', 'method_declaration']);
	const name = fn?.childForFieldName('name')?.text;
	const parameters = fn?.childForFieldName('parameters');
	const condition = branch?.childForFieldName('condition');
	if (!fn || !name || !parameters || !condition) return [];
	const replays = descendants(branch, ['call_expression'], FUNCTIONS).filter((c) => {
		const callee = c.childForFieldName('function');
		return callee?.text === name || (callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === name);
	});
	const declarations = children(parameters).filter((p) => p.type !== 'comment');
	const names = declarations.flatMap((p) => p.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text));
	const typed = declarations.every((p) => p.type === 'parameter_declaration' && p.childrenForFieldName('name').length > 0);
	const inner = `${name}WithRefresh`;
	if (replays.length !== 1 || !typed || file.text.includes(inner) || /\brefreshed\b/.test(fn.text)) return [];
	const replay = replays[0];
	const callee = replay.childForFieldName('function')!;
	const calleeName = callee.type === 'selector_expression' ? callee.childForFieldName('field')! : callee;
	const args = replay.childForFieldName('arguments')!;
	const receiver = fn.childForFieldName('receiver');
	const receiverName = receiver && children(receiver)[0]?.childForFieldName('name')?.text;
	if (receiver && !receiverName) return [];
	const result = fn.childForFieldName('result');
	const forward = `${receiverName ? `${receiverName}.` : ''}${inner}(${[...names, 'false'].join(', ')})`;
	const wrapper = [
		`func ${receiver ? `${receiver.text} ` : ''}${name}${parameters.text}${result ? ` ${result.text}` : ''} {`,
		`\t${result ? 'return ' : ''}${forward}`,
		'}',
		'',
		'',
	].join('\n');
	const lastParameter = declarations.at(-1);
	const lastArgument = children(args).at(-1);
	const guard = condition.type === 'binary_expression' && /\|\|/.test(condition.text) ? `(${condition.text}) && !refreshed` : `${condition.text} && !refreshed`;
	return [
		fix('Refresh and replay once: a refreshed flag stops a second 401 from looping', [
			{ startIndex: fn.startIndex, endIndex: fn.startIndex, newText: wrapper },
			{ startIndex: fn.childForFieldName('name')!.startIndex, endIndex: fn.childForFieldName('name')!.endIndex, newText: inner },
			lastParameter ? { startIndex: lastParameter.endIndex, endIndex: lastParameter.endIndex, newText: ', refreshed bool' } : { startIndex: parameters.startIndex + 1, endIndex: parameters.startIndex + 1, newText: 'refreshed bool' },
			{ startIndex: condition.startIndex, endIndex: condition.endIndex, newText: guard },
			{ startIndex: calleeName.startIndex, endIndex: calleeName.endIndex, newText: inner },
			lastArgument ? { startIndex: lastArgument.endIndex, endIndex: lastArgument.endIndex, newText: ', true' } : { startIndex: args.startIndex + 1, endIndex: args.startIndex + 1, newText: 'true' },
		], { safe: true }),
	];
}

// ---------------------------------------------------------------------------

export const goFixer: LanguageFixer = {
	fixesFor(finding, context) {
		const file = new GoFile(context);
		const { facts } = context;
		const { retry, call, catchClause } = subjectOf(finding, facts);
		switch (finding.ruleId) {
			case 'tight-retry-loop':
			case 'retry-without-backoff':
			case 'retry-without-jitter':
			case 'ignored-retry-after':
				return retry ? backoffFix(file, retry, finding.ruleId) : [];
			case 'unbounded-retry':
				return retry ? attemptLimitFix(file, retry) : [];
			case 'retry-on-auth-failure':
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
