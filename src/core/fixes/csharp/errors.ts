// Fixes for C# error handling: a swallowed failure is logged with its context through
// the class's ILogger (Trace when there is none), and a 401 handler that refreshes and
// calls itself again gets a once-only flag.
import type { Node } from 'web-tree-sitter';
import type { CatchClause, Finding, Fix, HttpCall, TextEdit } from '../../types';
import { children, closest, descendants, nodeForSpan } from '../tree';
import { CsFile, fix } from './file';
import { REDACT_URL_NAME, REQUEST_ID_NAME } from './snippets';
import { appendArgument, argumentsOf, callNode, CATCHES_HTTP_ERROR, enclosingFunction, FUNCTIONS, inScope, modifiers, TYPES } from './syntax';

/** `catch` → `catch (Exception name)`. */
function catchDeclarationEdit(handler: Node, name: string): TextEdit {
	const keyword = handler.children.find((child) => child?.type === 'catch')!;
	return { startIndex: keyword.endIndex, endIndex: keyword.endIndex, newText: ` (Exception ${name})` };
}

/** An `ILogger` field or property of the class (usable from this member), or an `ILogger` parameter. */
function loggerAt(handler: Node): string | undefined {
	const fn = enclosingFunction(handler);
	const parameters = fn?.childForFieldName('parameters');
	const parameter = parameters && children(parameters).find((p) => p.type === 'parameter' && /^ILogger\b/.test(p.childForFieldName('type')?.text ?? ''));
	if (parameter) return parameter.childForFieldName('name')?.text;
	const type = closest(handler, TYPES);
	const body = type?.childForFieldName('body');
	if (!body) return undefined;
	// Instance fields are out of reach from static members, and from field initializers too.
	const member = closest(handler, ['method_declaration', 'constructor_declaration', 'property_declaration', 'indexer_declaration', 'event_declaration', 'operator_declaration', 'field_declaration']);
	const isStatic = !member || member.type === 'field_declaration' || modifiers(member).includes('static');
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
	// Read again in the handler, the expression must mean the same: names only, nothing that runs.
	if (!['identifier', 'member_access_expression', 'interpolated_string_expression', 'verbatim_string_literal', 'binary_expression'].includes(url.type)) return undefined;
	const readable = descendants(url, ['identifier']).every((id) => id.parent?.type === 'member_access_expression' && id.parent.childForFieldName('name')?.id === id.id ? true : inScope(id.text, at));
	if (!readable || descendants(url, ['invocation_expression', 'object_creation_expression', 'assignment_expression', 'postfix_unary_expression', 'prefix_unary_expression']).length) return undefined;
	if (url.type === 'interpolated_string_expression' && /^\$"(?!"")/.test(url.text)) {
		const parts = children(url).filter((part) => part.type === 'string_content' || part.type === 'interpolation');
		const text = parts[0]?.type === 'string_content' ? parts[0].text : '';
		// A relative path, or an absolute URL whose host is written out: cut it at the query string.
		if (/^\//.test(text) || /^https?:\/\/[^/@{]+\//.test(text)) {
			const cut = parts.find((part) => part.type === 'string_content' && /[?#]/.test(part.text));
			if (!cut) return url.text;
			const kept = url.text.slice(0, cut.startIndex - url.startIndex) + cut.text.split(/[?#]/)[0];
			const interpolates = parts.some((part) => part.type === 'interpolation' && part.endIndex <= cut.startIndex);
			return interpolates || /[{}]/.test(kept.slice(2)) ? `${kept}"` : `"${kept.slice(2)}"`;
		}
	}
	if (!file.requireHelper(REDACT_URL_NAME, at)) return undefined;
	return `${REDACT_URL_NAME}(${url.text})`;
}

/** A literal URL without query string, fragment or user info. */
function redactLiteral(url: string): string {
	return url.split(/[?#]/)[0].replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

export function loggingFix(file: CsFile, clause: CatchClause): Fix[] {
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
	// No attempt number: a catch inside a retry loop is the retry, and is not reported as swallowed.
	const stopwatch = stopwatchAt(handler);
	const details: Array<[string, string, string]> = [];
	if (status) details.push(['Status', status, 'status {Status}']);
	if (requestId) details.push(['RequestId', requestId, 'request id {RequestId}']);
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
const LOGGED_AS: Record<string, string> = { Method: 'method', Url: 'URL', Status: 'status', RequestId: 'request id', ElapsedMs: 'elapsed time' };

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
export function onceGuardFix(file: CsFile, finding: Finding): Fix[] {
	const handler = finding.subject && file.context.facts.authRefreshes[finding.subject.index];
	const node = handler && nodeForSpan(file.root, handler.span, ['if_statement', 'catch_clause']);
	const fn = node && closest(node, ['method_declaration', 'local_function_statement']);
	const fnName = fn?.childForFieldName('name')?.text;
	const parameters = fn?.childForFieldName('parameters');
	if (!node || !fn || !fnName || !parameters) return [];
	// A new parameter would no longer match what an override or an interface expects.
	if (modifiers(fn).some((m) => ['override', 'virtual', 'abstract', 'extern'].includes(m)) || children(fn).some((child) => child.type === 'explicit_interface_specifier')) return [];
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

