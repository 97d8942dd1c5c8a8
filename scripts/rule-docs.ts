// Writes docs/rules/<rule-id>.md from the rules' metadata (`npm run docs`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocsMarkdown } from '../src/core/rule-docs';
import { RULES } from '../src/core/rules/index';

const dir = path.join(__dirname, '..', 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
for (const rule of RULES) fs.writeFileSync(path.join(dir, `${rule.meta.id}.md`), ruleDocsMarkdown(rule.meta));
console.log(`wrote ${RULES.length} rule pages to docs/rules/`);
