// The JSON output: an array with one entry per file that has findings or was skipped.
// Lines and columns are 1-based; columns count UTF-16 code units (as editors do), and
// `endColumn` is the column just after the last character, as in ESLint and SARIF.
import { ruleDocsUrl } from '../../core/rules/index';
import type { RuleId, Severity } from '../../core/types';
import type { FileSkipReason } from '../../workspace/files';
import { type CheckReport, countSeverities, displayPath, oneBased } from './report';

export interface JsonRelated {
	message: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

export interface JsonFinding {
	ruleId: RuleId;
	severity: Severity;
	message: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	related: JsonRelated[];
	docsUrl: string;
}

export interface JsonFile {
	/** Absolute path. */
	filePath: string;
	/** Relative to the working folder, `/`-separated. */
	path: string;
	language?: string;
	findings: JsonFinding[];
	errorCount: number;
	warningCount: number;
	/** `information` and `hint` findings. */
	infoCount: number;
	/** Present when the file was not analysed. */
	skipped?: FileSkipReason;
	/** Present (true) when the file did not parse cleanly. */
	syntaxErrors?: true;
}

export function toJson(report: CheckReport): JsonFile[] {
	return report.files
		.filter((file) => file.findings.length > 0 || file.skipped)
		.map((file) => {
			const counts = countSeverities(file.findings);
			const entry: JsonFile = {
				filePath: file.path,
				path: displayPath(file.path, report.cwd),
				language: file.language,
				findings: file.findings.map((finding) => ({
					ruleId: finding.ruleId,
					severity: finding.severity,
					message: finding.message,
					...oneBased(finding.span),
					related: finding.related.map((related) => ({ message: related.message, ...oneBased(related.span) })),
					docsUrl: ruleDocsUrl(finding.ruleId),
				})),
				errorCount: counts.errors,
				warningCount: counts.warnings,
				infoCount: counts.infos + counts.hints,
			};
			if (file.skipped) entry.skipped = file.skipped;
			if (file.syntaxErrors) entry.syntaxErrors = true;
			return entry;
		});
}

export function formatJson(report: CheckReport): string {
	return `${JSON.stringify(toJson(report), null, 2)}\n`;
}
