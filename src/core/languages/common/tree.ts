// Grammar-neutral helpers over tree-sitter nodes, shared by the Go, Java and C# adapters.
import { Node } from 'web-tree-sitter';

/** A node the index made: it was told its type by the cursor that found it. */
type TypedNode = Node & { knownType?: string };

// `Node.type` asks WebAssembly on every read, and readers ask a node's type again and again:
// a node that knows its type answers from it. (Giving each node an own `type` property with
// Object.defineProperty cost as much as making the node.)
const askType = Object.getOwnPropertyDescriptor(Node.prototype, 'type')?.get;
if (askType) {
	Object.defineProperty(Node.prototype, 'type', {
		configurable: true,
		get(this: TypedNode): string {
			return this.knownType ?? askType.call(this);
		},
	});
}

export function kids(node: Node | null | undefined): Node[] {
	if (!node) return [];
	return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment' && child.type !== 'line_comment' && child.type !== 'block_comment');
}

/**
 * Every node of one tree in document order, materialised once, with the end of each
 * subtree: `collect` reads from it instead of walking (and building a JS object for every
 * node) again. Each node object knows its type, so `n.type` costs no call into
 * the parser; ends are read once per node, on demand (`endOf`). Trees do not change once parsed; the index
 * is dropped when an adapter starts on another tree (see `withIndex`).
 */
interface NodeIndex {
	tree: Node['tree'];
	nodes: Node[];
	/** Position just past the subtree of nodes[i]. */
	ends: Int32Array;
	/** Position by node id, built on the first lookup (`positionOf`). */
	positions?: Map<number, number>;
	/** End byte of nodes[i], read on first use (-1 until then). */
	endBytes: Float64Array;
	/** Position of the parent of nodes[i]; -1 for the root. */
	parents: Int32Array;
}

let current: NodeIndex | undefined;
/** Forgets what `memoByNode` readers hold, at the start and end of each extraction. */
const memoClears: Array<() => void> = [];
const clearMemos = () => {
	for (const clear of memoClears) clear();
};

function buildIndex(root: Node): NodeIndex {
	const nodes: Node[] = [];
	const ends: number[] = [];
	const open: number[] = [];
	const parents: number[] = [];
	const cursor = root.walk();
	try {
		for (;;) {
			const node: TypedNode = cursor.currentNode;
			node.knownType = cursor.nodeType;
			const at = nodes.length;
			nodes.push(node);
			ends.push(at + 1);
			parents.push(open.length > 0 ? open[open.length - 1] : -1);
			if (cursor.gotoFirstChild()) {
				open.push(at);
				continue;
			}
			let done = false;
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) {
					done = true;
					break;
				}
				ends[open.pop()!] = nodes.length;
			}
			if (done) break;
		}
	} finally {
		cursor.delete();
	}
	for (const at of open) ends[at] = nodes.length;
	return { tree: root.tree, nodes, ends: Int32Array.from(ends), parents: Int32Array.from(parents), endBytes: new Float64Array(nodes.length).fill(-1) };
}

function positionOf(index: NodeIndex, node: Node): number | undefined {
	if (!index.positions) {
		const positions = new Map<number, number>();
		index.nodes.forEach((n, at) => {
			if (!positions.has(n.id)) positions.set(n.id, at);
		});
		index.positions = positions;
	}
	return index.positions.get(node.id);
}

function indexOf(node: Node): NodeIndex {
	if (current && current.tree === node.tree) return current;
	current = buildIndex(node.tree.rootNode);
	return current;
}

/** Every node of `root`'s tree, root included, in document order (from the node index). */
export function treeNodes(root: Node): readonly Node[] {
	return indexOf(root).nodes;
}

/** The parent of a node, read from the node index (no call into the parser). */
export function parentOf(node: Node): Node | null {
	const index = indexOf(node);
	const at = positionOf(index, node);
	if (at === undefined) return node.parent;
	const parent = index.parents[at];
	return parent < 0 ? null : index.nodes[parent];
}

/** The end of a node, read from the node index when the node object is not the indexed one. */
export function endOf(node: Node): number {
	if (current && current.tree === node.tree) {
		const at = positionOf(current, node);
		if (at !== undefined) {
			let end = current.endBytes[at];
			if (end < 0) end = current.endBytes[at] = node.endIndex;
			return end;
		}
	}
	return node.endIndex;
}

