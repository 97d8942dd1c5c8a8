// Runs every rule fixture: test/fixtures/rules/<rule-id>/<language>/{bad,good}*.<ext>.
// In a bad file, a comment `ruleid: <rule-id>:<column>` (column 1-based) says that the
// next code line has that finding at that column; every finding of the fixture's rule
// must be announced, and every announcement must be found. A good file must draw no
// finding of its rule at all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../src/core/analyze';
import { languageForPath } from '../src/core/languages/index';
import { RULES } from '../src/core/rules/index';

const ROOT = path.join(__dirname, 'fixtures', 'rules');
const ANNOTATION = /(?:\/\/|#)\s*ruleid:\s*([a-z-]+):(\d+)/;

interface Expected {
	ruleId: string;
	line: number;
	column: number;
}

/** Reads the `ruleid:` annotations; each applies to the next line that is not one. */
export function expectedFindings(text: string): Expected[] {
	const lines = text.split('\n');
	const expected: Expected[] = [];
	let pending: Array<{ ruleId: string; column: number }> = [];
	lines.forEach((line, index) => {
		const match = ANNOTATION.exec(line);
		if (match && line.trim().match(/^(\/\/|#)/)) {
			pending.push({ ruleId: match[1], column: Number(match[2]) });
			return;
		}
		for (const p of pending) expected.push({ ruleId: p.ruleId, line: index + 1, column: p.column });
		pending = [];
	});
	return expected;
}

function fixtureFiles(): Array<{ ruleId: string; file: string; kind: 'bad' | 'good' }> {
	if (!fs.existsSync(ROOT)) return [];
	const files: Array<{ ruleId: string; file: string; kind: 'bad' | 'good' }> = [];
	for (const ruleId of fs.readdirSync(ROOT)) {
		for (const language of fs.readdirSync(path.join(ROOT, ruleId))) {
			for (const name of fs.readdirSync(path.join(ROOT, ruleId, language))) {
				const kind = name.startsWith('bad') ? 'bad' : name.startsWith('good') ? 'good' : undefined;
				if (kind && !name.includes('.fixed.')) files.push({ ruleId, file: path.join(ROOT, ruleId, language, name), kind });
			}
		}
	}
	return files;
}

describe('rule fixtures', () => {
	const files = fixtureFiles();

	it('every fixture folder is named after a rule', () => {
		const ids = new Set(RULES.map((rule) => rule.meta.id));
		for (const { ruleId } of files) assert.ok(ids.has(ruleId as never), `unknown rule folder ${ruleId}`);
	});

	for (const { ruleId, file, kind } of files) {
		const name = path.relative(ROOT, file);
		it(`${name}`, async () => {
			const text = fs.readFileSync(file, 'utf8');
			const language = languageForPath(file);
			assert.ok(language, `no language for ${file}`);
			const result = await analyzeText(text, language);
			const actual = result.findings.map((f) => ({ ruleId: f.ruleId, line: f.span.start.line + 1, column: f.span.start.character + 1 }));
			const format = (e: Expected) => `${e.ruleId} at ${e.line}:${e.column}`;
			if (kind === 'good') {
				const wrong = actual.filter((f) => f.ruleId === ruleId);
				assert.deepEqual(wrong.map(format), [], `${name} must stay silent for ${ruleId}`);
				return;
			}
			const expected = expectedFindings(text);
			assert.ok(expected.some((e) => e.ruleId === ruleId), `${name} announces no ${ruleId} finding`);
			const checkedRules = new Set(expected.map((e) => e.ruleId));
			const relevant = actual.filter((f) => checkedRules.has(f.ruleId)).map(format).sort();
			assert.deepEqual(relevant, expected.map(format).sort(), `findings in ${name}`);
		});
	}
});
