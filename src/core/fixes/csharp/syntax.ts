// Where things are in a C# tree, for the fixers: the function around a node, its
// CancellationToken, the statement that holds a call, what is in scope at a point.
import type { Node } from 'web-tree-sitter';
import type { HttpCall, RetryConstruct, TextEdit } from '../../types';
import { children, closest, descendants, nodeForSpan } from '../tree';
import type { CsFile } from './file';

export const LOOPS = ['for_statement', 'while_statement', 'do_statement'];
export const FUNCTIONS = ['method_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'constructor_declaration', 'accessor_declaration'];
export const TYPES = ['class_declaration', 'struct_declaration', 'record_declaration'];
export const JUMPS = ['return_statement', 'throw_statement', 'break_statement', 'continue_statement', 'goto_statement'];
export const COMMENTS = ['comment'];
/** Catch types that receive an `HttpRequestException`. */
export const CATCHES_HTTP_ERROR = /^(System\.)?(Exception|Net\.Http\.HttpRequestException|HttpRequestException)$/;

export function enclosingFunction(node: Node): Node | undefined {
	return closest(node.parent, FUNCTIONS);
}

export function isAsync(fn: Node | undefined): boolean {
	return !!fn && fn.children.some((child) => (child?.type === 'modifier' && child.text === 'async') || child?.type === 'async');
}

export function modifiers(fn: Node): string[] {
	return fn.children.filter((child) => child?.type === 'modifier').map((child) => child!.text);
}

/** The `CancellationToken` parameter of the function around `node`, if it has one. */
export function cancellationToken(node: Node): string | undefined {
	const fn = enclosingFunction(node);
	const parameters = fn?.childForFieldName('parameters');
	const token = parameters && children(parameters).find((p) => p.type === 'parameter' && /^(System\.Threading\.)?CancellationToken$/.test(p.childForFieldName('type')?.text ?? ''));
	return token?.childForFieldName('name')?.text;
}

/** The statement around `node` that sits directly in a block (not in a lambda between them). */
export function statementOf(node: Node): Node | undefined {
	for (let current: Node | null = node; current; current = current.parent) {
		if (current.parent?.type === 'block') return /_statement$/.test(current.type) ? current : undefined;
		if (FUNCTIONS.includes(current.type)) return undefined;
	}
	return undefined;
}

/** True when a local, parameter or field called `name` can be read at `at`. */
export function inScope(name: string, at: Node): boolean {
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
export function fieldOf(type: Node, name: string): Node | undefined {
	const body = type.childForFieldName('body');
	if (!body) return undefined;
	return children(body).find(
		(member) =>
			(member.type === 'field_declaration' && descendants(member, ['variable_declarator']).some((d) => d.childForFieldName('name')?.text === name)) ||
			(member.type === 'property_declaration' && member.childForFieldName('name')?.text === name),
	);
}

/** The statement that declares or assigns the response of a non-throwing call, directly in a block. */
export function responseStatement(call: HttpCall, node: Node): Node | undefined {
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

export function callNode(file: CsFile, call: HttpCall): Node | undefined {
	return nodeForSpan(file.root, call.span, ['invocation_expression']);
}

export function callsOf(file: CsFile, retry: RetryConstruct): HttpCall[] {
	return retry.callIds.map((id) => file.context.facts.httpCalls[id]).filter((call): call is HttpCall => call !== undefined);
}

export function argumentsOf(invocation: Node): Node[] {
	const list = invocation.childForFieldName('arguments');
	return list ? children(list).filter((child) => child.type === 'argument') : [];
}

/** `(a, b)` + `, c`: appends an argument, named when asked to or when the list already names one. */
export function appendArgument(invocation: Node, value: string, name: string, alwaysNamed = false): TextEdit | undefined {
	const list = invocation.childForFieldName('arguments');
	const close = list?.children.filter((child) => child?.type === ')').pop();
	if (!list || !close) return undefined;
	const args = argumentsOf(invocation);
	const named = alwaysNamed || args.some((arg) => arg.childForFieldName('name'));
	const text = named ? `${name}: ${value}` : value;
	return { startIndex: close.startIndex, endIndex: close.startIndex, newText: args.length ? `, ${text}` : text };
}

/** The statements of a block, without comments. */
export function statementsOf(block: Node): Node[] {
	return children(block).filter((child) => !COMMENTS.includes(child.type));
}

