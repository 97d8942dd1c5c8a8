// The HTML of the Explain Error panel, built without touching `vscode` so a unit test can
// check it. Markdown comes from the knowledge base and is rendered with raw HTML off;
// everything else that reaches the page (the user's selection, titles, URIs) is escaped.
// The content security policy allows only this render's nonce and the webview's own origin.
import MarkdownIt from 'markdown-it';

export interface ExplainPage {
	/** What the user asked about (a selection, a typed string): shown, never interpreted. */
	query: string;
	/** Markdown from the knowledge base or the rule docs. */
	markdown: string;
	/** A fresh random value per render. */
	nonce: string;
	/** `webview.cspSource`. */
	cspSource: string;
	/** `webview.asWebviewUri(...)` of media/explain.css and media/explain.js. */
	styleUri: string;
	scriptUri: string;
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// No remote content: an image in the Markdown is shown as its alt text.
markdown.renderer.rules.image = (tokens, index) => escapeHtml(tokens[index].content);

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderMarkdown(source: string): string {
	return markdown.render(source);
}

type Token = ReturnType<typeof markdown.parse>[number];

/** The plain text of an inline token (escapes resolved, emphasis and code spans flattened). */
function inlineText(token: Token | undefined): string {
	if (!token || token.type !== 'inline') return '';
	return (token.children ?? []).map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('').trim();
}

const LONG_INPUT = '(long input: only the beginning was scanned)';

/**
 * The knowledge base's Markdown as the panel shows it. The document is self-contained (a
 * title, an "Input: …" line, then one section per recognised item), which in the panel
 * says the same thing up to three times: the header already shows the input, and with one
 * item its section heading repeats the title. So the "Input:" paragraph under the title
 * goes (a long-input note stays, as a quiet line), and a section heading that only repeats
 * the title goes. "Copy as Markdown" still copies the whole document.
 */
export function renderPanelMarkdown(source: string): { html: string; note?: string } {
	const tokens = markdown.parse(source, {});
	const h1 = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1' && token.level === 0);
	if (h1 < 0) return { html: markdown.renderer.render(tokens, markdown.options, {}) };
	const title = inlineText(tokens[h1 + 1]);
	const drop = new Set<number>();
	let note: string | undefined;
	// The paragraph right after the title's heading_close, if it is the "Input: …" line.
	const after = h1 + 3;
	if (tokens[after]?.type === 'paragraph_open' && tokens[after].level === 0 && inlineText(tokens[after + 1]).startsWith('Input:')) {
		if (inlineText(tokens[after + 1]).endsWith(LONG_INPUT)) note = 'Long input: only the beginning was scanned.';
		drop.add(after).add(after + 1).add(after + 2);
	}
	for (let i = h1 + 3; i < tokens.length; i++) {
		if (tokens[i].type === 'heading_open' && tokens[i].tag === 'h2' && tokens[i].level === 0 && inlineText(tokens[i + 1]) === title) {
			drop.add(i).add(i + 1).add(i + 2);
		}
	}
	const kept = tokens.filter((_, index) => !drop.has(index));
	return { html: markdown.renderer.render(kept, markdown.options, {}), note };
}

/** A nonce for the CSP: 32 characters from [A-Za-z0-9]. */
export function makeNonce(random: (size: number) => Uint8Array): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(random(32), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function explainHtml(page: ExplainPage): string {
	const nonce = escapeHtml(page.nonce);
	const csp = [
		"default-src 'none'",
		`style-src ${escapeHtml(page.cspSource)} 'nonce-${nonce}'`,
		`script-src 'nonce-${nonce}'`,
		`img-src ${escapeHtml(page.cspSource)}`,
		`font-src ${escapeHtml(page.cspSource)}`,
	].join('; ');
	const query = page.query.length > 500 ? `${page.query.slice(0, 500)}…` : page.query;
	const body = renderPanelMarkdown(page.markdown);
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(page.styleUri)}">
<title>HTTP Guard: Explain</title>
</head>
<body>
<header>
<div class="query" title="What was explained"><span class="label">Explained:</span> <span class="input">${escapeHtml(query)}</span>${body.note ? ` <span class="note">${escapeHtml(body.note)}</span>` : ''}</div>
<button id="copy" type="button">Copy as Markdown</button>
</header>
<main>
${body.html}
</main>
<script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}
