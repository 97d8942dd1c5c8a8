// The one place the server reaches into the knowledge base, so hover, explain and the
// panel agree on what is said about a status code.
import { explain, renderMarkdown, statusHoverMarkdown } from '../core/knowledge/index';

export function hoverMarkdown(code: number): string | undefined {
	return statusHoverMarkdown(code);
}

export function explainMarkdown(text: string): { markdown: string; title: string } {
	const explanation = explain(text);
	return { markdown: renderMarkdown(explanation), title: explanation.title };
}
