// The Explain Error panel's HTML (src/client/explain-html.ts): escaping and the CSP.
import * as assert from 'node:assert/strict';
import { explainHtml, makeNonce } from '../../src/client/explain-html';
import { explain, renderMarkdown } from '../../src/core/knowledge/index';

const page = (query: string, markdown: string) =>
	explainHtml({ query, markdown, nonce: 'abc123', cspSource: 'https://webview.example', styleUri: 'https://webview.example/explain.css', scriptUri: 'https://webview.example/explain.js' });

describe('explain panel HTML', () => {
	it('escapes the selection and raw HTML inside the Markdown', () => {
		const attack = '<img src=x onerror=alert(1)>';
		const html = page(attack, `# 401 Unauthorized\n\nYou sent ${attack} and <script>alert(2)</script>`);
		assert.ok(!html.includes('<img'), html);
		assert.ok(!html.includes('<script>alert'), html);
		assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'), html);
		assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), html); // markdown-it's own escaping
		assert.equal(html.match(/<script/g)?.length, 1); // only the nonce-bearing panel script
	});

	it('keeps a hostile selection inert through the real knowledge base', () => {
		const attack = 'HTTP/1.1 401 <img src=x onerror=alert(1)>';
		const html = page(attack, renderMarkdown(explain(attack)));
		assert.ok(!/<img/i.test(html), html);
		assert.match(html, /Unauthorized/);
	});

	it('renders Markdown, but neither remote images nor javascript: links', () => {
		const html = page('401', '## Retry?\n\nNo. ![tracker](https://evil.example/x.png) [click](javascript:alert(1)) [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2)');
		assert.ok(html.includes('<h2>Retry?</h2>'));
		assert.ok(!html.includes('evil.example'), html);
		assert.ok(!/href="javascript/i.test(html), html);
		assert.ok(html.includes('href="https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2"'));
	});

	it('sets a strict content security policy with the nonce', () => {
		const html = page('401', 'x');
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
		assert.match(csp, /^default-src 'none';/);
		assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
		assert.match(csp, /style-src https:\/\/webview\.example 'nonce-abc123'/);
		assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
		assert.match(html, /<script nonce="abc123" src="https:\/\/webview\.example\/explain\.js"><\/script>/);
	});

	it('escapes attribute values that come from outside', () => {
		const html = explainHtml({ query: 'q', markdown: 'x', nonce: 'n"onload="x', cspSource: 'a"b', styleUri: 's"><script>', scriptUri: 'j' });
		assert.ok(!html.includes('"><script>'));
		assert.ok(!html.includes('nonce="n"onload'));
	});

	it('shows the title once and the input only in the header', () => {
		const html = page('403 Forbidden', renderMarkdown(explain('403 Forbidden')));
		const main = html.slice(html.indexOf('<main>'));
		assert.equal(main.match(/>403 Forbidden</g)?.length, 1, main.slice(0, 400)); // (an MDN link names it too)
		assert.match(main, /<h1>403 Forbidden<\/h1>/);
		assert.doesNotMatch(main, /Input:/);
		assert.match(html, /<header>[\s\S]*class="input">403 Forbidden<\/span>[\s\S]*<\/header>/);
		assert.match(main, /What it means/);
	});

	it('keeps section headings that differ from the title, and the long-input note', () => {
		const html = page('x', '# Two things\n\nInput: 401 and 503 (long input: only the beginning was scanned)\n\n## 401 Unauthorized\n\nA\n\n## 503 Service Unavailable\n\nB\n');
		assert.match(html, /<h2>401 Unauthorized<\/h2>/);
		assert.match(html, /<h2>503 Service Unavailable<\/h2>/);
		assert.doesNotMatch(html, /Input:/);
		assert.match(html, /class="note">Long input: only the beginning was scanned.<\/span>/);
	});

	it('makes nonces of 32 letters and digits', () => {
		const nonce = makeNonce((size) => Uint8Array.from({ length: size }, (_, i) => i * 7));
		assert.match(nonce, /^[A-Za-z0-9]{32}$/);
	});
});
