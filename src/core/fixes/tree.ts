// Small syntax-tree helpers shared by the language fixers: find the node a fact points
// at, walk up, and describe where a statement may be inserted.
import type { Node } from 'web-tree-sitter';
import type { Span } from '../types';

/** The smallest node of one of `types` that covers the span exactly, or else the smallest that contains it. */
export function nodeForSpan(root: Node, span: Span, types?: readonly string[]): Node | undefined {
	let node: Node | null = root.descendantForIndex(span.startIndex, Math.max(span.startIndex, span.endIndex - 1));
	let containing: Node | undefined;
	while (node) {
		const matches = !types || types.includes(node.type);
		if (matches && node.startIndex === span.startIndex && node.endIndex === span.endIndex) return node;
		if (matches && !containing && node.startIndex <= span.startIndex && node.endIndex >= span.endIndex) containing = node;
		node = node.parent;
	}
	return containing;
}

/** The nearest ancestor (or the node itself) of one of `types`, stopping at `stopAt` types. */
export function closest(node: Node | null, types: readonly string[], stopAt: readonly string[] = []): Node | undefined {
	for (let current = node; current; current = current.parent) {
		if (types.includes(current.type)) return current;
		if (stopAt.includes(current.type)) return undefined;
	}
	return undefined;
}

/** Every descendant of `node` (itself included) of one of `types`, not entering `skip` types. */
export function descendants(node: Node, types: readonly string[], skip: readonly string[] = []): Node[] {
	const found: Node[] = [];
	const visit = (current: Node, isRoot: boolean) => {
		if (types.includes(current.type)) found.push(current);
		if (!isRoot && skip.includes(current.type)) return;
		for (const child of current.namedChildren) if (child) visit(child, false);
	};
	visit(node, true);
	return found;
}

/** True when any descendant has one of the types (without entering `skip` types). */
export function contains(node: Node, types: readonly string[], skip: readonly string[] = []): boolean {
	return descendants(node, types, skip).length > 0;
}

/** The named children of a node, without nulls. */
export function children(node: Node): Node[] {
	return node.namedChildren.filter((child): child is Node => child !== null);
}

/** True when `outer` is `node` or one of its ancestors: a name declared in `outer` is in scope at `node`. */
export function encloses(outer: Node | null | undefined, node: Node): boolean {
	for (let current: Node | null = node; current; current = current.parent) if (outer && current.id === outer.id) return true;
	return false;
}
