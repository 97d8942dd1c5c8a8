// What the generic fix contract (fixes.test.ts) cannot see in the C# fixes: the logging
// uses the class's ILogger with a message template and names no credential, helpers and
// usings are added once, the method's CancellationToken is passed through, retry options
// are configured rather than replaced, and the fixer gives up where its edit would be wrong.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../src/core/analyze';
import { defaultConfig } from '../src/core/config';
import { applyEdits } from '../src/core/fixes/edits';
import { fixText } from '../src/core/fixes/index';
import type { Finding, Fix, RuleId } from '../src/core/types';

const RULES = path.join(__dirname, 'fixtures', 'rules');
const config = defaultConfig();
const analyze = (text: string) => analyzeText(text, 'csharp', config, { withFixes: true });
const CREDENTIAL_NAMES = /authorization|cookie|set-cookie|proxy-authorization|api[-_]?key|token|password|secret/i;

function fixture(rule: string, name = 'bad.cs'): string {
	return fs.readFileSync(path.join(RULES, rule, 'csharp', name), 'utf8');
}

/** The findings of a rule, by 1-based line. */
async function findingsOf(text: string, rule: RuleId): Promise<Map<number, Finding>> {
	const { findings } = await analyze(text);
	return new Map(findings.filter((f) => f.ruleId === rule).map((f) => [f.span.start.line + 1, f]));
}

async function preferredFix(text: string, rule: RuleId, line: number): Promise<Fix> {
	const finding = (await findingsOf(text, rule)).get(line);
	assert.ok(finding, `no ${rule} finding at line ${line}`);
	const fix = finding.fixes.find((f) => f.isPreferred);
	assert.ok(fix, `no preferred fix for ${rule} at line ${line}`);
	return fix;
}

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

