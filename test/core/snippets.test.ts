// The helpers that fixes insert: nothing secret can reach a log through them, and the
// backoff stays within its bounds. The JavaScript helper runs in a VM and the Python one
// in python3, each on a failure that carries credentials everywhere a client puts them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vm from 'node:vm';
import { jsBackoffHelper, jsDescribeHelper, JS_DESCRIBE_NAME, PY_DESCRIBE_IMPORTS, PY_DESCRIBE_NAME, pyBackoffHelper, pyDescribeHelper, PY_BACKOFF_IMPORTS, PY_BACKOFF_NAME } from '../../src/core/fixes/snippets';

const CREDENTIAL_NAMES = /authorization|cookie|set-cookie|proxy-authorization|api[-_]?key|token|password|secret/i;
const JS = { indent: '\t', semicolons: true, typescript: false };

const SECRETS = ['SECRET-AUTH', 'SECRET-COOKIE', 'SECRET-QUERY', 'hunter2', 'SECRET-BODY', 'SECRET-MESSAGE'];
const failingUrl = 'https://alice:hunter2@api.example.com/v1/users?access_token=SECRET-QUERY&page=2#frag';

describe('inserted helpers', () => {
	it('name no credential in any logging snippet', () => {
		for (const snippet of [jsDescribeHelper(JS), jsDescribeHelper({ ...JS, typescript: true }), pyDescribeHelper({ indent: '    ' })]) {
			assert.doesNotMatch(snippet, CREDENTIAL_NAMES);
		}
	});

	it('JavaScript: an axios-style failure logs method, clean URL, status and request id, and no secret', () => {
		const describe = vm.runInNewContext(`${jsDescribeHelper(JS)}\n${JS_DESCRIBE_NAME}`, { URL, Date, String, Boolean });
		const error = {
			name: 'AxiosError',
			code: 'ERR_BAD_REQUEST',
			message: `Request failed with status code 401 SECRET-MESSAGE ${failingUrl}`,
			config: { url: failingUrl, method: 'get', headers: { Authorization: 'Bearer SECRET-AUTH', Cookie: 'sid=SECRET-COOKIE' }, data: 'SECRET-BODY' },
			response: { status: 401, data: 'SECRET-BODY', headers: { 'x-request-id': 'req-42', 'set-cookie': 'sid=SECRET-COOKIE', authorization: 'SECRET-AUTH' } },
		};
		const logged = JSON.stringify(describe(error, 2, Date.now() - 1500));
		for (const secret of SECRETS) assert.ok(!logged.includes(secret), `${secret} reached the log: ${logged}`);
		const record = JSON.parse(logged);
		assert.equal(record.url, 'https://api.example.com/v1/users');
		assert.equal(record.method, 'GET');
		assert.equal(record.status, 401);
		assert.equal(record.requestId, 'req-42');
		assert.equal(record.attempt, 2);
		assert.ok(record.elapsedMs >= 1500);
	});

	it('JavaScript: a fetch-style failure with a Headers object and a relative URL', () => {
		const describe = vm.runInNewContext(`${jsDescribeHelper(JS)}\n${JS_DESCRIBE_NAME}`, { URL, Date, String, Boolean });
		const headers = new Map([['cf-ray', 'ray-7'], ['authorization', 'SECRET-AUTH']]);
		const error = { name: 'HttpError', status: 503, response: { status: 503, url: '/v1/orders?api_key=SECRET-QUERY', headers } };
		const logged = JSON.stringify(describe(error));
		for (const secret of SECRETS) assert.ok(!logged.includes(secret), `${secret} reached the log: ${logged}`);
		assert.equal(JSON.parse(logged).url, '/v1/orders');
		assert.equal(JSON.parse(logged).requestId, 'ray-7');
	});

	it('JavaScript: the backoff waits within full-jitter bounds and honours Retry-After', async () => {
		const waits: number[] = [];
		const fakeTimeout = (resolve: () => void, ms: number) => {
			waits.push(ms);
			resolve();
		};
		const backoff = vm.runInNewContext(`${jsBackoffHelper(JS)}\nbackoffWithJitter`, { Math, Number, Date, Promise, setTimeout: fakeTimeout });
		for (let attempt = 0; attempt < 10; attempt++) await backoff(attempt);
		waits.forEach((ms, attempt) => assert.ok(ms >= 0 && ms <= Math.min(20000, 250 * 2 ** attempt), `attempt ${attempt} waited ${ms}`));
		await backoff(0, '7');
		assert.equal(waits.at(-1), 7000);
		await backoff(0, '3600');
		assert.equal(waits.at(-1), 60000, 'Retry-After is capped');
	});

	it('Python: a requests-style failure logs no secret, and the backoff is bounded', function () {
		const program = [
			...[...new Set([...PY_DESCRIBE_IMPORTS, ...PY_BACKOFF_IMPORTS])].map((module) => `import ${module}`),
			'import json, time',
			pyDescribeHelper({ indent: '    ' }),
			pyBackoffHelper({ indent: '    ' }),
			'class Obj:',
			'    def __init__(self, **kw): self.__dict__.update(kw)',
			`request = Obj(method="POST", url=${JSON.stringify(failingUrl)}, headers={"Authorization": "Bearer SECRET-AUTH"}, body="SECRET-BODY")`,
			'response = Obj(status_code=403, headers={"x-request-id": "req-9", "Set-Cookie": "sid=SECRET-COOKIE"}, text="SECRET-BODY", request=request)',
			'exc = Obj(response=response, request=request, args=("SECRET-MESSAGE",))',
			`record = ${PY_DESCRIBE_NAME}(exc, attempt=1, started_at=time.monotonic())`,
			`waits = [${PY_BACKOFF_NAME}(n) for n in range(10)]`,
			'assert all(0 <= w <= min(20.0, 0.25 * 2 ** n) for n, w in enumerate(waits)), waits',
			`assert ${PY_BACKOFF_NAME}(0, "7") == 7.0`,
			`assert ${PY_BACKOFF_NAME}(0, "99999") == 60.0`,
			`assert 0 <= ${PY_BACKOFF_NAME}(0, "Wed, 21 Oct 2015 07:28:00 GMT") <= 60.0`,
			'print(json.dumps(record))',
		].join('\n');
		const logged = execFileSync('python3', ['-c', program], { encoding: 'utf8' });
		for (const secret of SECRETS) assert.ok(!logged.includes(secret), `${secret} reached the log: ${logged}`);
		const record = JSON.parse(logged);
		assert.equal(record.url, 'https://api.example.com/v1/users');
		assert.equal(record.method, 'POST');
		assert.equal(record.status, 403);
		assert.equal(record.request_id, 'req-9');
	});
});
