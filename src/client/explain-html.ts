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
<div class="query" title="What was explained"><code>${escapeHtml(query)}</code></div>
<button id="copy" type="button">Copy as Markdown</button>
</header>
<main>
${renderMarkdown(page.markdown)}
</main>
<script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}
