// Rule metadata: every rule is documented, and docs/rules/ matches the metadata.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocsMarkdown } from '../../src/core/rule-docs';
import { RULES } from '../../src/core/rules/index';

describe('rule metadata', () => {
	it('has the eleven rules of the contract, each with a message, a bad and a good example', () => {
		assert.equal(RULES.length, 11);
		for (const { meta } of RULES) {
			assert.match(meta.message, /\. [A-Z]/, `${meta.id}: the message says what is wrong, then what to do`);
			assert.match(meta.docs, /\*\*Bad\*\*[\s\S]*```[\s\S]*\*\*Good\*\*[\s\S]*```/, `${meta.id}: docs need a bad and a good example`);
		}
	});

	it('docs/rules/ is generated from the metadata (run `npm run docs` after changing a rule)', () => {
		for (const { meta } of RULES) {
			const file = path.join(__dirname, '..', '..', 'docs', 'rules', `${meta.id}.md`);
			assert.equal(fs.readFileSync(file, 'utf8'), ruleDocsMarkdown(meta), `${meta.id}.md is stale`);
		}
	});
});
