// The C# adapter's facts, asserted directly.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { csharpAdapter } from '../../src/core/languages/csharp';

const facts = async (text: string) => (await analyzeText(text, 'csharp')).facts;
const options = { extraHttpFunctions: [] as string[] };

describe('csharp adapter', () => {
	it('skips files with no HTTP client, retry library or status', () => {
		assert.equal(csharpAdapter.mightMatter('class A { void M() {} }', options), false);
		assert.equal(csharpAdapter.mightMatter('class A { HttpClient c; }', options), true);
	});

	it('recognises HttpClient calls: methods, throwing helpers, default timeout', async () => {
		const { httpCalls } = await facts(`
class A {
	private readonly HttpClient _http;
	async Task M(HttpClient c, IHttpClientFactory f) {
		var x = f.CreateClient("x");
		await _http.GetAsync("u");
		await c.PostAsJsonAsync("u", 1);
		await x.GetFromJsonAsync<int>("u");
		await this._http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "u"));
		var req = new HttpRequestMessage(HttpMethod.Patch, "u");
		await c.SendAsync(req);
	}
}`);
		assert.deepEqual(
			httpCalls.map((c) => [c.method, c.throwsOnHttpError, c.timeout]),
			[
				['GET', false, 'default'],
				['POST', false, 'default'],
				['GET', true, 'default'],
				['DELETE', false, 'default'],
				['PATCH', false, 'default'],
			],
		);
	});

	it('follows the response: EnsureSuccessStatusCode, Content, chained use, escape', async () => {
		const { httpCalls } = await facts(`
class A {
	HttpClient c;
	async Task<string> a() { var r = await c.GetAsync("u"); r.EnsureSuccessStatusCode(); return await r.Content.ReadAsStringAsync(); }
	async Task<string> b() { using var r = await c.GetAsync("u").ConfigureAwait(false); return await r.Content.ReadAsStringAsync(); }
	async Task<string> d() => await (await c.GetAsync("u")).Content.ReadAsStringAsync();
	Task<HttpResponseMessage> e() => c.GetAsync("u");
}`);
		assert.deepEqual(
			httpCalls.map((c) => [c.response.statusChecked, c.response.bodyUsed, c.response.escapes]),
			[
				[true, true, false],
				[false, true, false],
				[false, true, false],
				[false, false, true],
			],
		);
	});

	it('reads a retry loop around a throwing call, with a catch filter', async () => {
		const { retries, catches } = await facts(`
class A {
	HttpClient c;
	async Task<string> M() {
		for (var i = 0; i < 4; i++) {
			try { return await c.GetStringAsync("u"); }
			catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable) { await Task.Delay(1000); }
		}
		return null;
	}
}`);
		assert.equal(retries.length, 1);
		assert.deepEqual(retries[0].attempts.kind === 'bounded' && retries[0].attempts.max, 4);
		assert.deepEqual(retries[0].delay.kind === 'constant' && retries[0].delay.ms, 1000);
		assert.deepEqual(retries[0].retryOn.statuses, [503]);
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
		assert.equal(catches[0].handling, 'handled');
	});

	it('reads Polly v8 options, the standard handler and Polly v7 policies', async () => {
		const { retries } = await facts(`
class A {
	object a = new RetryStrategyOptions();
	object b = new HttpRetryStrategyOptions { MaxRetryAttempts = 5 };
	object c = new RetryStrategyOptions<HttpResponseMessage> { BackoffType = DelayBackoffType.Exponential, ShouldHandle = new PredicateBuilder<HttpResponseMessage>().HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests) };
	void M(IServiceCollection s) { s.AddHttpClient("x").AddStandardResilienceHandler(); }
	object d = HttpPolicyExtensions.HandleTransientHttpError().OrResult(r => r.StatusCode == HttpStatusCode.Unauthorized).WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(Math.Pow(2, i)));
}`);
		assert.equal(retries.length, 5);
		const [a, b, c, std, d] = retries;
		assert.deepEqual([a.attempts, a.delay.kind, a.delay.kind === 'constant' && a.delay.ms], [{ kind: 'bounded', max: 4 }, 'constant', 2000]);
		assert.deepEqual([b.attempts, b.delay.kind === 'exponential' && b.delay.jitter, b.honoursRetryAfter], [{ kind: 'bounded', max: 6 }, true, true]);
		assert.deepEqual([c.retryOn.kind, c.retryOn.statuses, c.delay.kind === 'exponential' && c.delay.jitter], ['statuses', [429], false]);
		assert.equal(std.library, 'Microsoft.Extensions.Http.Resilience');
		assert.deepEqual([d.attempts, d.delay.kind, d.retryOn.statuses.includes(401), d.retryOn.excludesAuthFailures], [{ kind: 'bounded', max: 4 }, 'exponential', true, false]);
	});

	it('finds status references: enum members, StatusCodes, casts, case labels', async () => {
		const { statusCodeRefs } = await facts(`
class A {
	void M(HttpResponseMessage r) {
		if ((int)r.StatusCode == 429 || r.StatusCode == HttpStatusCode.Unauthorized) {}
		switch ((int)r.StatusCode) { case 403: break; }
		var x = StatusCodes.Status401Unauthorized;
		var y = (HttpStatusCode)503;
		var timeout = 500;
	}
}`);
		assert.deepEqual(
			statusCodeRefs.map((r) => [r.code, r.form]),
			[
				[429, 'literal'],
				[401, 'constant'],
				[403, 'literal'],
				[401, 'constant'],
				[503, 'literal'],
			],
		);
	});

	it('copes with broken syntax', async () => {
		const result = await analyzeText('class A { HttpClient c; async Task M() { for (var i = 0; i < 3; i++ { await c.GetAsync("u"); } }', 'csharp');
		assert.ok(result.hasSyntaxErrors);
		assert.ok(Array.isArray(result.findings));
	});
});
