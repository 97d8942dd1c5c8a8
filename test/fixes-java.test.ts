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
