// Fixed Java compiles: every Java bad fixture, with every fix applied (review-only ones
// included), once as a lone file and once in a project that has resilience4j and SLF4J
// (library-aware fixes), compiled in one javac run against the client-library stubs in
// fixtures/fix-stubs/java. Each fixed fixture gets its own package, so class names that
// repeat across fixtures do not collide.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../src/core/analyze';
import { defaultConfig } from '../src/core/config';
import { applyEdits } from '../src/core/fixes/edits';
import { fixText } from '../src/core/fixes/index';
import { BACKOFF_HELPER, backoffHelper, DESCRIBE_HELPER, describeHelper } from '../src/core/fixes/java/helpers';
import type { LanguageId } from '../src/core/types';

const ROOT = path.join(__dirname, 'fixtures', 'rules');
const STUBS = path.join(__dirname, 'fixtures', 'fix-stubs', 'java');
const config = defaultConfig();

/** The projects a fixture is fixed in: none known, and one that declares the libraries the fixes can use. */
const PROJECTS: Record<string, ReadonlySet<string>> = {
	plain: new Set(),
	libraries: new Set(['io.github.resilience4j:resilience4j-retry', 'org.slf4j:slf4j-api']),
};

function javaBadFixtures(): string[] {
	return fs
		.readdirSync(ROOT)
		.filter((rule) => fs.existsSync(path.join(ROOT, rule, 'java')))
		.flatMap((rule) => fs.readdirSync(path.join(ROOT, rule, 'java')).map((name) => path.join(ROOT, rule, 'java', name)))
		.filter((file) => path.basename(file).startsWith('bad') && file.endsWith('.java'));
}

function javaSources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? javaSources(path.join(dir, entry.name)) : entry.name.endsWith('.java') ? [path.join(dir, entry.name)] : []));
}

function hasTool(tool: 'javac' | 'java'): boolean {
	try {
		execFileSync(tool, ['-version'], { stdio: 'pipe' });
		return true;
	} catch {
		return false;
	}
}

/** Skips the test with a note when a JDK tool is missing, except in CI, which must have it. */
function requireTool(context: Mocha.Context, tool: 'javac' | 'java'): void {
	if (hasTool(tool)) return;
	if (process.env.CI) assert.fail(`${tool} is missing: CI installs it with .ci/toolchains.sh`);
	console.log(`      note: ${tool} not found; skipped (install default-jdk-headless)`);
	context.skip();
}

/** `retry-on-auth-failure/java/bad-libraries.java` -> `retry_on_auth_failure.bad_libraries`. */
function packageFor(file: string): string {
	const rule = path.basename(path.dirname(path.dirname(file)));
	return `${rule}.${path.basename(file, '.java')}`.replace(/-/g, '_');
}

