// The Java adapter's facts, asserted directly.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { javaAdapter } from '../../src/core/languages/java';

const facts = async (text: string) => (await analyzeText(text, 'java')).facts;
const options = { extraHttpFunctions: [] as string[] };
const IMPORTS = 'import java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n';

describe('java adapter', () => {
	it('skips files with no HTTP client, retry library or status', () => {
		assert.equal(javaAdapter.mightMatter('class A { void m() {} }', options), false);
		assert.equal(javaAdapter.mightMatter('import java.net.http.HttpClient;', options), true);
	});

	it('recognises clients: java.net.http, OkHttp, RestTemplate, WebClient, HttpURLConnection', async () => {
		const { httpCalls } = await facts(`${IMPORTS}
class A {
	HttpClient client = HttpClient.newHttpClient();
	OkHttpClient ok = new OkHttpClient();
	RestTemplate rest = new RestTemplate();
	WebClient web = WebClient.create("u");
	void m(URL url) throws Exception {
		HttpRequest req = HttpRequest.newBuilder(URI.create("u")).POST(BodyPublishers.noBody()).build();
		client.send(req, BodyHandlers.ofString());
		Request r = new Request.Builder().url("u").build();
		ok.newCall(r).execute();
		rest.getForObject("u", String.class);
		web.put().uri("u").retrieve().bodyToMono(String.class);
		HttpURLConnection conn = (HttpURLConnection) url.openConnection();
	}
}`);
		assert.deepEqual(
			httpCalls.map((c) => [c.client, c.method, c.timeout, c.throwsOnHttpError]),
			[
				['java.net.http', 'POST', 'none', false],
				['okhttp', 'GET', 'default', false],
				['RestTemplate', 'GET', 'none', true],
				['WebClient', 'PUT', 'none', true],
				['HttpURLConnection', 'GET', 'none', true],
			],
		);
	});

	it('reads a loop around send with Thread.sleep and the statuses it retries', async () => {
		const { retries } = await facts(`${IMPORTS}
class A {
	HttpClient client;
	String m(HttpRequest req) throws Exception {
		for (int i = 1; i <= 3; i++) {
			HttpResponse<String> r = client.send(req, BodyHandlers.ofString());
			if (r.statusCode() == 503) { Thread.sleep(1000); continue; }
			return r.body();
		}
		return null;
	}
}`);
		assert.equal(retries.length, 1);
		assert.deepEqual(retries[0].attempts.kind === 'bounded' && retries[0].attempts.max, 3);
		assert.deepEqual(retries[0].delay.kind === 'constant' && retries[0].delay.ms, 1000);
		assert.deepEqual(retries[0].retryOn.statuses, [503]);
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
	});

	it('reads resilience4j and Reactor retry settings', async () => {
		const { retries } = await facts(`
class A {
	RetryConfig a = RetryConfig.ofDefaults();
	RetryConfig b = RetryConfig.custom().maxAttempts(5).intervalFunction(IntervalFunction.ofExponentialBackoff(100, 2)).build();
	WebClient web = WebClient.create("u");
	Mono<String> m() { return web.get().uri("u").retrieve().bodyToMono(String.class).retryWhen(Retry.backoff(2, Duration.ofMillis(100)).jitter(0)); }
	Mono<String> n() { return web.get().uri("u").retrieve().bodyToMono(String.class).retry(); }
}`);
		assert.equal(retries.length, 4);
		const [a, b, m, n] = retries;
		assert.deepEqual([a.attempts, a.delay.kind === 'constant' && a.delay.ms], [{ kind: 'bounded', max: 3 }, 500]);
		assert.deepEqual([b.attempts, b.delay.kind === 'exponential' && b.delay.jitter], [{ kind: 'bounded', max: 5 }, false]);
		assert.deepEqual([m.attempts, m.delay.kind === 'exponential' && m.delay.jitter, m.retryOn.kind, m.retryOn.excludesAuthFailures], [{ kind: 'bounded', max: 3 }, false, 'any-error', false]);
		assert.deepEqual([n.attempts.kind, n.delay.kind], ['unbounded', 'none']);
	});

	it('finds status references: constants, comparisons, case labels, ResponseEntity.status', async () => {
		const { statusCodeRefs } = await facts(`
class A {
	void m(HttpResponse<String> r, HttpURLConnection c) throws Exception {
		if (r.statusCode() == 403 || c.getResponseCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {}
		switch (r.statusCode()) { case 429: break; }
		var x = HttpStatus.FORBIDDEN;
		ResponseEntity.status(401);
		int timeout = 500;
	}
}`);
		assert.deepEqual(
			statusCodeRefs.map((r) => [r.code, r.form]),
			[
				[403, 'literal'],
				[401, 'constant'],
				[429, 'literal'],
				[403, 'constant'],
				[401, 'literal'],
			],
		);
	});

	it('copes with broken syntax', async () => {
		const result = await analyzeText(`${IMPORTS}class A { HttpClient c; void m() { for (int i = 0; i < 3; i++ { c.send(r, h); } }`, 'java');
		assert.ok(result.hasSyntaxErrors);
		assert.ok(Array.isArray(result.findings));
	});
});
