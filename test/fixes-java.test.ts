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

function hasJavac(): boolean {
	try {
		execFileSync('javac', ['-version'], { stdio: 'pipe' });
		return true;
	} catch {
		return false;
	}
}

/** `retry-on-auth-failure/java/bad-libraries.java` -> `retry_on_auth_failure.bad_libraries`. */
function packageFor(file: string): string {
	const rule = path.basename(path.dirname(path.dirname(file)));
	return `${rule}.${path.basename(file, '.java')}`.replace(/-/g, '_');
}

describe('fixed Java compiles with javac', () => {
	it('every Java bad fixture, fixed, compiles against the library stubs', async function () {
		this.timeout(120_000);
		if (!hasJavac()) {
			if (process.env.CI) assert.fail('javac is missing: CI installs it with .ci/toolchains.sh');
			console.log('      note: javac not found; fixed Java was not compiled (install default-jdk-headless)');
			this.skip();
		}
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
