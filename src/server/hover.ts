// Hover on status codes: in code where the analysis saw a status context (`res.status ===
// 401`, `HTTPStatus.FORBIDDEN`, `case 429:`), and in logs and plain text via the core's
// scanner. A number the analysis did not place in a status context gets nothing.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { statusMentionAt } from '../core/log-status';
import { rangeOf } from './convert';
import { hoverMarkdown } from './knowledge';
import type { ServerState } from './server';

const TEXT_LANGUAGES = new Set(['log', 'plaintext']);

export async function hover(server: ServerState, params: HoverParams): Promise<Hover | null> {
	const document = server.documents.get(params.textDocument.uri);
	if (!document) return null;
	const offset = document.offsetAt(params.position);
	if (TEXT_LANGUAGES.has(document.languageId)) {
		const settings = await server.settings.resolve(document.uri, undefined);
		if (!settings.settings.hover.enable) return null;
		const mention = statusMentionAt(document.getText(), offset);
		if (!mention) return null;
		const markdown = hoverMarkdown(mention.code);
		if (!markdown) return null;
		return {
			contents: { kind: 'markdown', value: markdown },
			range: { start: document.positionAt(mention.startIndex), end: document.positionAt(mention.endIndex) },
		};
	}
	if (!server.validator.isServed(document.languageId)) return null;
	const result = await server.validator.current(document.uri);
	if (!result || !result.resolved.settings.hover.enable) return null;
	const ref = result.analysis.facts.statusCodeRefs.find((candidate) => candidate.span.startIndex <= offset && offset <= candidate.span.endIndex);
	if (!ref) return null;
	const markdown = hoverMarkdown(ref.code);
	if (!markdown) return null;
	return { contents: { kind: 'markdown', value: markdown }, range: rangeOf(ref.span) };
}
