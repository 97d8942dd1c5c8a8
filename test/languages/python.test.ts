// The Python adapter's facts, asserted directly.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { pythonAdapter } from '../../src/core/languages/python';
import { createParser } from '../../src/core/parser';

const analyze = (text: string) => analyzeText(text, 'python');
const facts = async (text: string) => (await analyze(text)).facts;
const options = { extraHttpFunctions: [] as string[] };

describe('python adapter', () => {
	it('skips files with no HTTP client, retry library or status', () => {
		assert.equal(pythonAdapter.mightMatter('def add(a, b):\n    return a + b\n', options), false);
		assert.equal(pythonAdapter.mightMatter('import requests\n', options), true);
		assert.equal(pythonAdapter.mightMatter('from tenacity import retry\n', options), true);
		assert.equal(pythonAdapter.mightMatter('api_get(url)\n', { extraHttpFunctions: ['api_get'] }), true);
	});

	it('reads imports, aliases included', async () => {
		const { imports, httpCalls } = await facts('import requests as rq\nfrom httpx import AsyncClient\nimport urllib.request\nrq.get(u, timeout=3)\n');
		assert.deepEqual(imports.map((i) => i.module), ['requests', 'httpx', 'urllib']);
		assert.deepEqual(httpCalls.map((c) => [c.client, c.method, c.timeout]), [['requests', 'GET', 'set']]);
	});

	it('recognises clients, methods and timeouts', async () => {
		const { httpCalls } = await facts(`
import aiohttp
import httpx
import requests
import urllib3
from urllib.request import urlopen

pool = urllib3.PoolManager()

def sync(url):
    requests.post(url)
    requests.request("PATCH", url, timeout=5)
    with requests.Session() as s:
        s.delete(url)
    httpx.get(url)
    httpx.get(url, timeout=None)
    pool.request("PUT", url)
    urlopen(url)
    requests.get(url, **kw)

async def run(url):
    async with httpx.AsyncClient() as client:
        await client.get(url)
    async with aiohttp.ClientSession() as session:
        async with session.post(url) as resp:
            pass
`);
		assert.deepEqual(
			httpCalls.map((c) => [c.client, c.method, c.timeout, c.throwsOnHttpError]),
			[
				['requests', 'POST', 'none', false],
				['requests', 'PATCH', 'set', false],
				['requests', 'DELETE', 'none', false],
				['httpx', 'GET', 'default', false],
				['httpx', 'GET', 'none', false],
				['urllib3', 'PUT', 'none', false],
				['urllib', undefined, 'none', true],
				['requests', 'GET', 'unknown', false],
				['httpx', 'GET', 'default', false],
				['aiohttp', 'POST', 'default', false],
			],
		);
	});

	it('treats configured wrappers as HTTP calls', async () => {
		const parser = await createParser('tree-sitter-python');
		const tree = parser.parse('def f(u):\n    r = api_get(u)\n    return r.json()\n')!;
		const own = pythonAdapter.extractFacts(tree, 'python', { extraHttpFunctions: ['api_get'] });
		assert.deepEqual(own.httpCalls.map((c) => [c.client, c.timeout, c.response.bodyUsed]), [['api_get', 'unknown', true]]);
	});

	it('follows the response: status checks, body reads, escapes', async () => {
		const { httpCalls } = await facts(`
import requests

def a(u):
    r = requests.get(u, timeout=1)
    return r.json()

def b(u):
    r = requests.get(u, timeout=1)
    r.raise_for_status()
    return r.json()

def c(u):
    r = requests.get(u, timeout=1)
    if not r:
        return None
    return r.text

def d(u):
    return requests.get(u, timeout=1)

def e(u):
    return requests.get(u, timeout=1).content

async def f(session: aiohttp.ClientSession, u):
    async with session.get(u) as resp:
        if resp.status == 200:
            return await resp.json()
`);
		assert.deepEqual(
			httpCalls.map((c) => [c.response.statusChecked, c.response.bodyUsed, c.response.escapes]),
			[
				[false, true, false],
				[true, true, false],
				[true, true, false],
				[false, false, true],
				[false, true, false],
				[true, true, false],
			],
		);
	});

	it('tenacity bare @retry: unbounded, no delay, any error', async () => {
		const { retries } = await facts(`
import requests
from tenacity import retry

@retry
def f(u):
    r = requests.get(u, timeout=5)
    r.raise_for_status()
    return r.json()
`);
		assert.equal(retries.length, 1);
		const [r] = retries;
		assert.equal(r.library, 'tenacity');
		assert.deepEqual(r.attempts, { kind: 'unbounded' });
		assert.deepEqual(r.delay, { kind: 'none' });
		assert.equal(r.retryOn.kind, 'any-error');
		assert.equal(r.retryOn.excludesAuthFailures, false);
		assert.equal(r.headSpan.start.character, 0);
		assert.deepEqual(r.callIds, [0]);
	});

	it('tenacity settings: stop, wait, retry', async () => {
		const { retries } = await facts(`
import requests
from tenacity import retry, stop_after_attempt, stop_after_delay, wait_exponential, wait_random, wait_fixed, retry_if_exception_type

@retry(stop=stop_after_attempt(4) | stop_after_delay(30), wait=wait_exponential(multiplier=0.5, max=10) + wait_random(0, 1), retry=retry_if_exception_type(requests.ConnectionError))
def f(u):
    return requests.get(u, timeout=5).json()

@retry(stop=stop_after_attempt(3), wait=wait_fixed(2))
def g(u):
    return requests.get(u, timeout=5).json()
`);
		const [f, g] = retries;
		assert.deepEqual(f.attempts.kind === 'bounded' && f.attempts.max, 4);
		assert.equal(f.hasDeadline, true);
		assert.equal(f.delay.kind, 'exponential');
		assert.equal(f.delay.kind === 'exponential' && f.delay.jitter, true);
		assert.equal(f.delay.kind === 'exponential' && f.delay.baseMs, 500);
		assert.equal(f.delay.kind === 'exponential' && f.delay.capMs, 10000);
		assert.equal(f.retryOn.excludesAuthFailures, true);
		assert.equal(g.delay.kind === 'constant' && g.delay.ms, 2000);
	});

	it('urllib3 Retry: attempts, exponential backoff, status list, methods, Retry-After', async () => {
		const { retries, statusCodeRefs } = await facts(`
from urllib3.util.retry import Retry
from requests.adapters import HTTPAdapter

adapter = HTTPAdapter(max_retries=Retry(total=5, backoff_factor=0.5, status_forcelist=[429, 503], allowed_methods=None))
`);
		assert.equal(retries.length, 1);
		const [r] = retries;
		assert.equal(r.library, 'urllib3');
		assert.deepEqual(r.attempts.kind === 'bounded' && r.attempts.max, 6);
		assert.equal(r.delay.kind, 'exponential');
		assert.equal(r.delay.kind === 'exponential' && r.delay.jitter, false);
		assert.equal(r.delay.kind === 'exponential' && r.delay.baseMs, 500);
		assert.deepEqual(r.retryOn.statuses, [429, 503]);
		assert.equal(r.retryOn.kind, 'statuses');
		assert.equal(r.honoursRetryAfter, true);
		assert.ok(r.libraryMethods?.includes('POST'));
		assert.deepEqual(statusCodeRefs.map((s) => s.code), [429, 503]);
	});

	it('urllib3 Retry defaults: 10 retries, no wait, network errors only', async () => {
		const { retries } = await facts('import urllib3\nhttp = urllib3.PoolManager(retries=urllib3.Retry())\n');
		assert.deepEqual(retries[0].attempts, { kind: 'bounded', max: 11 });
		assert.deepEqual(retries[0].delay, { kind: 'none' });
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
	});

	it('backoff: generators, max_tries, max_time, jitter', async () => {
		const { retries } = await facts(`
import backoff
import requests

@backoff.on_exception(backoff.expo, requests.RequestException, max_tries=4)
def a(u):
    r = requests.get(u, timeout=5)
    r.raise_for_status()

@backoff.on_exception(backoff.expo, requests.ConnectionError, max_time=30, jitter=None)
def b(u):
    requests.get(u, timeout=5)

@backoff.on_exception(backoff.constant, Exception, interval=2)
def c(u):
    requests.get(u, timeout=5)
`);
		const [a, b, c] = retries;
		assert.deepEqual(a.attempts.kind === 'bounded' && a.attempts.max, 4);
		assert.deepEqual(a.delay.kind === 'exponential' && a.delay.jitter, true);
		assert.equal(a.retryOn.kind, 'any-error');
		assert.equal(a.retryOn.excludesAuthFailures, false);
		assert.equal(b.attempts.kind, 'unbounded');
		assert.equal(b.hasDeadline, true);
		assert.deepEqual(b.delay.kind === 'exponential' && b.delay.jitter, false);
		assert.equal(c.attempts.kind, 'unbounded');
		assert.deepEqual(c.delay.kind === 'constant' && c.delay.ms, 2000);
	});

	it('retry loops: range, while True with a counter, a loop over data', async () => {
		const { retries } = await facts(`
import random, time, requests

def a(u):
    for attempt in range(3):
        try:
            r = requests.get(u, timeout=5)
            r.raise_for_status()
            return r.json()
        except requests.ConnectionError:
            time.sleep(2 ** attempt)

def b(u):
    n = 0
    while True:
        r = requests.get(u, timeout=5)
        if r.status_code in (429, 503):
            n += 1
            if n >= 4:
                raise RuntimeError("busy")
            time.sleep(random.uniform(0, 2 ** n))
            continue
        return r.json()

def c(urls):
    for u in urls:
        r = requests.get(u, timeout=5)
        if r.ok:
            return r.json()
        time.sleep(1)
`);
		assert.equal(retries.length, 2);
		const [a, b] = retries;
		assert.deepEqual(a.attempts.kind === 'bounded' && a.attempts.max, 3);
		assert.deepEqual(a.delay.kind === 'exponential' && a.delay.jitter, false);
		assert.equal(a.retryOn.excludesAuthFailures, true);
		assert.equal(a.headSpan.start.character, 4);
		assert.deepEqual(b.attempts.kind === 'bounded' && b.attempts.max, 4);
		assert.equal(b.delay.kind === 'exponential' && b.delay.jitter, true);
		assert.deepEqual(b.retryOn.statuses, [429, 503]);
		assert.equal(b.retryOn.excludesAuthFailures, true);
	});

	it('not-awaited asyncio.sleep and recursion from an except', async () => {
		const { retries } = await facts(`
import asyncio, httpx, requests

async def a(client: httpx.AsyncClient, u):
    while True:
        try:
            return (await client.get(u)).json()
        except httpx.TransportError:
            asyncio.sleep(1)

def b(u):
    try:
        return requests.get(u, timeout=5).json()
    except requests.ConnectionError:
        return b(u)
`);
		assert.deepEqual(retries.map((r) => [r.kind, r.delay.kind, r.attempts.kind]), [
			['loop', 'not-awaited', 'unbounded'],
			['recursion', 'none', 'unbounded'],
		]);
	});

	it('except clauses: empty, default value, handled', async () => {
		const { catches } = await facts(`
import logging, requests
log = logging.getLogger()

def f(u):
    try:
        requests.get(u, timeout=5).raise_for_status()
    except Exception:
        pass
    try:
        return requests.get(u, timeout=5).json()
    except requests.RequestException:
        return None
    try:
        return requests.get(u, timeout=5).json()
    except requests.RequestException as e:
        log.warning("failed: %s", e)
        return None
    try:
        return requests.get(u, timeout=5).json()
    except ValueError:
        return None
`);
		assert.deepEqual(catches.map((c) => c.handling), ['empty', 'default-value', 'handled']);
	});

	it('401 handlers: replay without a guard, and with one', async () => {
		const { authRefreshes, retries } = await facts(`
import requests

class C:
    def get(self, p):
        r = self.s.get(p, timeout=5)
        if r.status_code == 401:
            self.refresh_token()
            return self.get(p)
        return r.json()

    def put(self, p, retried=False):
        r = self.s.put(p, timeout=5)
        if r.status_code == 401 and not retried:
            self.refresh_token()
            return self.put(p, retried=True)
        return r.json()
`);
		assert.deepEqual(authRefreshes.map((h) => [h.kind, h.replays, h.hasOnceGuard]), [
			['status-branch', true, false],
			['status-branch', true, true],
		]);
		// The refresh-and-replay is the handler's, not a second retry.
		assert.equal(retries.length, 0);
	});

	it('status references: literals in status contexts and named constants, not other numbers', async () => {
		const { statusCodeRefs } = await facts(`
import requests
from http import HTTPStatus
from fastapi import HTTPException, status

def f(u):
    r = requests.get(u, timeout=401)
    if r.status_code == 401 or r.status_code in (403, 429):
        raise HTTPException(status_code=403)
    if r.status_code == HTTPStatus.FORBIDDEN:
        abort(404)
    if r.status_code == requests.codes.unauthorized:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE)
    x = 403
    time.sleep(500)
`);
		assert.deepEqual(
			statusCodeRefs.map((s) => [s.code, s.form]),
			[
				[401, 'literal'],
				[403, 'literal'],
				[429, 'literal'],
				[403, 'literal'],
				[403, 'constant'],
				[404, 'literal'],
				[401, 'constant'],
				[503, 'constant'],
			],
		);
	});

	it('never throws on broken input, and still reports the parts that parse', async () => {
		const text = `
import requests

def broken(:
    if r.status_code == 401 and
        pass

def fine(u):
    r = requests.get(u)
    return r.json()
`;
		const result = await analyze(text);
		assert.equal(result.hasSyntaxErrors, true);
		const rules = result.findings.map((f) => f.ruleId).sort();
		assert.ok(rules.includes('missing-request-timeout'), rules.join(','));
		assert.ok(rules.includes('unchecked-response-status'), rules.join(','));
		for (const junk of ['@retry(', 'try:\n  requests.get(', 'while True:\n  requests.get(u', 'except requests.RequestException:', '(((', 'import', 'from import', 'def f(): return f(']) {
			await assert.doesNotReject(analyze(`import requests\nfrom tenacity import retry\n${junk}\n`));
		}
	});
});
