// The fix contract, checked on every bad fixture: each fix keeps the file parsing, makes
// its finding go away, and `http-guard fix` run twice changes nothing the second time.
// Fixed JavaScript/TypeScript must type-check (tsc, with the client libraries stubbed) and
// fixed Python must compile (python3 -m py_compile).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { analyzeText } from '../src/core/analyze';
import { defaultConfig } from '../src/core/config';
import { applyEdits } from '../src/core/fixes/edits';
import { fixText } from '../src/core/fixes/index';
import { adapterFor, languageForPath } from '../src/core/languages/index';
import { createParser } from '../src/core/parser';
import type { LanguageId } from '../src/core/types';

const ROOT = path.join(__dirname, 'fixtures', 'rules');
const config = defaultConfig();
const analyzeWithFixes = (text: string, language: LanguageId) => analyzeText(text, language, config, { withFixes: true });

function badFixtures(): string[] {
	if (!fs.existsSync(ROOT)) return [];
	return fs
		.readdirSync(ROOT)
		.flatMap((rule) => fs.readdirSync(path.join(ROOT, rule)).flatMap((lang) => fs.readdirSync(path.join(ROOT, rule, lang)).map((name) => path.join(ROOT, rule, lang, name))))
		.filter((file) => path.basename(file).startsWith('bad') && languageForPath(file));
}

async function errorCount(text: string, language: LanguageId): Promise<number> {
	// A parse without findings: count ERROR and MISSING nodes through the facts' parse.
	const parser = await createParser(adapterFor(language)!.grammarFor(language));
	const tree = parser.parse(text)!;
	let count = 0;
	const cursor = tree.walk();
	const visit = (): void => {
		if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) count++;
		if (cursor.gotoFirstChild()) {
			do visit();
			while (cursor.gotoNextSibling());
			cursor.gotoParent();
		}
	};
	visit();
	tree.delete();
	parser.delete();
	return count;
}

/** Type-checks TS/JS texts together, with every imported package declared as `any`. */
function typeCheck(files: Map<string, string>): string[] {
	const stubs = 'declare module "*";\n';
	const options: ts.CompilerOptions = { noEmit: true, allowJs: true, checkJs: false, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, jsx: ts.JsxEmit.Preserve, strict: false, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], skipLibCheck: true, types: [] };
	const host = ts.createCompilerHost(options);
	const readFile = host.readFile.bind(host);
	host.readFile = (name) => (files.has(name) ? files.get(name) : name === '/stubs.d.ts' ? stubs : readFile(name));
	host.fileExists = (name) => files.has(name) || name === '/stubs.d.ts' || ts.sys.fileExists(name);
	const getSourceFile = host.getSourceFile.bind(host);
	host.getSourceFile = (name, version) => {
		const text = files.get(name) ?? (name === '/stubs.d.ts' ? stubs : undefined);
		return text !== undefined ? ts.createSourceFile(name, text, version) : getSourceFile(name, version);
	};
	const program = ts.createProgram([...files.keys(), '/stubs.d.ts'], options, host);
	return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('fixes', () => {
	const fixedOutputs = new Map<string, { language: LanguageId; text: string }>();

	for (const file of badFixtures()) {
		const name = path.relative(ROOT, file);
		it(`every fix in ${name} parses, clears its finding and is not offered again`, async () => {
			const language = languageForPath(file)!;
			const text = fs.readFileSync(file, 'utf8');
			const before = await analyzeWithFixes(text, language);
			const baseErrors = await errorCount(text, language);
			for (const finding of before.findings) {
				for (const fix of finding.fixes) {
					const fixed = applyEdits(text, fix.edits);
					const what = `${finding.ruleId} at ${finding.span.start.line + 1}: "${fix.title}"`;
					assert.ok((await errorCount(fixed, language)) <= baseErrors, `${what} breaks the syntax:\n${fixed}`);
					const after = await analyzeWithFixes(fixed, language);
					const count = (findings: typeof before.findings) => findings.filter((f) => f.ruleId === finding.ruleId).length;
					assert.ok(count(after.findings) < count(before.findings), `${what} leaves its finding in place:\n${fixed}`);
				}
			}
		});

		it(`fixing ${name} twice changes nothing the second time`, async () => {
			const language = languageForPath(file)!;
			const text = fs.readFileSync(file, 'utf8');
			const once = await fixText(text, language, config, analyzeWithFixes, { unsafe: true });
			const twice = await fixText(once.text, language, config, analyzeWithFixes, { unsafe: true });
			assert.equal(twice.text, once.text);
			fixedOutputs.set(file, { language, text: once.text });
		});
	}

	it('fixed JavaScript and TypeScript type-check', function () {
		const files = new Map<string, string>();
		for (const [file, { language, text }] of fixedOutputs) {
			if (language === 'python' || language === 'go' || language === 'java' || language === 'csharp') continue;
			// Each fixture is its own module, so top-level names do not collide.
			files.set(`/fixed/${path.relative(ROOT, file)}`, /\b(import|export)\b/.test(text) ? text : `${text}\nexport {};\n`);
		}
		if (files.size === 0) this.skip();
		assert.deepEqual(typeCheck(files), []);
	});

	it('fixed Python compiles', function () {
		const python = [...fixedOutputs].filter(([, out]) => out.language === 'python');
		if (python.length === 0) this.skip();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-py-'));
		try {
			const files = python.map(([file, out], index) => {
				const target = path.join(dir, `fixed_${index}_${path.basename(file)}`);
				fs.writeFileSync(target, out.text);
				return target;
			});
			execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'pipe' });
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
