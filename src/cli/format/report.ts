// What `http-guard check` found, in the shape every output format reads.
import * as path from 'node:path';
import type { Finding, LanguageId, Severity } from '../../core/types';
import type { FileSkipReason } from '../../workspace/files';

export interface FileResult {
	/** Absolute path. */
	path: string;
	language?: LanguageId;
	findings: Finding[];
	/** Set when the file was not analysed. */
	skipped?: FileSkipReason;
	/** A few more words on the skip, e.g. the error of an unreadable file. */
	skipDetail?: string;
	/** Named on the command line. */
	explicit: boolean;
	/** The parse had errors: findings come from the parts that parsed. */
	syntaxErrors: boolean;
	/** Every retry policy in the file, as the code would run it (1-based head position). */
	retries?: Array<{ line: number; column: number; schedule: string }>;
}

export interface CheckReport {
	/** Paths are shown relative to it; SARIF's `%SRCROOT%`. */
	cwd: string;
	/** Every file found, analysed or skipped, in path order. */
	files: FileResult[];
}

export interface FormatOptions {
	color: boolean;
}

export interface SeverityCounts {
	errors: number;
	warnings: number;
	infos: number;
	hints: number;
	total: number;
}

export function countSeverities(findings: Iterable<Finding>): SeverityCounts {
	const counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0, hints: 0, total: 0 };
	for (const finding of findings) {
		counts.total++;
		const key: Record<Severity, keyof SeverityCounts> = { error: 'errors', warning: 'warnings', information: 'infos', hint: 'hints' };
		counts[key[finding.severity]]++;
	}
	return counts;
}

export function allFindings(report: CheckReport): Finding[] {
	return report.files.flatMap((file) => file.findings);
}

/** The path as the user would type it from the working folder, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
	const relative = path.relative(cwd, file);
	if (relative === '' || path.isAbsolute(relative)) return file;
	return relative.split(path.sep).join('/');
}

/** Skip reasons in a few words, for summaries and notes, in the order summaries list them. */
export const SKIP_WORDS: Record<FileSkipReason, string> = {
	'too-large': 'too large',
	minified: 'minified',
	binary: 'binary',
	'unsupported-language': 'unsupported file type',
	ignored: 'ignored by .http-guard.json',
	unreadable: 'unreadable',
	'analysis-failed': 'analysis failed',
};

/** 1-based line and column (UTF-16 code units) of a finding's or related location's span. */
export function oneBased(span: Finding['span']): { line: number; column: number; endLine: number; endColumn: number } {
	return { line: span.start.line + 1, column: span.start.character + 1, endLine: span.end.line + 1, endColumn: span.end.character + 1 };
}
