import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { explain, MAX_SCAN, parseWwwAuthenticate, renderMarkdown, renderText } from '../../src/core/knowledge/index';

const MB = 1024 * 1024;

function timed<T>(f: () => T): { value: T; ms: number } {
	const start = process.hrtime.bigint();
	const value = f();
	return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

describe('knowledge: hostile and unknown input', () => {
	const big: [string, string][] = [
		['10 MB of one letter', 'a'.repeat(10 * MB)],
		['10 MB of digits', '4'.repeat(10 * MB)],
		['10 MB of repeated status words', 'status 401 '.repeat(MB)],
		['10 MB of open braces', '{'.repeat(10 * MB)],
		['10 MB of quotes and equals', 'Bearer a="'.repeat(MB)],
		['10 MB of WWW-Authenticate lines', 'WWW-Authenticate: Bearer error="x", '.repeat(300_000)],
		['10 MB of spaces then a code', `${' '.repeat(10 * MB)}401`],
		['10 MB of near-miss patterns', 'HTTP/1.1 HTTP/ Request failed with status code x '.repeat(200_000)],
		['10 MB of certificate near-misses', 'certificate is valid for a, b, c '.repeat(300_000)],
	];
	for (const [name, input] of big) {
		it(`handles ${name} in well under a second`, () => {
			const { value, ms } = timed(() => explain(input));
			assert.ok(ms < 500, `${name}: ${ms.toFixed(0)} ms`);
			assert.equal(typeof value.title, 'string');
			if (input.length > MAX_SCAN) assert.equal(value.truncated, true);
			const r = timed(() => renderMarkdown(value) + renderText(value));
			assert.ok(r.ms < 200, `render ${name}: ${r.ms.toFixed(0)} ms`);
		});
	}

	it('scans only the beginning of long input', () => {
		assert.equal(explain(`${'x'.repeat(MAX_SCAN + 10)} 401 Unauthorized`).recognised, false);
		assert.equal(explain(`HTTP/1.1 502 Bad Gateway ${'x'.repeat(10 * MB)}`).items[0]!.id, 'status:502');
	});

	it('parses a huge header value quickly', () => {
		const { ms } = timed(() => parseWwwAuthenticate('Bearer x="'.repeat(2 * MB)));
		assert.ok(ms < 200, `${ms} ms`);
	});

	it('strips control characters and ANSI colour codes', () => {
		const e = explain('\u001b[31mError: read ECONNRESET\u001b[39m\u0000\u0007\u202e');
		assert.equal(e.items[0]!.id, 'network:ECONNRESET');
		const text = renderText(e);
		assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), 'no control characters in text output');
		assert.ok(!text.includes('\u001b'), 'no ANSI unless asked');
		assert.ok(renderText(e, { color: true }).includes('\u001b[1m'));
	});

	it('escapes HTML from the input in Markdown, so the webview never gets raw HTML', () => {
		const input = '<script>alert(1)</script><img src=x onerror=alert(2)> HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token", error_description="<b>expired</b> & [click](javascript:alert(3))"';
		const e = explain(input);
		assert.ok(e.recognised);
		const md = renderMarkdown(e);
		assert.ok(!md.includes('<script'), md);
		assert.ok(!md.includes('<img'), md);
		assert.ok(!md.includes('<b>'), md);
		assert.ok(!/[^\\]\]\(javascript:/.test(md), md);
		const html = new MarkdownIt({ html: true }).render(md);
		assert.ok(!/<script|<img|<b>|href="javascript:/i.test(html), html);
		assert.ok(html.includes('&lt;script&gt;'), 'the text is still shown, escaped');
	});

	it('escapes Markdown-active characters from the input in titles and notes', () => {
		const md = renderMarkdown(explain('WWW-Authenticate: Bearer error="invalid_token", error_description="**bold** _x_ `code` | # [a](b)"'));
		assert.ok(md.includes('\\*\\*bold\\*\\*'), md);
		assert.ok(!md.includes('[a](b)'));
	});

	it('never throws, whatever it is given', () => {
		for (const v of [undefined, null, 42, {}, [], '\uD800', '\u0000'.repeat(1000), '<html><body>502 Bad Gateway</body></html>']) {
			assert.doesNotThrow(() => renderMarkdown(explain(v as unknown as string)));
		}
		assert.equal(explain('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>').items[0]!.id, 'status:502');
	});

	it('needs no network: explain works with sockets disabled', () => {
		// Any attempt to open a socket would throw here.
		const net = require('node:net') as typeof import('node:net');
		const original = net.Socket.prototype.connect;
		net.Socket.prototype.connect = (() => {
			throw new Error('network used');
		}) as typeof original;
		try {
			for (const s of ['401', 'ECONNRESET', 'Bearer error="insufficient_scope", scope="repo"']) renderMarkdown(explain(s));
		} finally {
			net.Socket.prototype.connect = original;
		}
	});
});
