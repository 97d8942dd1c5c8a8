// The one place the server reaches into the knowledge base, so hover, explain and the
// panel agree on what is said about a status code.
// STOPGAP until src/core/knowledge/index.ts lands: names only, from the reason phrases.
import { REASON_PHRASES } from '../core/knowledge/constants';

export function hoverMarkdown(code: number): string | undefined {
	const name = REASON_PHRASES[code];
	if (!name) return undefined;
	const args = encodeURIComponent(JSON.stringify([String(code)]));
	return `**${code} ${name}**\n\n[Explain more](command:httpGuard.explainError?${args})`;
}

export function explainMarkdown(text: string): string {
	const code = Number(text.trim());
	const name = REASON_PHRASES[code];
	return name ? `# ${code} ${name}\n` : `# ${text.trim()}\n\nNo explanation available yet.\n`;
}