describe('fixed Java compiles with javac', () => {
	it('every Java bad fixture, fixed, compiles against the library stubs', async function () {
		this.timeout(120_000);
		requireTool(this, 'javac');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-java-'));
		try {
			const sources = javaSources(STUBS);
			for (const [project, dependencies] of Object.entries(PROJECTS)) {
				const analyze = (text: string, language: LanguageId) => analyzeText(text, language, config, { withFixes: true, dependencies });
				for (const file of javaBadFixtures()) {
					const { text } = await fixText(fs.readFileSync(file, 'utf8'), 'java', config, analyze, { unsafe: true });
					// fixes.test.ts checks a lone file; here the library-aware fixes must settle too.
					assert.equal((await fixText(text, 'java', config, analyze, { unsafe: true })).text, text, `fixing ${path.relative(ROOT, file)} again in the ${project} project changes it`);
					const pkg = `${project}.${packageFor(file)}`;
					const className = /^(?:public\s+)?(?:(?:final|abstract)\s+)*class\s+(\w+)/m.exec(text)?.[1] ?? 'Fixture';
					const target = path.join(dir, 'src', ...pkg.split('.'), `${className}.java`);
					fs.mkdirSync(path.dirname(target), { recursive: true });
					fs.writeFileSync(target, `package ${pkg};\n${text}`);
					sources.push(target);
				}
			}
			try {
				execFileSync('javac', ['-d', path.join(dir, 'classes'), '-proc:none', '-nowarn', ...sources], { stdio: 'pipe' });
			} catch (error) {
				const output = String((error as { stderr?: Buffer }).stderr ?? error);
				// Show each failing file in full: the error lines alone do not say what the fix wrote.
				const failing = [...new Set([...output.matchAll(/^(\S+\.java):\d+: error/gm)].map((match) => match[1]))];
				const listings = failing.map((name) => `--- ${path.relative(dir, name)}\n${fs.readFileSync(name, 'utf8')}`).join('\n');
				assert.fail(`javac rejected fixed Java:\n${output}\n${listings}`);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('Java helpers inserted by fixes', () => {
	const CREDENTIAL_NAMES = /authorization|cookie|set-cookie|proxy-authorization|api[-_]?key|token|password|secret/i;
	const types = { random: 'ThreadLocalRandom', zonedDateTime: 'ZonedDateTime', dateTimeFormatter: 'DateTimeFormatter', dateTimeParseException: 'DateTimeParseException', unaryOperator: 'UnaryOperator', instant: 'Instant' };

	it('name no credential in the logging helper', () => {
		assert.doesNotMatch(describeHelper(types).join('\n'), CREDENTIAL_NAMES);
	});

	it('log no secret, and wait within full-jitter bounds or for Retry-After (run with java)', function () {
		this.timeout(60_000);
		requireTool(this, 'java');
		const harness = [
			'import java.io.IOException;',
			'import java.time.Instant;',
			'import java.time.ZoneOffset;',
			'import java.time.ZonedDateTime;',
			'import java.time.format.DateTimeFormatter;',
			'import java.time.format.DateTimeParseException;',
			'import java.util.Map;',
			'import java.util.concurrent.ThreadLocalRandom;',
			'import java.util.function.UnaryOperator;',
			'',
			'public class Harness {',
			...backoffHelper(types),
			...describeHelper(types),
			'public static void main(String[] args) {',
			'\tMap<String, String> headers = Map.of("authorization", "Bearer SECRET-AUTH", "set-cookie", "sid=SECRET-COOKIE", "x-request-id", "req-42");',
			`\tSystem.out.println(${DESCRIBE_HELPER}("GET", "https://alice:hunter2@api.example.com/v1/users?access_token=SECRET-QUERY&page=2#frag", 401, headers::get, 2, new IOException("SECRET-MESSAGE")));`,
			`\tfor (int attempt = 0; attempt < 40; attempt++) System.out.println("backoff " + attempt + " " + ${BACKOFF_HELPER}(attempt, null));`,
			`\tSystem.out.println("seconds " + ${BACKOFF_HELPER}(0, "7"));`,
			`\tSystem.out.println("capped " + ${BACKOFF_HELPER}(0, "86400"));`,
			`\tSystem.out.println("date " + ${BACKOFF_HELPER}(0, ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30).format(DateTimeFormatter.RFC_1123_DATE_TIME)));`,
			`\tSystem.out.println("past " + ${BACKOFF_HELPER}(0, "Wed, 21 Oct 2015 07:28:00 GMT"));`,
			`\tSystem.out.println("unreadable " + ${BACKOFF_HELPER}(2, "soon"));`,
			'}',
			'}',
		].join('\n');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-java-helpers-'));
		try {
			fs.writeFileSync(path.join(dir, 'Harness.java'), harness);
			const output = execFileSync('java', [path.join(dir, 'Harness.java')], { encoding: 'utf8' }).split('\n');
			const logged = output[0];
			for (const secret of ['SECRET-AUTH', 'SECRET-COOKIE', 'SECRET-QUERY', 'hunter2', 'SECRET-MESSAGE', 'alice']) assert.ok(!logged.includes(secret), `${secret} reached the log: ${logged}`);
			for (const field of ['method=GET', 'url=https://api.example.com/v1/users ', 'status=401', 'requestId=req-42', 'attempt=2', 'error=java.io.IOException']) assert.ok(logged.includes(field), `${field} missing from: ${logged}`);
			const value = (label: string) => output.filter((line) => line.startsWith(`${label} `)).map((line) => Number(line.split(' ').at(-1)));
			value('backoff').forEach((ms, attempt) => assert.ok(ms >= 0 && ms <= Math.min(20_000, 250 * 2 ** attempt), `attempt ${attempt} waited ${ms} ms`));
			assert.deepEqual(value('seconds'), [7000]);
			assert.deepEqual(value('capped'), [60_000]);
			assert.ok(value('date')[0] > 25_000 && value('date')[0] <= 30_000, `an HTTP date 30 s ahead waited ${value('date')[0]} ms`);
			assert.deepEqual(value('past'), [0]);
			assert.ok(value('unreadable')[0] <= 1000, 'an unreadable Retry-After falls back to the backoff');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

// What the generic fix contract (fixes.test.ts) cannot see in the Java fixes: helpers and
// imports once, the class's own logger, the method's checked exceptions, names that would
// clash, the project's retry library, and the places where the fixer gives up.
describe('Java fixes, shaped to the file', () => {
	const fixture = (rule: string, name = 'bad.java') => fs.readFileSync(path.join(ROOT, rule, 'java', name), 'utf8');
	const analyze = (text: string, dependencies: ReadonlySet<string> = new Set()) => analyzeText(text, 'java', config, { withFixes: true, dependencies });
	const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? []).length;
	const fixesOf = async (text: string, rule: string, line: number, dependencies?: ReadonlySet<string>) => {
		const finding = (await analyze(text, dependencies)).findings.find((f) => f.ruleId === rule && f.span.start.line + 1 === line);
		assert.ok(finding, `no ${rule} finding at line ${line}`);
		return finding.fixes;
	};
	const fixAll = async (text: string) => (await fixText(text, 'java', config, (t) => analyze(t), { unsafe: true })).text;

	it('adds each helper and import once per class, however many findings use them', async () => {
		const fixed = await fixAll(fixture('tight-retry-loop'));
		assert.equal(count(fixed, /private static long exponentialBackoffWithJitter\(/), 1);
		assert.equal(count(fixed, /^import java\.time\.ZonedDateTime;$/m), 1);
		assert.equal(count(fixed, /^import java\.util\.concurrent\.ThreadLocalRandom;$/m), 1);
		assert.equal(count(fixed, /Thread\.sleep\(exponentialBackoffWithJitter\(/), 2);
	});

	it("logs through the class's SLF4J logger with a placeholder, and names no credential", async () => {
		const text = fixture('swallowed-http-error', 'bad-slf4j.java');
		const [fix] = await fixesOf(text, 'swallowed-http-error', 18);
		const fixed = applyEdits(text, fix.edits);
		assert.match(fixed, /log\.warn\("HTTP request failed: \{\}", describeHttpFailure\(request\.method\(\), request\.url\(\), null, null, null, e\)\);\n\s+return null;/);
		assert.equal(count(fixed, /LoggerFactory\.getLogger/), 1);
		const inserted = fix.edits.map((edit) => edit.newText).join('\n');
		assert.doesNotMatch(inserted.replace(/describeHttpFailure|HTTP request failed/g, ''), /authorization|cookie|api[-_]?key|token|password/i);
		assert.equal(fix.safe, true);
	});

	it('adds a java.util.logging logger once when the class has none, and restores the interrupt it catches', async () => {
		const fixed = await fixAll(fixture('swallowed-http-error'));
		assert.equal(count(fixed, /private static final Logger LOG = Logger\.getLogger\(PreferencesClient\.class\.getName\(\)\);/), 1);
		assert.equal(count(fixed, /LOG\.warning\("HTTP request failed: " \+ describeHttpFailure\(request\.method\(\), request\.uri\(\)/), 2);
		assert.match(fixed, /catch \(IOException \| InterruptedException e\) \{\n\s+if \(e instanceof InterruptedException\) \{\n\s+Thread\.currentThread\(\)\.interrupt\(\);/);
	});

	it('waits with Thread.sleep where the method declares InterruptedException, else restores the interrupt and stops', async () => {
		const declared = applyEdits(fixture('tight-retry-loop'), (await fixesOf(fixture('tight-retry-loop'), 'tight-retry-loop', 15))[0].edits);
		assert.match(declared, /\n {12}Thread\.sleep\(exponentialBackoffWithJitter\(attempt, response\.headers\(\)\.firstValue\("Retry-After"\)\.orElse\(null\)\)\);\n {8}\}/);
		const text = fixture('tight-retry-loop', 'bad-clients.java');
		const [fix] = await fixesOf(text, 'tight-retry-loop', 14);
		assert.match(applyEdits(text, fix.edits), /try \{\n\s+Thread\.sleep\(exponentialBackoffWithJitter\(attempt, response\.header\("Retry-After"\)\)\);\n\s+\} catch \(InterruptedException interrupted\) \{\n\s+Thread\.currentThread\(\)\.interrupt\(\);\n\s+throw new IllegalStateException\("interrupted while waiting to retry", interrupted\);/);
		assert.equal(fix.safe, false);
	});

	it('stops on 401/403 with the checked exception the method declares, and gives up inside a retried try', async () => {
		const text = fixture('retry-on-auth-failure');
		const [fix] = await fixesOf(text, 'retry-on-auth-failure', 15);
		assert.match(applyEdits(text, fix.edits), /if \(response\.statusCode\(\) == 401 \|\| response\.statusCode\(\) == 403\) \{\n\s+throw new IOException\("credentials rejected \(HTTP " \+ response\.statusCode\(\) \+ "\): retrying will not help; check the token or API key; the WWW-Authenticate header says why"\);/);
		assert.equal(fix.safe, false);
		// A throw inside `try { ... } catch (IOException e) { retry }` would count as retried.
		assert.deepEqual(await fixesOf(fixture('tight-retry-loop', 'bad-clients.java'), 'retry-on-auth-failure', 27), []);
	});

	it('names a type in full where its simple name already means something else', async () => {
		const text = fixture('missing-request-timeout').replace('import java.time.Duration;', 'import org.joda.time.Duration;');
		const [fix] = await fixesOf(text, 'missing-request-timeout', 18);
		assert.match(applyEdits(text, fix.edits), /\.timeout\(java\.time\.Duration\.ofSeconds\(10\)\)\.build\(\)/);
		assert.ok(!fix.edits.some((edit) => /^import java\.time\.Duration;/m.test(edit.newText)));
		// A name the file takes from an on-demand import: a single-type import would take it over.
		const onDemand = fixture('missing-request-timeout').replace('import java.time.Duration;', 'import org.joda.time.*;');
		const [qualified] = await fixesOf(onDemand, 'missing-request-timeout', 18);
		assert.match(applyEdits(onDemand, qualified.edits), /\.timeout\(java\.time\.Duration\.ofSeconds\(10\)\)\.build\(\)/);
		assert.ok(!qualified.edits.some((edit) => /^import java\.time\.Duration;/m.test(edit.newText)));
	});

	it("prefers resilience4j's IntervalFunction when the project has it, and still offers the inline helper", async () => {
		const text = fixture('retry-without-jitter');
		const fixes = await fixesOf(text, 'retry-without-jitter', 15, new Set(['io.github.resilience4j:resilience4j-retry']));
		assert.deepEqual(fixes.map((fix) => fix.isPreferred), [true, false]);
		assert.match(applyEdits(text, fixes[0].edits), /private static final IntervalFunction RETRY_BACKOFF = IntervalFunction\.ofExponentialRandomBackoff\(Duration\.ofMillis\(250\), 2\.0, 1\.0, Duration\.ofSeconds\(20\)\);[\s\S]*Thread\.sleep\(RETRY_BACKOFF\.apply\(attempt \+ 1\)\);/);
		assert.match(applyEdits(text, fixes[1].edits), /Thread\.sleep\(exponentialBackoffWithJitter\(attempt, /);
		assert.equal((await fixesOf(text, 'retry-without-jitter', 15)).length, 1);
	});

	it('keeps the signature callers and overrides see when adding the once-only guard', async () => {
		const text = fixture('auth-refresh-loop');
		const [fix] = await fixesOf(text, 'auth-refresh-loop', 22);
		const fixed = applyEdits(text, fix.edits);
		assert.match(fixed, /HttpResponse<String> get\(String url\) throws IOException, InterruptedException \{\n\s+return get\(url, false\);\n\s+\}/);
		assert.match(fixed, /private HttpResponse<String> get\(String url, boolean retried\) throws IOException, InterruptedException \{/);
		assert.match(fixed, /if \(response\.statusCode\(\) == 401 && !retried\) \{\n\s+refreshToken\(\);\n\s+return get\(url, true\);/);
	});

	it('gives up where the edit cannot be sure: no response in scope for Retry-After, a labelled continue', async () => {
		const text = fixture('tight-retry-loop', 'bad-continue.java');
		// `response` is assigned inside a try: not definitely assigned where the wait goes.
		assert.deepEqual(await fixesOf(text, 'ignored-retry-after', 12), []);
		assert.deepEqual(await fixesOf(text, 'retry-on-auth-failure', 12), []);
		const labelled = text.replace('        for (int attempt', '        attempts:\n        for (int attempt').replace(/continue;/g, 'continue attempts;');
		assert.deepEqual(await fixesOf(labelled, 'tight-retry-loop', 13), []);
	});
});