/** The inserted lines that log. */
const loggingLines = (fix: Fix) => fix.edits.flatMap((edit) => edit.newText.split('\n')).filter((line) => /Log\w+\(|Trace\.Trace/.test(line));

describe('C# fixes', () => {
	describe('swallowed-http-error', () => {
		it("logs through the class's ILogger with a message template, the exception and a clean URL", async () => {
			const text = fixture('swallowed-http-error', 'bad_logger.cs');
			const fix = await preferredFix(text, 'swallowed-http-error', 29);
			const [line] = loggingLines(fix);
			assert.match(line, /^\s*_logger\.LogWarning\(ex, "HTTP \{Method\} \{Url\} failed: status \{Status\}, request id \{RequestId\}, after \{ElapsedMs\} ms", "GET", \$"https:\/\/api\.example\.com\/exports\/\{account\}", ex\.StatusCode, RequestIdOf\(response\), stopwatch\.ElapsedMilliseconds\);$/);
			assert.equal(fix.safe, true);
			const fixed = applyEdits(text, fix.edits);
			assert.match(fixed, /catch \(HttpRequestException ex\) \{/);
			// The request id helper reads allow-listed headers only, and is written in the file's K&R style.
			assert.match(fixed, /private static string\? RequestIdOf\(HttpResponseMessage\? response\) \{/);
			assert.match(fixed, /"x-request-id", "x-amzn-requestid", "x-ms-request-id", "x-correlation-id", "cf-ray", "x-github-request-id"/);
		});

		it('drops user info and query string from a literal URL, and names no credential', async () => {
			const text = fixture('swallowed-http-error', 'bad_logger.cs');
			const fix = await preferredFix(text, 'swallowed-http-error', 40);
			const [line] = loggingLines(fix);
			assert.match(line, /"https:\/\/push\.example\.com\/v1\/push"/);
			assert.match(line, /\(ex as HttpRequestException\)\?\.StatusCode/);
			assert.doesNotMatch(line, CREDENTIAL_NAMES);
			assert.match(applyEdits(text, fix.edits), /catch \(Exception ex\) \{/);
		});

		it('redacts a URL it cannot see at fix time with a helper, added once', async () => {
			const text = [
				'using System.Net.Http;',
				'using System.Threading.Tasks;',
				'',
				'public class Mirror',
				'{',
				'    private readonly HttpClient _http = new HttpClient();',
				'',
				'    public async Task<string?> FetchAsync(string url)',
				'    {',
				'        try',
				'        {',
				'            return await _http.GetStringAsync(url);',
				'        }',
				'        catch (HttpRequestException)',
				'        {',
				'            return null;',
				'        }',
				'    }',
				'',
				'    public async Task<string?> FetchTwiceAsync(string url)',
				'    {',
				'        try',
				'        {',
				'            return await _http.GetStringAsync(url) + await _http.GetStringAsync(url);',
				'        }',
				'        catch (HttpRequestException)',
				'        {',
				'            return null;',
				'        }',
				'    }',
				'}',
			].join('\n');
			const fix = await preferredFix(text, 'swallowed-http-error', 14);
			assert.match(loggingLines(fix)[0], /Trace\.TraceWarning\("HTTP \{0\} \{1\} failed: status \{2\}, error \{3\}", "GET", RedactUrl\(url\), ex\.StatusCode, ex\.GetType\(\)\.Name\);/);
			const { text: fixed } = await fixText(text, 'csharp', config, analyze);
			assert.equal(count(fixed, /private static string RedactUrl\(object\? url\)/), 1);
			assert.equal(count(fixed, /RedactUrl\(url\)/), 2);
			assert.equal(count(fixed, /using System;/), 1);
			assert.equal(count(fixed, /using System\.Diagnostics;/), 1);
		});

		it('never names a credential or reads a header outside the allow-list, in any fixture', async () => {
			for (const name of ['bad.cs', 'bad_logger.cs']) {
				for (const finding of (await findingsOf(fixture('swallowed-http-error', name), 'swallowed-http-error')).values()) {
					assert.ok(finding.fixes.length > 0);
					for (const fix of finding.fixes) {
						const inserted = fix.edits.map((edit) => edit.newText).join('\n');
						for (const line of loggingLines(fix)) assert.doesNotMatch(line, CREDENTIAL_NAMES);
						assert.doesNotMatch(inserted, /\.Message\b|Headers\.(Authorization|GetValues)|ProxyAuthorization/);
						assert.doesNotMatch(inserted.replace(/\/\/.*$/gm, ''), CREDENTIAL_NAMES);
					}
				}
			}
		});

		it('falls back to Trace when the class has no ILogger, and keeps what the handler did', async () => {
			const text = fixture('swallowed-http-error');
			const fix = await preferredFix(text, 'swallowed-http-error', 31);
			const fixed = applyEdits(text, fix.edits);
			assert.match(fixed, /Trace\.TraceWarning\("HTTP \{0\} \{1\} failed: status \{2\}, error \{3\}", "GET", "\/preferences", \(ex as HttpRequestException\)\?\.StatusCode, ex\.GetType\(\)\.Name\);\n\s+return null;/);
			assert.equal(count(fixed, /using System\.Diagnostics;/), 1);
		});

		it('opens up a one-line handler, and redacts a concatenated URL at run time', async () => {
			const text = [
				'using System.Net.Http;',
				'using Microsoft.Extensions.Logging;',
				'',
				'public class Weather',
				'{',
				'    private readonly HttpClient _client = new HttpClient();',
				'    private readonly ILogger _log;',
				'    private readonly string _baseUrl = "https://weather.example.com";',
				'',
				'    public Weather(ILogger<Weather> log) => _log = log;',
				'',
				'    public string? Get(string city)',
				'    {',
				'        try',
				'        {',
				'            return _client.GetStringAsync(_baseUrl + "/weather?city=" + city).Result;',
				'        }',
				'        catch { return null; }',
				'    }',
				'}',
			].join('\n');
			const fixed = applyEdits(text, (await preferredFix(text, 'swallowed-http-error', 18)).edits);
			assert.match(fixed, /        catch \(Exception ex\) \{\n            _log\.LogWarning\(ex, "HTTP \{Method\} \{Url\} failed: status \{Status\}", "GET", RedactUrl\(_baseUrl \+ "\/weather\?city=" \+ city\), \(ex as HttpRequestException\)\?\.StatusCode\);\n            return null;\n        \}/);
		});

		it("does not reach for an instance ILogger from a static method's lambda", async () => {
			const text = [
				'using System;',
				'using System.Net.Http;',
				'using System.Threading.Tasks;',
				'using Microsoft.Extensions.Logging;',
				'',
				'public class Warmup',
				'{',
				'    private static readonly HttpClient Http = new HttpClient();',
				'    private readonly ILogger<Warmup> _logger;',
				'',
				'    public Warmup(ILogger<Warmup> logger) => _logger = logger;',
				'',
				'    public static Func<Task> Ping() => async () =>',
				'    {',
				'        try',
				'        {',
				'            using var response = await Http.GetAsync("/ping");',
				'            response.EnsureSuccessStatusCode();',
				'        }',
				'        catch (HttpRequestException)',
				'        {',
				'        }',
				'    };',
				'}',
			].join('\n');
			const [line] = loggingLines(await preferredFix(text, 'swallowed-http-error', 20));
			assert.match(line, /^\s*Trace\.TraceWarning\(/);
		});

		it('offers rethrowing an emptied handler only as a reviewed alternative', async () => {
			const finding = (await findingsOf(fixture('swallowed-http-error'), 'swallowed-http-error')).get(19)!;
			const rethrow = finding.fixes.find((f) => /rethrow/.test(f.title));
			assert.ok(rethrow);
			assert.equal(rethrow.isPreferred, false);
			assert.equal(rethrow.safe, false);
			assert.match(applyEdits(fixture('swallowed-http-error'), rethrow.edits), /ex\.GetType\(\)\.Name\);\n\s+throw;\n\s+\}/);
		});
	});

	describe('backoff', () => {
		it('adds the helper and each using once when several findings of a file are fixed', async () => {
			const { text, fixed } = await fixText(fixture('tight-retry-loop'), 'csharp', config, analyze, { rule: 'tight-retry-loop' });
			assert.equal(fixed['tight-retry-loop'], 3);
			assert.equal(count(text, /private static TimeSpan ExponentialBackoffWithJitter\(/), 1);
			assert.equal(count(text, /using System\.Net\.Http\.Headers;/), 1);
			assert.equal(count(text, /\/\/ Added by HTTP Guard/), 1);
			// Sorted in with the existing usings.
			assert.match(text, /using System\.Net\.Http;\nusing System\.Net\.Http\.Headers;\nusing System\.Threading\.Tasks;/);
		});

		it('leaves no wait finding behind in any fixture: the analysis reads the inserted wait as jittered exponential backoff', async () => {
			const waits: RuleId[] = ['tight-retry-loop', 'retry-without-backoff', 'retry-without-jitter'];
			for (const rule of fs.readdirSync(RULES)) {
				const dir = path.join(RULES, rule, 'csharp');
				if (!fs.existsSync(dir)) continue;
				for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('bad'))) {
					const { text } = await fixText(fs.readFileSync(path.join(dir, name), 'utf8'), 'csharp', config, analyze, { unsafe: true });
					const left = (await analyze(text)).findings.filter((f) => waits.includes(f.ruleId));
					assert.deepEqual(left.map((f) => `${f.ruleId}:${f.span.start.line + 1}`), [], `${rule}/${name}`);
				}
			}
		});

		it("grows the wait on the loop's own counter when it counts every attempt", async () => {
			const text = [
				'using System.Net.Http;',
				'using System.Threading;',
				'using System.Threading.Tasks;',
				'',
				'public static class Ready',
				'{',
				'    public static async Task<HttpResponseMessage> WaitAsync(HttpClient http, string url, CancellationToken cancel)',
				'    {',
				'        var attempt = 0;',
				'        while (true)',
				'        {',
				'            attempt++;',
				'            var resp = await http.GetAsync(url, cancel);',
				'            if (resp.IsSuccessStatusCode) return resp;',
				'            await Task.Delay(500, cancel);',
				'        }',
				'        throw new HttpRequestException("not ready");',
				'    }',
				'}',
			].join('\n');
			const fixed = applyEdits(text, (await preferredFix(text, 'retry-without-backoff', 10)).edits);
			assert.match(fixed, /await Task\.Delay\(ExponentialBackoffWithJitter\(attempt, resp\.Headers\.RetryAfter\), cancel\);/);
			assert.doesNotMatch(fixed, /attempt2/);
		});

		it('finds the helper in another part of a partial class', async () => {
			const text = fixture('tight-retry-loop');
			const { text: once } = await fixText(text, 'csharp', config, analyze, { rule: 'tight-retry-loop' });
			// Move the helper into a second part of the class: the next fix must not add it again.
			const helper = once.slice(once.indexOf('    // Added by HTTP Guard'), once.lastIndexOf('}'));
			const split = once.replace(helper, '').replace('public class QuoteClient', 'public partial class QuoteClient') + `\npublic partial class QuoteClient\n{\n${helper}}\n`;
			const again = split.replace('public async Task<string> GetQuoteAsync', 'public async Task<string> GetQuoteAgainAsync(string symbol)\n    {\n        for (var attempt = 0; attempt < 5; attempt++)\n        {\n            using var response = await _http.GetAsync($"/quotes/{symbol}");\n            if (response.IsSuccessStatusCode)\n            {\n                return await response.Content.ReadAsStringAsync();\n            }\n        }\n        return "";\n    }\n\n    public async Task<string> GetQuoteAsync');
			const { text: fixed, fixed: counts } = await fixText(again, 'csharp', config, analyze, { rule: 'tight-retry-loop' });
			assert.equal(counts['tight-retry-loop'], 1);
			assert.equal(count(fixed, /private static TimeSpan ExponentialBackoffWithJitter\(/), 1);
		});

		it('waits with full jitter within the bounds of BACKOFF, honouring a capped Retry-After', async () => {
			const text = fixture('ignored-retry-after');
			const fixed = applyEdits(text, (await preferredFix(text, 'ignored-retry-after', 16)).edits);
			assert.match(fixed, /await Task\.Delay\(ExponentialBackoffWithJitter\(attempt, response\.Headers\.RetryAfter\)\);\n\s+continue;/);
			assert.match(fixed, /Random\.Shared\.NextDouble\(\) \* Math\.Min\(20000, 250 \* Math\.Pow\(2, attempt\)\)/);
			assert.match(fixed, /retryAfter\?\.Delta \?\? \(retryAfter\?\.Date - DateTimeOffset\.UtcNow\)/);
			assert.match(fixed, /TimeSpan\.FromSeconds\(60\)/);
		});

		it("passes the method's CancellationToken to the wait, in a tab-indented block namespace", async () => {
			const text = fixture('tight-retry-loop', 'bad_cancellation.cs');
			const fixed = applyEdits(text, (await preferredFix(text, 'tight-retry-loop', 18)).edits);
			assert.match(fixed, /\t\t\t\t\{\n\t\t\t\t\tawait Task\.Delay\(ExponentialBackoffWithJitter\(attempt\), cancellationToken\);\n\t\t\t\t\}/);
			assert.match(fixed, /\n\t\tprivate static TimeSpan ExponentialBackoffWithJitter\(/);
		});

		it('counts attempts itself in a loop without a counter, and sleeps in synchronous code', async () => {
			const text = fixture('tight-retry-loop', 'bad_cancellation.cs');
			const fixed = applyEdits(text, (await preferredFix(text, 'tight-retry-loop', 35)).edits);
			assert.match(fixed, /var attempt = 0;\n\t\t\twhile \(remaining-- > 0\)/);
			assert.match(fixed, /Thread\.Sleep\(ExponentialBackoffWithJitter\(attempt, response\.Headers\.RetryAfter\)\);\n\t\t\t\tattempt\+\+;/);
		});

		it('awaits a Task.Delay that was created and dropped', async () => {
			const text = fixture('tight-retry-loop');
			const fixed = applyEdits(text, (await preferredFix(text, 'tight-retry-loop', 32)).edits);
			assert.match(fixed, /\n\s+await Task\.Delay\(ExponentialBackoffWithJitter\(attempt\)\);/);
		});

		it('configures Polly v8 options and the standard resilience handler instead of inlining', async () => {
			const backoff = applyEdits(fixture('retry-without-backoff'), (await preferredFix(fixture('retry-without-backoff'), 'retry-without-backoff', 35)).edits);
			assert.match(backoff, /MaxRetryAttempts = 4,\n\s+BackoffType = DelayBackoffType\.Exponential,\n\s+UseJitter = true,\n\s+\};/);
			const resilience = applyEdits(fixture('retry-without-jitter', 'bad_resilience.cs'), (await preferredFix(fixture('retry-without-jitter', 'bad_resilience.cs'), 'retry-without-jitter', 10)).edits);
			assert.match(resilience, /options\.Retry\.UseJitter = true;/);
			assert.doesNotMatch(resilience, /using Polly;/);
			const retryAfter = applyEdits(fixture('ignored-retry-after', 'bad_polly.cs'), (await preferredFix(fixture('ignored-retry-after', 'bad_polly.cs'), 'ignored-retry-after', 13)).edits);
			assert.match(retryAfter, /DelayGenerator = args => new ValueTask<TimeSpan\?>\(args\.Outcome\.Result\?\.Headers\.RetryAfter\?\.Delta\),/);
		});

		it('gives a zero Polly delay a base, since growing zero is still no wait', async () => {
			const text = ['using System;', 'using Polly;', 'using Polly.Retry;', '', 'public static class Setup', '{', '    public static readonly RetryStrategyOptions Zero = new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero };', '}'].join('\n');
			const fixed = applyEdits(text, (await preferredFix(text, 'retry-without-backoff', 7)).edits);
			assert.match(fixed, /new RetryStrategyOptions \{ MaxRetryAttempts = 3, Delay = TimeSpan\.FromMilliseconds\(250\), BackoffType = DelayBackoffType\.Exponential, UseJitter = true \};/);
		});
	});

	describe('Polly v7 policies', () => {
		it('prefer Polly.Contrib.WaitAndRetry when the project has it, and still offer the helper', async () => {
			const text = fixture('retry-without-backoff');
			const dependencies = new Set(['Polly', 'Polly.Contrib.WaitAndRetry']);
			const { findings } = await analyzeText(text, 'csharp', config, { withFixes: true, dependencies });
			const finding = findings.find((f) => f.ruleId === 'retry-without-backoff' && f.span.start.line + 1 === 41)!;
			const [contrib, inline] = finding.fixes;
			assert.equal(contrib.isPreferred, true);
			const fixed = applyEdits(text, contrib.edits);
			assert.match(fixed, /\.WaitAndRetryAsync\(Backoff\.DecorrelatedJitterBackoffV2\(TimeSpan\.FromMilliseconds\(250\), 3\)\);/);
			assert.match(fixed, /using Polly;\nusing Polly\.Contrib\.WaitAndRetry;\nusing Polly\.Retry;/);
			assert.doesNotMatch(fixed, /ExponentialBackoffWithJitter/);
			assert.equal(inline.isPreferred, false);
			assert.match(applyEdits(text, inline.edits), /\.WaitAndRetryAsync\(3, attempt => ExponentialBackoffWithJitter\(attempt\)\);/);
		});

		it('use the backoff helper when the project has no Polly.Contrib', async () => {
			const finding = (await findingsOf(fixture('tight-retry-loop'), 'tight-retry-loop')).get(48)!;
			assert.deepEqual(finding.fixes.map((f) => f.isPreferred), [true]);
			assert.match(applyEdits(fixture('tight-retry-loop'), finding.fixes[0].edits), /\.WaitAndRetryAsync\(3, attempt => ExponentialBackoffWithJitter\(attempt\)\);/);
		});
	});

	describe('retry limits and 401/403', () => {
		it("gives up with the last status, on the loop's own counter", async () => {
			const text = fixture('unbounded-retry');
			const fix = await preferredFix(text, 'unbounded-retry', 18);
			const fixed = applyEdits(text, fix.edits);
			assert.match(fixed, /while \(true\)/);
			assert.match(fixed, /attempt\+\+;\n\s+if \(attempt >= 5\)\n\s+\{\n\s+throw new HttpRequestException\(\$"Gave up after \{attempt\} attempts: HTTP \{\(int\)response\.StatusCode\} \{response\.ReasonPhrase\}", inner: null, statusCode: response\.StatusCode\);/);
			assert.equal(fix.safe, false);
		});

		it('counts attempts in a `for (;;)` that has no counter, and rethrows the last error', async () => {
			const text = [
				'using System;',
				'using System.Net.Http;',
				'using System.Threading.Tasks;',
				'',
				'public class Poller',
				'{',
				'    private readonly HttpClient _http = new HttpClient();',
				'',
				'    public async Task<string> PollAsync()',
				'    {',
				'        for (;;)',
				'        {',
				'            try',
				'            {',
				'                return await _http.GetStringAsync("/poll");',
				'            }',
				'            catch (HttpRequestException ex) when (ex.StatusCode is null || (int)ex.StatusCode >= 500)',
				'            {',
				'                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));',
				'            }',
				'        }',
				'    }',
				'}',
			].join('\n');
			const fixed = applyEdits(text, (await preferredFix(text, 'unbounded-retry', 11)).edits);
			assert.match(fixed, /for \(var attempt = 1; ; attempt\+\+\)\n\s+\{\n\s+try/);
			assert.match(fixed, /\{\n\s+if \(attempt >= 5\)\n\s+\{\n\s+throw;\n\s+\}\n\s+await Task\.Delay/);
		});

		it('bounds Polly: MaxRetryAttempts, and WaitAndRetryForever becomes WaitAndRetry', async () => {
			const text = fixture('unbounded-retry');
			assert.match(applyEdits(text, (await preferredFix(text, 'unbounded-retry', 35)).edits), /MaxRetryAttempts = 4,/);
			assert.match(applyEdits(text, (await preferredFix(text, 'unbounded-retry', 43)).edits), /\.WaitAndRetryAsync\(4, i => /);
		});

		it('stops on 401/403 with an HttpRequestException that carries the status and says why', async () => {
			const text = fixture('retry-on-auth-failure');
			const fixed = applyEdits(text, (await preferredFix(text, 'retry-on-auth-failure', 17)).edits);
			assert.match(fixed, /if \(response\.StatusCode == HttpStatusCode\.Unauthorized \|\| response\.StatusCode == HttpStatusCode\.Forbidden\)\n\s+\{\n\s+throw new HttpRequestException\(\$"Credentials rejected \(HTTP \{\(int\)response\.StatusCode\}\): [^"]*WWW-Authenticate[^"]*", inner: null, statusCode: response\.StatusCode\);/);
			assert.match(fixed, /using System;\nusing System\.Net;\nusing System\.Net\.Http;/);
		});

		it('lets 401/403 through a catch-all with a filtered catch ahead of it', async () => {
			const text = fixture('retry-on-auth-failure', 'bad_catch_all.cs');
			const fixed = applyEdits(text, (await preferredFix(text, 'retry-on-auth-failure', 16)).edits);
			assert.match(fixed, /catch \(HttpRequestException ex\) when \(ex\.StatusCode == HttpStatusCode\.Unauthorized \|\| ex\.StatusCode == HttpStatusCode\.Forbidden\)\n\s+\{\n\s+throw;\n\s+\}\n\s+catch \(Exception\)/);
		});
	});

	describe('calls', () => {
		it('checks the status after the call: 401/403 first, then EnsureSuccessStatusCode', async () => {
			const text = fixture('unchecked-response-status');
			const inline = applyEdits(text, (await preferredFix(text, 'unchecked-response-status', 21)).edits);
			assert.match(inline, /var response = await _http\.GetAsync\(\$"\/avatars\/\{id\}"\);\n(.*\n){4}\s+response\.EnsureSuccessStatusCode\(\);\n\s+return await response\.Content\.ReadAsStringAsync\(\);/);
		});

		it("cancels the call after 10 s, linked to the method's token, and leaves the shared client alone", async () => {
			const text = fixture('missing-request-timeout', 'bad_token.cs');
			const finding = (await findingsOf(text, 'missing-request-timeout')).get(19)!;
			const [perCall, client] = finding.fixes;
			assert.equal(perCall.isPreferred, true);
			assert.equal(perCall.safe, true);
			assert.match(applyEdits(text, perCall.edits), /using var timeout = CancellationTokenSource\.CreateLinkedTokenSource\(cancellationToken\);\n\s+timeout\.CancelAfter\(TimeSpan\.FromSeconds\(10\)\);\n\s+using var response = await _http\.GetAsync\(\$"\/feeds\/\{feed\}", timeout\.Token\);/);
			assert.equal(client.isPreferred, false);
			assert.equal(client.safe, false);
			assert.match(applyEdits(text, client.edits), /_http\.Timeout = TimeSpan\.FromSeconds\(10\);/);
		});

		it('gives a token source that never cancels its deadline, when only this call uses it', async () => {
			const text = fixture('missing-request-timeout', 'bad_token.cs');
			const fixed = applyEdits(text, (await preferredFix(text, 'missing-request-timeout', 29)).edits);
			assert.match(fixed, /using var source = new CancellationTokenSource\(\);\n\s+source\.CancelAfter\(TimeSpan\.FromSeconds\(10\)\);\n/);
			const shared = text.replace('response.EnsureSuccessStatusCode();\n        return await response.Content.ReadAsStringAsync();\n    }\n}', 'response.EnsureSuccessStatusCode();\n        return await response.Content.ReadAsStringAsync(source.Token);\n    }\n}');
			assert.notEqual(shared, text);
			const finding = (await findingsOf(shared, 'missing-request-timeout')).get(29)!;
			assert.deepEqual(finding.fixes.map((f) => f.title), ['Give the client a 10 s timeout (every request it sends)']);
		});

		it('offers no per-call timeout for a call that is not awaited where the token source lives', async () => {
			const text = [
				'using System.Net.Http;',
				'using System.Threading;',
				'using System.Threading.Tasks;',
				'',
				'public class Feed',
				'{',
				'    private readonly HttpClient _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };',
				'',
				'    public Task<HttpResponseMessage> OpenAsync() => _http.GetAsync("/feed");',
				'}',
			].join('\n');
			const [finding] = (await findingsOf(text, 'missing-request-timeout')).values();
			assert.deepEqual(finding.fixes.map((f) => f.title), ['Give the client a 10 s timeout (every request it sends)']);
			assert.equal(finding.fixes[0].isPreferred, true);
		});

		it('sends one Idempotency-Key on every attempt through a request message per attempt', async () => {
			const text = fixture('retry-non-idempotent', 'bad_json.cs');
			const fixed = applyEdits(text, (await preferredFix(text, 'retry-non-idempotent', 21)).edits);
			assert.match(fixed, /var idempotencyKey = Guid\.NewGuid\(\)\.ToString\(\);\n\s+for \(/);
			assert.match(fixed, /using var request = new HttpRequestMessage\(HttpMethod\.Post, "\/orders"\) \{ Content = JsonContent\.Create\(order\) \};\n\s+request\.Headers\.Add\("Idempotency-Key", idempotencyKey\);\n\s+using var response = await _http\.SendAsync\(request, cancellationToken\);/);
		});

		it('adds usings at the top of a file that has none', async () => {
			const text = [
				'// A client with no usings at all.',
				'public class Profiles',
				'{',
				'    private readonly System.Net.Http.HttpClient _http = new System.Net.Http.HttpClient();',
				'',
				'    public async System.Threading.Tasks.Task<string> GetAsync()',
				'    {',
				'        var response = await _http.GetAsync("/me");',
				'        return await response.Content.ReadAsStringAsync();',
				'    }',
				'}',
			].join('\n');
			const fixed = applyEdits(text, (await preferredFix(text, 'unchecked-response-status', 8)).edits);
			assert.ok(fixed.startsWith('// A client with no usings at all.\nusing System.Net;\nusing System.Net.Http;\n\npublic class Profiles'), fixed);
		});
	});

	describe('line endings', () => {
		it('fixes a CRLF file exactly as its LF twin, with CRLF lines', async () => {
			for (const rule of fs.readdirSync(RULES)) {
				const dir = path.join(RULES, rule, 'csharp');
				if (!fs.existsSync(dir)) continue;
				for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('bad'))) {
					const lf = fs.readFileSync(path.join(dir, name), 'utf8');
					const fixedLf = await fixText(lf, 'csharp', config, analyze, { unsafe: true });
					const fixedCrlf = await fixText(lf.replace(/\n/g, '\r\n'), 'csharp', config, analyze, { unsafe: true });
					assert.equal(fixedCrlf.text, fixedLf.text.replace(/\n/g, '\r\n'), `${rule}/${name}`);
					assert.deepEqual(fixedCrlf.fixed, fixedLf.fixed);
				}
			}
		});
	});

	describe('gives up when the code does not have the shape the edit assumes', () => {
		const fixesAt = async (text: string, rule: RuleId) => [...(await findingsOf(text, rule)).values()].map((f) => f.fixes);

		it('a retry in top-level statements: there is no class for the helper', async () => {
			const text = [
				'using System.Net.Http;',
				'',
				'var http = new HttpClient();',
				'for (var attempt = 0; attempt < 5; attempt++)',
				'{',
				'    using var response = await http.GetAsync("/status");',
				'    if (response.IsSuccessStatusCode)',
				'    {',
				'        break;',
				'    }',
				'}',
			].join('\n');
			const fixes = await fixesAt(text, 'tight-retry-loop');
			assert.equal(fixes.length, 1);
			assert.deepEqual(fixes[0], []);
		});

		it('a refresh handler in an override: a new parameter would no longer override', async () => {
			const text = fixture('auth-refresh-loop').replace('public async Task<HttpResponseMessage> GetAsync(string path)', 'public override async Task<HttpResponseMessage> GetAsync(string path)');
			const fixes = await fixesAt(text, 'auth-refresh-loop');
			assert.equal(fixes.length, 1);
			assert.deepEqual(fixes[0], []);
		});

		it('a retry whose failure path leaves through a finally: no single place for the wait', async () => {
			const text = [
				'using System;',
				'using System.Net.Http;',
				'using System.Threading.Tasks;',
				'',
				'public class Jobs',
				'{',
				'    private readonly HttpClient _http = new HttpClient();',
				'',
				'    public async Task<string> RunAsync()',
				'    {',
				'        for (var attempt = 0; attempt < 5; attempt++)',
				'        {',
				'            try',
				'            {',
				'                return await _http.GetStringAsync("/job");',
				'            }',
				'            catch (HttpRequestException ex) when (ex.StatusCode is null || (int)ex.StatusCode >= 500)',
				'            {',
				'            }',
				'            finally',
				'            {',
				'                Console.WriteLine("attempt done");',
				'            }',
				'        }',
				'        throw new InvalidOperationException("job failed");',
				'    }',
				'}',
			].join('\n');
			const fixes = await fixesAt(text, 'tight-retry-loop');
			assert.equal(fixes.length, 1);
			assert.deepEqual(fixes[0], []);
		});
	});

	describe('auth-refresh-loop', () => {
		it('adds a retried flag; safe only when the method is not public API', async () => {
			const publicFix = await preferredFix(fixture('auth-refresh-loop'), 'auth-refresh-loop', 22);
			assert.equal(publicFix.safe, false);
			const text = fixture('auth-refresh-loop', 'bad_private.cs');
			const privateFix = await preferredFix(text, 'auth-refresh-loop', 19);
			assert.equal(privateFix.safe, true);
			const fixed = applyEdits(text, privateFix.edits);
			assert.match(fixed, /CancellationToken cancellationToken = default, bool retried = false\) \{/);
			assert.match(fixed, /if \(\(response\.StatusCode == HttpStatusCode\.Unauthorized \|\| response\.StatusCode == HttpStatusCode\.Forbidden\) && !retried\) \{/);
			assert.match(fixed, /return await SendWithRefreshAsync\(path, cancellationToken, retried: true\);/);
		});
	});
});
