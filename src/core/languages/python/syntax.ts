// Small readers over tree-sitter-python nodes (calls, keyword arguments, literals) and the
// import table that turns a local name (`rq`, `AsyncClient`) into the dotted path it stands for.
import type { Node } from 'web-tree-sitter';
import { kids, literalNumber, memoByNode, parentOf } from '../common/tree';
import { defineName, lookUpName } from '../names';

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
export const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);
export const CALL_TYPES: ReadonlySet<string> = new Set(['call']);

/** Strips parentheses and `await`, which do not change what an expression is. */
export function unwrap(node: Node): Node {
	let current = node;
	for (;;) {
		if ((current.type === 'parenthesized_expression' || current.type === 'await') && kids(current)[0]) current = kids(current)[0];
		else return current;
	}
}

export const calleeOf: (call: Node) => Node | undefined = memoByNode((call) => call.childForFieldName('function') ?? undefined, true);

/** The last name of a callee: `get` for `session.get(...)`, `retry` for `retry(...)`. */
export const calleeName: (call: Node) => string | undefined = memoByNode((call) => {
	const fn = calleeOf(call);
	if (!fn) return undefined;
	if (fn.type === 'identifier') return fn.text;
	if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
	return undefined;
}, true);

/** The receiver of a method call: `session` for `session.get(...)`, `self.http` for `self.http.post(...)`. */
export function receiverOf(call: Node): Node | undefined {
	const fn = calleeOf(call);
	return fn?.type === 'attribute' ? fn.childForFieldName('object') ?? undefined : undefined;
}

