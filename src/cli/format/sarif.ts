// SARIF 2.1.0 output for code-scanning services: one run, every rule described in
// `tool.driver.rules`, results pointing at files relative to `%SRCROOT%` (the working
// folder). Columns are UTF-16 code units, declared by `run.columnKind`. Files that were
// skipped become notes in `invocations[0].toolExecutionNotifications`.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import pkg from '../../../package.json';
import { RULES, ruleDocsUrl } from '../../core/rules/index';
import type { Severity, Span } from '../../core/types';
import { type CheckReport, oneBased, SKIP_WORDS } from './report';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface ArtifactLocation {
	uri: string;
	uriBaseId?: string;
}

function informationUri(): string {
	return pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** `tight-retry-loop` -> `TightRetryLoop`, SARIF's non-localised rule name. */
function ruleName(id: string): string {
	return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** A relative URI under `%SRCROOT%` when the file is below the working folder, else a file: URI. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
	const relative = path.relative(cwd, file);
	if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
	return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(span: Span) {
	const at = oneBased(span);
	return { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

export function toSarif(report: CheckReport) {
	const ruleIndex = new Map<string, number>(RULES.map((rule, index) => [rule.meta.id, index]));
	const rules = RULES.map((rule) => ({
		id: rule.meta.id,
		name: ruleName(rule.meta.id),
		shortDescription: { text: rule.meta.title },
		fullDescription: { text: rule.meta.message },
		help: { text: `${rule.meta.message}\n\nDocumentation: ${ruleDocsUrl(rule.meta.id)}`, markdown: rule.meta.docs },
		helpUri: ruleDocsUrl(rule.meta.id),
		defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
		properties: { tags: ['reliability', 'http'] },
	}));

	const results = report.files.flatMap((file) => {
		const artifact = artifactLocation(file.path, report.cwd);
		return file.findings.map((finding) => ({
			ruleId: finding.ruleId,
			ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
			level: LEVEL[finding.severity],
			message: { text: finding.message },
			locations: [{ physicalLocation: { artifactLocation: artifact, region: region(finding.span) } }],
			relatedLocations: finding.related.map((related, id) => ({
				id,
				physicalLocation: { artifactLocation: artifact, region: region(related.span) },
				message: { text: related.message },
			})),
		}));
	});

	const notifications = report.files
		.filter((file) => file.skipped)
		.map((file) => ({
			level: file.skipped === 'unreadable' || file.skipped === 'analysis-failed' ? 'warning' : 'note',
			message: { text: `Skipped: ${SKIP_WORDS[file.skipped!]}${file.skipDetail ? ` (${file.skipDetail})` : ''}.` },
			locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, report.cwd) } }],
		}));

	return {
		$schema: SARIF_SCHEMA_URI,
		version: '2.1.0' as const,
		runs: [
			{
				tool: {
					driver: {
						name: 'HTTP Guard',
						informationUri: informationUri(),
						version: pkg.version,
						semanticVersion: pkg.version,
						rules,
					},
				},
				invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
				originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : report.cwd + path.sep).href } },
				columnKind: 'utf16CodeUnits' as const,
				results,
			},
		],
	};
}

export function formatSarif(report: CheckReport): string {
	return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
