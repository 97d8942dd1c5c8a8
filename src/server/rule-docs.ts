// Rule documentation for "Show Rule Documentation": the same Markdown the docs site and
// the CLI render, from each rule's metadata.
import { RULES, ruleById, ruleDocsUrl } from '../core/rules/index';
import type { RuleDocsParams, RuleDocsResult } from '../shared/protocol';

export function ruleDocs(params: RuleDocsParams | undefined): RuleDocsResult {
	const rules = RULES.map((rule) => ({ id: rule.meta.id, title: rule.meta.title }));
	const rule = params?.ruleId ? ruleById(params.ruleId) : undefined;
	if (!rule) return { rules };
	const markdown = `# ${rule.meta.id}\n\n**${rule.meta.title}** (default: ${rule.meta.defaultSeverity})\n\n${rule.meta.docs}\n`;
	return { rules, markdown, url: ruleDocsUrl(rule.meta.id) };
}