export function positionalArgs(call: Node): Node[] {
	return kids(call.childForFieldName('arguments')).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

export function keywordArgs(call: Node): Map<string, Node> {
	const out = new Map<string, Node>();
	for (const arg of kids(call.childForFieldName('arguments'))) {
		if (arg.type !== 'keyword_argument') continue;
		const name = arg.childForFieldName('name')?.text;
		const value = arg.childForFieldName('value');
		if (name && value) out.set(name, value);
	}
	return out;
}

/** `**options` among the arguments: settings we cannot see. */
export function hasSplat(call: Node): boolean {
	return kids(call.childForFieldName('arguments')).some((a) => a.type === 'dictionary_splat');
}

/** The value of a plain string literal (no interpolation), without quotes. */
export function stringValue(node: Node | undefined): string | undefined {
	if (!node || node.type !== 'string') return undefined;
	const parts = kids(node);
	if (parts.some((p) => p.type === 'interpolation')) return undefined;
	return parts
		.filter((p) => p.type === 'string_content')
		.map((p) => p.text)
		.join('');
}

export function numberOf(node: Node | undefined): number | undefined {
	if (!node) return undefined;
	const n = unwrap(node);
	if (n.type === 'integer' || n.type === 'float') return literalNumber(n.text);
	if (n.type === 'unary_operator' && n.text.startsWith('-')) {
		const inner = numberOf(kids(n)[0]);
		return inner === undefined ? undefined : -inner;
	}
	if (/^(float\(\s*["']inf["']\s*\)|math\.inf)$/.test(n.text)) return Infinity;
	return undefined;
}

/** Items of a list, tuple or set literal, or undefined for anything else. */
export function collectionItems(node: Node | undefined): Node[] | undefined {
	if (!node) return undefined;
	const n = unwrap(node);
	if (n.type === 'list' || n.type === 'tuple' || n.type === 'set' || n.type === 'expression_list') return kids(n);
	if (n.type === 'call' && /^(frozenset|set|tuple|list)$/.test(calleeOf(n)?.text ?? '')) return collectionItems(positionalArgs(n)[0]);
	return undefined;
}

/** The `:` that ends a compound statement's head, for head spans. */
export function headColon(node: Node): Node | undefined {
	const body = node.childForFieldName('body') ?? node.childForFieldName('consequence');
	let colon: Node | undefined;
	for (const child of node.children) {
		if (!child) continue;
		if (body && child.startIndex >= body.startIndex) break;
		if (child.type === ':') colon = child;
	}
	return colon;
}

/** The innermost function around a node. */
export function enclosingFunctionOf(node: Node): Node | undefined {
	for (let current = parentOf(node); current; current = parentOf(current)) if (current.type === 'function_definition') return current;
	return undefined;
}

/**
 * Names a module binds locally, mapped to the dotted path they stand for. Each import
 * statement defines the names it binds and the packages it imports; each lookup is logged
 * (`names.ts`), so a statement re-read alone sees the imports it depends on.
 */
export class ImportTable {
	private readonly names = new Map<string, string>();
	readonly modules: string[] = [];
	/** `imports(prefix)` answers, dropped when a module is added. */
	private readonly imported = new Map<string, boolean>();

	add(importNode: Node): void {
		const bind = (local: string, path: string) => {
			this.names.set(local, path);
			defineName('import', local, importNode, path);
		};
		const use = (module: string) => {
			this.modules.push(module);
			this.imported.clear();
			defineName('module', module.split('.')[0], importNode, module);
		};
		if (importNode.type === 'import_statement') {
			for (const item of kids(importNode)) {
				if (item.type === 'dotted_name') {
					// `import urllib.request` binds `urllib`.
					const top = item.text.split('.')[0];
					bind(top, top);
					use(item.text);
				} else if (item.type === 'aliased_import') {
					const path = item.childForFieldName('name')?.text;
					const alias = item.childForFieldName('alias')?.text;
					if (path && alias) bind(alias, path);
					if (path) use(path);
				}
			}
			return;
		}
		if (importNode.type === 'import_from_statement') {
			const module = importNode.childForFieldName('module_name')?.text;
			if (!module || module.startsWith('.')) return;
			use(module);
			for (const item of importNode.childrenForFieldName('name')) {
				if (!item) continue;
				if (item.type === 'dotted_name') bind(item.text, `${module}.${item.text}`);
				else if (item.type === 'aliased_import') {
					const name = item.childForFieldName('name')?.text;
					const alias = item.childForFieldName('alias')?.text;
					if (name && alias) bind(alias, `${module}.${name}`);
				}
			}
		}
	}

	/** The dotted path an expression names (`rq.get` → `requests.get`), or undefined when it names nothing imported. */
	resolve(node: Node | undefined | null): string | undefined {
		if (!node) return undefined;
		if (node.type === 'identifier') {
			const name = node.text;
			lookUpName('import', name);
			return this.names.get(name) ?? (WELL_KNOWN.has(name) ? name : undefined);
		}
		if (node.type === 'attribute') {
			const base = this.resolve(node.childForFieldName('object'));
			const attr = node.childForFieldName('attribute')?.text;
			return base && attr ? `${base}.${attr}` : undefined;
		}
		return undefined;
	}

	/** Whether the file imports the package `prefix` (`requests`) or a module inside it. */
	imports(prefix: string): boolean {
		lookUpName('module', prefix.split('.')[0]);
		let found = this.imported.get(prefix);
		if (found === undefined) {
			found = this.modules.some((m) => m === prefix || m.startsWith(`${prefix}.`));
			this.imported.set(prefix, found);
		}
		return found;
	}
}

/** Module names so specific that a file using them unimported (a snippet, a broken import line) still means them. */
const WELL_KNOWN = new Set(['requests', 'httpx', 'aiohttp', 'urllib3', 'tenacity', 'backoff']);

/** `requests.packages.urllib3.x` is urllib3; `requests.api.get` is `requests.get`. */
export function canonicalPath(path: string): string {
	return path
		.replace(/^requests\.packages\.urllib3\b/, 'urllib3')
		.replace(/^pip\._vendor\.urllib3\b/, 'urllib3')
		.replace(/^requests\.api\./, 'requests.')
		.replace(/^requests\.sessions\.(Session|session)$/, 'requests.$1')
		.replace(/^urllib3\.util\.retry\.Retry$|^urllib3\.util\.Retry$/, 'urllib3.Retry')
		.replace(/^urllib3\.poolmanager\.PoolManager$/, 'urllib3.PoolManager');
}
