// The Markdown page of a rule, from its metadata: the same text backs docs/rules/*.md,
// the editor's "Show Rule Documentation" and the SARIF help.
import type { RuleMeta } from './types';

const SEVERITY_WORDS = { error: 'error', warning: 'warning', information: 'information', hint: 'hint' } as const;

export function ruleDocsMarkdown(meta: RuleMeta): string {
	return [
		`# \`${meta.id}\`: ${meta.title}`,
		'',
		`Default severity: **${SEVERITY_WORDS[meta.defaultSeverity]}**.`,
		'',
		`> ${meta.message}`,
		'',
		meta.docs,
		'',
		'## Turning it off',
		'',
		'For one line: `// http-guard-disable-next-line ' + meta.id + ' -- reason` (`#` in Python).',
		'For a project: `{ "rules": { "' + meta.id + '": "off" } }` in `.http-guard.json`.',
		'',
	].join('\n');
}
