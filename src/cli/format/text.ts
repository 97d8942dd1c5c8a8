// The text output, shaped like ESLint's "stylish" formatter: a path header per file,
// one aligned row per finding (`line:col  severity  message  rule-id`), then a summary.
// Colour only when asked for (main decides: a TTY and no NO_COLOR).
import type { Severity } from '../../core/types';
import type { FileSkipReason } from '../../workspace/files';
import { type CheckReport, countSeverities, displayPath, type FileResult, type FormatOptions, oneBased, SKIP_WORDS } from './report';

type Paint = (s: string) => string;

interface Palette {
	underline: Paint;
	dim: Paint;
	bold: Paint;
	red: Paint;
	yellow: Paint;
	blue: Paint;
	green: Paint;
}

function palette(color: boolean): Palette {
	const sgr = (open: number, close: number): Paint => (color ? (s) => `\u001b[${open}m${s}\u001b[${close}m` : (s) => s);
	return { underline: sgr(4, 24), dim: sgr(2, 22), bold: sgr(1, 22), red: sgr(31, 39), yellow: sgr(33, 39), blue: sgr(34, 39), green: sgr(32, 39) };
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Control characters in messages or paths must not reach the terminal as such. */
function clean(s: string): string {
	// eslint-disable-next-line no-control-regex
	return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\n/g, ' ');
}

function fileBlock(file: FileResult, cwd: string, p: Palette): string[] {
	const rows = file.findings.map((finding) => {
		const at = oneBased(finding.span);
		return { line: String(at.line), column: String(at.column), severity: finding.severity, message: clean(finding.message), rule: finding.ruleId };
	});
	const lineWidth = Math.max(...rows.map((r) => r.line.length));
	const columnWidth = Math.max(...rows.map((r) => r.column.length));
	const severityWidth = Math.max(...rows.map((r) => SEVERITY_WORD[r.severity].length));
	const messageWidth = Math.max(...rows.map((r) => r.message.length));
	const lines = [p.underline(clean(displayPath(file.path, cwd)))];
	for (const row of rows) {
		const location = p.dim(`${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`);
		const word = SEVERITY_WORD[row.severity].padEnd(severityWidth);
		const severity = row.severity === 'error' ? p.red(word) : row.severity === 'warning' ? p.yellow(word) : p.blue(word);
		lines.push(`  ${location}  ${severity}  ${row.message.padEnd(messageWidth)}  ${p.dim(row.rule)}`);
	}
	return lines;
}

export function formatText(report: CheckReport, options: FormatOptions): string {
	const p = palette(options.color);
	const out: string[] = [];
	const withFindings = report.files.filter((file) => file.findings.length > 0);
	for (const file of withFindings) {
		out.push(...fileBlock(file, report.cwd, p), '');
	}

	const counts = countSeverities(withFindings.flatMap((file) => file.findings));
	if (counts.total > 0) {
		const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning'), plural(counts.infos, 'info')];
		if (counts.hints > 0) parts.push(plural(counts.hints, 'hint'));
		const paint = counts.errors > 0 ? p.red : p.yellow;
		out.push(p.bold(paint(`\u2716 ${plural(counts.total, 'problem')} (${parts.join(', ')})`)));
	} else {
		const checked = report.files.filter((file) => !file.skipped).length;
		out.push(p.green(`\u2714 No problems found (${plural(checked, 'file')} checked)`));
	}

	const skipped = report.files.filter((file) => file.skipped);
	if (skipped.length > 0) {
		const reasons = (Object.keys(SKIP_WORDS) as FileSkipReason[])
			.map((reason) => [skipped.filter((file) => file.skipped === reason).length, SKIP_WORDS[reason]] as const)
			.filter(([count]) => count > 0)
			.map(([count, words]) => `${count} ${words}`)
			.join(', ');
		out.push(p.dim(`${plural(skipped.length, 'file')} skipped: ${reasons}`));
		// Files the user named, and files that could not be read or analysed, are listed by name.
		for (const file of skipped) {
			if (file.explicit || file.skipped === 'unreadable' || file.skipped === 'analysis-failed') {
				const detail = file.skipDetail ? ` (${clean(file.skipDetail)})` : '';
				out.push(p.dim(`  note: ${clean(displayPath(file.path, report.cwd))} skipped: ${SKIP_WORDS[file.skipped!]}${detail}`));
			}
		}
	}
	const broken = report.files.filter((file) => file.syntaxErrors);
	if (broken.length > 0) {
		out.push(p.dim(`${plural(broken.length, 'file')} with syntax errors: findings come from the parts that parsed`));
	}
	return `${out.join('\n')}\n`;
}

/** `--show-retries`: every retry policy found, one line each, so a CI log lists them all. */
export function formatRetries(report: CheckReport): string {
	const lines = report.files.flatMap((file) => (file.retries ?? []).map((retry) => `${displayPath(file.path, report.cwd)}:${retry.line}:${retry.column}  ${retry.schedule}`));
	if (lines.length === 0) return '\nNo retry policies found.\n';
	return `\nRetry policies (${lines.length}):\n${lines.map((line) => `  ${clean(line)}`).join('\n')}\n`;
}
