// What the analysis of one file shares between its parts: the nodes the single tree
// walk collected, the HTTP calls found, and lookups for names declared in the file.
import type { Node } from 'web-tree-sitter';
import type { HttpCall } from '../../types';
import type { RecognisedCall } from './clients';
import type { DelayScope } from './delays';

export interface CallInfo {
	fact: HttpCall;
	recognised: RecognisedCall;
}

export interface FileContext extends DelayScope {
	calls: CallInfo[];
	/** HTTP calls by the start index of their call node. */
	callByNode: Map<number, CallInfo>;
	/** Imported module names (for library detection). */
	importedNames: ReadonlyMap<string, { module: string; imported: string }>;
	text: string;
}

/** The HTTP calls inside `node`, in source order. */
export function callsWithin(context: FileContext, node: Node): CallInfo[] {
	const start = node.startIndex;
	const end = node.endIndex;
	return context.calls.filter((call) => call.fact.span.startIndex >= start && call.fact.span.endIndex <= end);
}
