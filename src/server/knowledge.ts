// The one place the server reaches into the knowledge base, so hover, explain and the
// panel agree on what is said about a status code.
import { REASON_PHRASES } from '../core/knowledge/constants';
import { statusHoverMarkdown } from '../core/knowledge/render';

export function hoverMarkdown(code: number): string | undefined {
	return statusHoverMarkdown(code);
}

// STOPGAP until src/core/knowledge/index.ts (`explain`) lands: the status name only.
export function explainMarkdown(text: string): string {
	const code = Number(text.trim());
	const name = REASON_PHRASES[code];
	return name ? `# ${code} ${name}\n` : `# ${text.trim()}\n\nNo explanation available yet.\n`;
}
