// Inlay hints: status names after status code literals and the schedule at the head of
// each retry, read from the facts of the analysis the diagnostics came from (no second
// parse). A request for a version not analysed yet runs the pending analysis now.
import type { CancellationToken, InlayHint, InlayHintParams, Position } from 'vscode-languageserver/node';
import { type Hint, computeHints } from '../core/hints';
import type { ServerState } from './server';

function before(a: Position, b: Position): boolean {
	return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function toInlayHint(hint: Hint): InlayHint {
	// No `kind`: a status name is neither a type nor a parameter, and editors that style
	// the two differently would mislabel it.
	return {
		position: { ...hint.position },
		label: hint.label,
		paddingLeft: true,
		tooltip: { kind: 'markdown', value: hint.tooltip },
	};
}

export async function inlayHints(server: ServerState, params: InlayHintParams, token?: CancellationToken): Promise<InlayHint[] | null> {
	const document = server.documents.get(params.textDocument.uri);
	if (!document || !server.validator.isServed(document.languageId)) return null;
	const result = await server.validator.current(document.uri);
	if (!result || token?.isCancellationRequested) return null;
	const { statusNames, retrySchedule } = result.resolved.settings.inlayHints;
	if (!statusNames && !retrySchedule) return [];
	const { start, end } = params.range;
	const hints = computeHints(result.analysis.facts, result.analysis.findings, {
		statusNames,
		retrySchedules: retrySchedule,
		fromLine: start.line,
		toLine: end.line,
	});
	// computeHints filters by line; the range's ends may cut a line, so check positions too.
	return hints.filter((hint) => !before(hint.position, start) && !before(end, hint.position)).map(toInlayHint);
}