/** Runs an adapter's extraction with a fresh node index for its tree, dropped afterwards. */
export function withIndex<T>(run: () => T): T {
	current = undefined;
	clearMemos();
	try {
		return run();
	} finally {
		current = undefined;
		clearMemos();
	}
}

/** Every descendant (not the node itself) for which `test` holds; `skip` stops descent below a node. */
export function collect(node: Node, test: (n: Node) => boolean, skip?: (n: Node) => boolean): Node[] {
	const found: Node[] = [];
	const index = indexOf(node);
	const at = positionOf(index, node);
	if (at === undefined) return collectByCursor(node, test, skip);
	const { nodes, ends } = index;
	const end = ends[at];
	for (let i = at + 1; i < end; ) {
		const current = nodes[i];
		if (test(current)) found.push(current);
		i = skip && skip(current) ? ends[i] : i + 1;
	}
	return found;
}

/** `collect` by walking a cursor, for trees with no node index (the JS adapter keeps its own). */
export function collectByCursor(node: Node, test: (n: Node) => boolean, skip?: (n: Node) => boolean): Node[] {
	const found: Node[] = [];
	const cursor = node.walk();
	try {
		if (!cursor.gotoFirstChild()) return found;
		for (;;) {
			const current = cursor.currentNode;
			if (test(current)) found.push(current);
			const descend = !(skip && skip(current)) && cursor.gotoFirstChild();
			if (!descend) {
				while (!cursor.gotoNextSibling()) {
					if (!cursor.gotoParent() || cursor.currentNode.id === node.id) return found;
				}
			}
		}
	} finally {
		cursor.delete();
	}
}

/** Every node of the tree, root included, in document order. */
export function allNodes(root: Node): Node[] {
	return [root, ...collect(root, () => true)];
}

export function within(inner: Node, outer: Node): boolean {
	return inner.startIndex >= outer.startIndex && endOf(inner) <= endOf(outer);
}

/** The operator token of a binary or unary expression (the first unnamed child that is not punctuation). */
export function operatorOf(node: Node): string | undefined {
	const field = node.childForFieldName('operator');
	if (field) return field.text;
	for (const child of node.children) {
		if (child && !child.isNamed && !['(', ')'].includes(child.type)) return child.type;
	}
	return undefined;
}

/** Numeric literal text to a number: `1_000`, `1000L`, `0.5f`, `2.0d`, `10m`, `0x10`. */
export function literalNumber(text: string): number | undefined {
	const cleaned = text.replace(/_/g, '').replace(/(ul|lu|[lLfFdDmMuU])$/i, '');
	if (!/^(0[xX][0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)$/.test(cleaned)) return undefined;
	const n = Number(cleaned);
	return Number.isFinite(n) ? n : undefined;
}

export function uniq<T>(items: readonly T[]): T[] {
	return [...new Set(items)];
}

/** Runs one extractor; a surprise in a broken tree loses that fact, never the file. */
export function safely<T>(extract: () => T): T | undefined {
	try {
		return extract();
	} catch {
		return undefined;
	}
}

/**
 * `read` cached per node (by id) for one tree: for readers whose answer depends on the
 * syntax alone (a dialect's `statement`), which the engine asks again for every scenario.
 */
export function memoByNode<R>(read: (node: Node) => R, shared = false): (node: Node) => R {
	let tree: Node['tree'] | undefined;
	let cache = new Map<number, R>();
	// A module-level reader outlives the extraction: its cache is dropped with the node index.
	if (shared)
		memoClears.push(() => {
			tree = undefined;
			cache = new Map();
		});
	return (node: Node) => {
		if (node.tree !== tree) {
			tree = node.tree;
			cache = new Map();
		}
		let value = cache.get(node.id);
		if (value === undefined && !cache.has(node.id)) {
			value = read(node);
			cache.set(node.id, value);
		}
		return value as R;
	};
}

/** A statement sequence whose statements are read on first use (most callers only ask for the kind). */
export function lazySeq(read: () => Node[]): { kind: 'seq'; body: Node[] } {
	let body: Node[] | undefined;
	return {
		kind: 'seq',
		get body() {
			return (body ??= read());
		},
	};
}
