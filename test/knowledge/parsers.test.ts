import * as assert from 'node:assert/strict';
import { explain, findJson, parseWwwAuthenticate, readChallenge } from '../../src/core/knowledge/index';

describe('knowledge: WWW-Authenticate parser', () => {
	it('parses scheme and parameters, unquoting values', () => {
		assert.deepEqual(parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired"'), [
			{ scheme: 'Bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } },
		]);
	});

	it('handles several challenges, token68 and unquoted tokens', () => {
		const c = parseWwwAuthenticate('Negotiate, NTLM TlRMTVNTUAACAAAA==, Basic realm=intranet, charset="UTF-8"');
		assert.deepEqual(c.map((x) => x.scheme), ['Negotiate', 'NTLM', 'Basic']);
		assert.equal(c[1]!.token68, 'TlRMTVNTUAACAAAA==');
		assert.deepEqual(c[2]!.params, { realm: 'intranet', charset: 'UTF-8' });
	});

	it('handles escapes in quoted strings, odd spacing and case', () => {
		const [c] = parseWwwAuthenticate('bearer   ERROR = "invalid_request" ,  error_description="bad \\"token\\" value"');
		assert.equal(c!.scheme, 'bearer');
		assert.equal(c!.params.error, 'invalid_request');
		assert.equal(c!.params.error_description, 'bad "token" value');
	});

	it('parses Digest with stale=true and says so', () => {
		const [c] = parseWwwAuthenticate('Digest realm="api@example.org", qop="auth", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", stale=TRUE');
		assert.equal(c!.params.algorithm, 'SHA-256');
		assert.ok(readChallenge(c!).notes.some((n) => /nonce expired/.test(n)));
	});

	it('never throws on malformed headers', () => {
		for (const s of ['', '=', '"', 'Bearer error="unterminated', ',,,,', 'Bearer =x', '\u0000\u0001', '=====', 'a=b=c=d']) {
			assert.doesNotThrow(() => parseWwwAuthenticate(s));
		}
		assert.deepEqual(parseWwwAuthenticate('Bearer error="unterminated')[0]!.params, { error: 'unterminated' });
	});

	it('reads a challenge without error as a missing token, and Basic as user/password', () => {
		assert.ok(readChallenge({ scheme: 'Bearer', params: { realm: 'x' } }).notes.some((n) => /carried no Bearer token/.test(n)));
		assert.ok(readChallenge({ scheme: 'Basic', params: {} }).notes.some((n) => /user name and password/.test(n)));
	});

	it('recognises a Proxy-Authenticate header as the proxy\'s', () => {
		const e = explain('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp-proxy"');
		assert.deepEqual(e.items.map((i) => i.id), ['status:407', 'www-authenticate:Basic']);
		assert.ok(e.items[1]!.notes.some((n) => /credentials it wants are for the proxy/.test(n)));
	});

	it('recognises the challenge inside JSON-ish logs and header dumps', () => {
		const e = explain(`{"headers":{"www-authenticate":"Bearer error=\\"invalid_token\\""}}`);
		assert.ok(e.items.some((i) => i.id === 'oauth:invalid_token'), e.items.map((i) => i.id).join(','));
	});
});

describe('knowledge: problem+json and JSON error bodies', () => {
	it('reads RFC 9457 members and keeps extensions', () => {
		const f = findJson('{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc","balance":30,"accounts":["/account/12345","/account/67890"]}')!;
		assert.equal(f.problem!.type, 'https://example.com/probs/out-of-credit');
		assert.equal(f.problem!.status, 403);
		assert.equal(f.status, 403);
		assert.equal(f.problem!.extensions.balance, '30');
		assert.equal(f.problem!.extensions.accounts, '["/account/12345","/account/67890"]');
	});

	it('finds the body inside a log line, and explains about:blank', () => {
		const e = explain('2024-05-01T10:00:00Z ERROR upstream said {"type":"about:blank","title":"Service Unavailable","status":503}');
		assert.deepEqual(e.items.map((i) => i.id), ['status:503', 'problem']);
		assert.ok(e.items[1]!.notes.some((n) => /about:blank/.test(n)));
	});

	it('reads OAuth token-endpoint errors with their description', () => {
		const e = explain('{"error":"invalid_grant","error_description":"Token has been expired or revoked."}');
		assert.equal(e.items[0]!.id, 'oauth:invalid_grant');
		assert.ok(e.items[0]!.notes.some((n) => /expired or revoked/.test(n)));
		assert.equal(e.items[0]!.error!.retry, 'never');
	});

	it('reads Google-style error objects', () => {
		const e = explain('{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}');
		assert.ok(e.items.some((i) => i.id === 'status:429'));
	});

	it('ignores JSON that is not an error body, and broken JSON', () => {
		assert.equal(findJson('{"name":"x","items":[1,2,3]}'), undefined);
		assert.equal(findJson('{"title": "unterminated'), undefined);
		assert.equal(findJson('}{'), undefined);
	});
});
