import * as assert from 'node:assert/strict';
import { explain } from '../../src/core/knowledge/index';

// Real-world error strings, as clients and servers print them, with the item ids explain must find.
// `status:NNN` for status codes; `network:`, `tls:`, `client-timeout:`, `oauth:`, `www-authenticate:`, `problem` for the rest.
const CASES: [string, string[]][] = [
	// bare codes, status lines, constants
	['403', ['status:403']],
	['  429\n', ['status:429']],
	['HTTP/1.1 401 Unauthorized', ['status:401']],
	['HTTP/2 503', ['status:503']],
	['HTTP/1.0 302 Found', ['status:302']],
	['HTTP_401_UNAUTHORIZED', ['status:401']],
	['HttpStatusCode.TooManyRequests', ['status:429']],
	['http.StatusServiceUnavailable', ['status:503']],
	['Too Many Requests', ['status:429']],
	// JavaScript
	['AxiosError: Request failed with status code 401', ['status:401']],
	['Error: Request failed with status code 502\n    at settle (node_modules/axios/lib/core/settle.js:19:12)', ['status:502']],
	['Error: HTTP error! status: 404', ['status:404']],
	['FetchError: request to https://api.example.com/v1 failed, reason: connect ECONNREFUSED 127.0.0.1:443', ['network:ECONNREFUSED']],
	['TypeError: fetch failed\n  [cause]: Error: getaddrinfo ENOTFOUND api.example.invalid', ['network:ENOTFOUND']],
	['Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)', ['network:ECONNRESET']],
	['Error: socket hang up\n  code: \'ECONNRESET\'', ['network:SOCKET_HANG_UP']],
	['Error: connect ETIMEDOUT 10.0.0.12:443', ['network:ETIMEDOUT']],
	['Error: getaddrinfo EAI_AGAIN registry.npmjs.org', ['network:EAI_AGAIN']],
	['AxiosError: timeout of 5000ms exceeded\n  code: \'ECONNABORTED\'', ['client-timeout:CLIENT_TIMEOUT']],
	['TypeError: fetch failed\n  [cause]: ConnectTimeoutError: Connect Timeout Error (attempted address: api.example.com:443, timeout: 10000ms)\n  code: \'UND_ERR_CONNECT_TIMEOUT\'', ['network:ETIMEDOUT']],
	['HeadersTimeoutError: Headers Timeout Error\n  code: \'UND_ERR_HEADERS_TIMEOUT\'', ['client-timeout:CLIENT_TIMEOUT']],
	['SocketError: other side closed\n  code: \'UND_ERR_SOCKET\'', ['network:SOCKET_HANG_UP']],
	['DOMException [TimeoutError]: The operation was aborted due to timeout', ['client-timeout:CLIENT_TIMEOUT']],
	['AbortError: This operation was aborted', ['network:ABORTED']],
	['Error: unable to verify the first certificate\n  code: \'UNABLE_TO_VERIFY_LEAF_SIGNATURE\'', ['tls:UNABLE_TO_VERIFY_LEAF_SIGNATURE']],
	['Error: self-signed certificate in certificate chain\n  code: \'SELF_SIGNED_CERT_IN_CHAIN\'', ['tls:SELF_SIGNED_CERT']],
	['Error: self signed certificate', ['tls:SELF_SIGNED_CERT']],
	['Error: certificate has expired\n  code: \'CERT_HAS_EXPIRED\'', ['tls:CERT_HAS_EXPIRED']],
	["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: api.internal. is not in the cert's altnames: DNS:*.example.com", ['tls:ERR_TLS_CERT_ALTNAME_INVALID']],
	['TypeError: Failed to fetch', ['network:FETCH_FAILED']],
	['AxiosError: Network Error\n  code: \'ERR_NETWORK\'', ['network:FETCH_FAILED']],
	['Error: write EPIPE', ['network:EPIPE']],
	// Python
	['requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.github.com/repos/o/r', ['status:403']],
	['requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://example.com/api', ['status:500']],
	["httpx.HTTPStatusError: Client error '429 Too Many Requests' for url 'https://api.example.com/v1/items'", ['status:429']],
	["aiohttp.client_exceptions.ClientResponseError: 401, message='Unauthorized', url=URL('https://api.example.com')", ['status:401']],
	['urllib.error.HTTPError: HTTP Error 403: Forbidden', ['status:403']],
	["requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1 (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))", ['network:ECONNREFUSED']],
	["requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=10)", ['client-timeout:CLIENT_TIMEOUT']],
	["requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))", ['network:SOCKET_HANG_UP']],
	["requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))", ['network:ECONNRESET']],
	["requests.exceptions.SSLError: HTTPSConnectionPool(host='x', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))", ['tls:UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
	["socket.gaierror: [Errno -3] Temporary failure in name resolution", ['network:EAI_AGAIN']],
	["requests.exceptions.TooManyRedirects: Exceeded 30 redirects.", ['network:TOO_MANY_REDIRECTS']],
	// Go
	['unexpected status 503', ['status:503']],
	['api: unexpected status code: 429 Too Many Requests', ['status:429']],
	['Get "https://api.example.com/v1": dial tcp 93.184.216.34:443: connect: connection refused', ['network:ECONNREFUSED']],
	['Get "https://api.example.com/v1": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', ['client-timeout:CLIENT_TIMEOUT']],
	['Post "https://api.example.com/v1": EOF', ['network:SOCKET_HANG_UP']],
	['dial tcp: lookup api.example.invalid: no such host', ['network:ENOTFOUND']],
	['read tcp 10.0.0.5:51234->93.184.216.34:443: read: connection reset by peer', ['network:ECONNRESET']],
	['Get "https://internal.corp": tls: failed to verify certificate: x509: certificate signed by unknown authority', ['tls:UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
	['x509: certificate is valid for *.example.com, example.com, not api.other.com', ['tls:ERR_TLS_CERT_ALTNAME_INVALID']],
	['Get "https://localhost:8080": http: server gave HTTP response to HTTPS client', ['tls:TLS_WRONG_VERSION']],
	['Get "https://x": stopped after 10 redirects', ['network:TOO_MANY_REDIRECTS']],
	// Java
	['java.io.IOException: Server returned HTTP response code: 401 for URL: https://api.example.com/v1', ['status:401']],
	['java.io.IOException: Unexpected code Response{protocol=h2, code=403, message=, url=https://api.example.com/}', ['status:403']],
	['org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 Unauthorized: [no body]', ['status:401']],
	['org.springframework.web.client.HttpServerErrorException$BadGateway: 502 Bad Gateway: "<html>..."', ['status:502']],
	['retrofit2.HttpException: HTTP 429 ', ['status:429']],
	['java.net.SocketTimeoutException: Read timed out', ['client-timeout:CLIENT_TIMEOUT']],
	['java.net.ConnectException: Connection refused', ['network:ECONNREFUSED']],
	['java.net.UnknownHostException: api.example.com: nodename nor servname provided, or not known', ['network:ENOTFOUND']],
	['java.net.SocketException: Connection reset', ['network:ECONNRESET']],
	['javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target', ['tls:UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
	['java.net.http.HttpTimeoutException: request timed out', ['client-timeout:CLIENT_TIMEOUT']],
	['java.io.IOException: unexpected end of stream on https://api.example.com/...', ['network:SOCKET_HANG_UP']],
	// .NET
	['System.Net.Http.HttpRequestException: Response status code does not indicate success: 401 (Unauthorized).', ['status:401']],
	['HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).', ['status:503']],
	["System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", ['client-timeout:CLIENT_TIMEOUT']],
	['System.Net.Http.HttpRequestException: No such host is known. (api.example.invalid:443)', ['network:ENOTFOUND']],
	['System.Net.Http.HttpRequestException: No connection could be made because the target machine actively refused it. (localhost:5001)', ['network:ECONNREFUSED']],
	['System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception. ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot', ['tls:TLS_HANDSHAKE_FAILED']],
	['System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.', ['network:ECONNRESET']],
	// curl, gh, generic
	['curl: (22) The requested URL returned error: 404', ['status:404']],
	['curl: (6) Could not resolve host: api.example.invalid', ['network:ENOTFOUND']],
	['HTTP 401: Bad credentials (https://api.github.com/user)', ['status:401']],
	['Error: 503 Service Unavailable', ['status:503']],
	['upstream connect error or disconnect/reset before headers. reset reason: connection failure, status: 503', ['status:503']],
	['{"statusCode":429,"message":"Rate exceeded"}', ['status:429']],
	// auth challenges and OAuth
	['WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"', ['www-authenticate:Bearer', 'oauth:invalid_token']],
	['Bearer error="insufficient_scope", scope="repo"', ['www-authenticate:Bearer', 'oauth:insufficient_scope']],
	['Proxy-Authenticate: NTLM', ['www-authenticate:NTLM']],
	['{"error":"invalid_grant","error_description":"Token has been expired or revoked."}', ['oauth:invalid_grant']],
	['{"error": "invalid_client", "error_description": "AADSTS7000222: The provided client secret keys are expired."}', ['oauth:invalid_client']],
	['{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc","balance":30}', ['status:403', 'problem']],
	// a paste with several things
	['HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"\nRetry-After: 30', ['status:401', 'www-authenticate:Bearer', 'oauth:invalid_token']],
	['Attempt 1 failed: Request failed with status code 503\nAttempt 2 failed: Error: read ECONNRESET', ['status:503', 'network:ECONNRESET']],
];

describe('knowledge: recognising real-world errors', () => {
	for (const [input, ids] of CASES) {
		it(`${JSON.stringify(input.length > 90 ? `${input.slice(0, 90)}…` : input)} → ${ids.join(', ')}`, () => {
			const e = explain(input);
			assert.equal(e.recognised, true, e.notes.join(' '));
			const got = e.items.map((i) => i.id);
			for (const id of ids) assert.ok(got.includes(id), `expected ${id}, got ${got.join(', ')}`);
			// nothing unrelated: every found item is expected
			assert.deepEqual(got.filter((g) => !ids.includes(g)), [], `unexpected items ${got.join(', ')}`);
		});
	}

	it('covers at least 40 distinct real-world strings', () => {
		assert.ok(new Set(CASES.map(([s]) => s)).size >= 40);
	});

	it('names everything in the title when a paste has several things', () => {
		const e = explain('HTTP/1.1 429 Too Many Requests\nRetry-After: 120\nX-RateLimit-Remaining: 0\n  at fetchAll (src/client.ts:42:11)\nError: read ECONNRESET');
		assert.match(e.title, /429 Too Many Requests/);
		assert.match(e.title, /ECONNRESET/);
		assert.ok(e.notes.some((n) => /wait 120 seconds/.test(n)), e.notes.join('\n'));
		assert.ok(e.notes.some((n) => /used up/.test(n)));
	});

	it('reads "token expired: refresh it" out of a Bearer challenge', () => {
		const e = explain('Bearer error="invalid_token", error_description="The access token expired"');
		const challenge = e.items.find((i) => i.kind === 'www-authenticate')!;
		assert.match(challenge.headline, /expired: refresh it/);
		assert.ok(challenge.notes.some((n) => /normally comes with 401/.test(n)));
	});

	it('names the missing scope for insufficient_scope', () => {
		const e = explain('Bearer error="insufficient_scope", scope="repo"');
		assert.match(e.items[0]!.headline, /lacks the scope "repo"/);
		assert.ok(e.items[0]!.notes.some((n) => /403 Forbidden/.test(n)));
		assert.equal(e.items.find((i) => i.kind === 'oauth')!.error!.retry, 'never');
	});

	it('does not read line numbers or durations as status codes', () => {
		for (const s of ['at Object.<anonymous> (/app/index.js:401:15)', 'took 500ms', 'listening on port 4030', 'version 1.502.3']) {
			const e = explain(s);
			assert.equal(e.items.filter((i) => i.kind === 'status').length, 0, `${s}: ${e.items.map((i) => i.id).join(',')}`);
		}
	});

	it('answers unknown input helpfully instead of failing', () => {
		const e = explain('the build is red again, no idea why');
		assert.equal(e.recognised, false);
		assert.equal(e.title, 'Not recognised');
		assert.ok(e.notes.some((n) => /Paste one of/.test(n)));
		const odd = explain('299');
		assert.equal(odd.recognised, false);
		assert.ok(odd.notes.some((n) => /success \(200\)/.test(n)), odd.notes.join('\n'));
		assert.equal(explain('').recognised, false);
	});
});
