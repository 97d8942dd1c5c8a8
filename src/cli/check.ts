// `http-guard check [paths...] [--format text|json|sarif] [--config FILE] [--no-config]
// [--max-warnings N] [--quiet] [--color|--no-color]`: finds the files, analyses each with
// the config that applies to it, prints the report and returns the exit code.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeText } from '../core/analyze';
import { retrySchedule } from '../core/hints';
import { type Config, ConfigError, defaultConfig, findConfigFile, loadConfigFile } from '../core/config';
import { type CheckFile, collectFiles, type ConfigSource, describeFsError, PathError } from '../workspace/files';
import { formatJson } from './format/json';
import { type CheckReport, countSeverities, displayPath, type FileResult } from './format/report';
import { formatSarif } from './format/sarif';
import { formatRetries, formatText } from './format/text';
import { HELP } from './help';
import type { CliIo } from './main';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = 'usage: http-guard check [paths...] [--format text|json|sarif] [--config FILE] [--no-config] [--max-warnings N] [--quiet] [--show-retries]';

class UsageError extends Error {}

interface CheckOptions {
	paths: string[];
	format: Format;
	config?: string;
	noConfig: boolean;
	maxWarnings?: number;
	quiet: boolean;
	color?: boolean;
	help: boolean;
	showRetries: boolean;
}

function parseCheckArgs(args: string[]): CheckOptions {
	let parsed;
	try {
		parsed = parseArgs({
			args,
			allowPositionals: true,
			strict: true,
			options: {
				format: { type: 'string', short: 'f' },
				config: { type: 'string', short: 'c' },
				'no-config': { type: 'boolean' },
				'max-warnings': { type: 'string' },
				quiet: { type: 'boolean', short: 'q' },
				color: { type: 'boolean' },
				'no-color': { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
				'show-retries': { type: 'boolean' },
			},
		});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const option = /'([^']+)'/.exec(message)?.[1];
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new UsageError(`unknown option '${option}'; ${USAGE}`);
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) throw new UsageError(`option '${option}' needs a value; ${USAGE}`);
		throw new UsageError(`${message.split('\n')[0]}; ${USAGE}`);
	}
	const { values, positionals } = parsed;
	const format = values.format ?? 'text';
	if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format.slice(0, 40)}'`);
	if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
	if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be used together');
	let maxWarnings: number | undefined;
	if (values['max-warnings'] !== undefined) {
		const raw = values['max-warnings'];
		if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings must be a whole number of 0 or more, not '${raw.slice(0, 40)}'`);
		maxWarnings = Number(raw);
	}
	return {
		paths: positionals.length > 0 ? positionals : ['.'],
		format: format as Format,
		config: values.config,
		noConfig: values['no-config'] ?? false,
		maxWarnings,
		quiet: values.quiet ?? false,
		color: values.color ? true : values['no-color'] ? false : undefined,
		help: values.help ?? false,
		showRetries: values['show-retries'] ?? false,
	};
}

/** A fixed config (`--config`, `--no-config`) or the nearest `.http-guard.json` per folder. */
export function configSource(options: { config?: string; noConfig: boolean }, cwd: string): ConfigSource {
	if (options.noConfig) return defaultConfig();
	if (options.config !== undefined) return loadConfigFile(path.resolve(cwd, options.config));
	const fallback = defaultConfig();
	const byFile = new Map<string, Config>();
	const byDir = new Map<string, Config>();
	return (dir: string) => {
		let config = byDir.get(dir);
		if (config) return config;
		const file = findConfigFile(dir);
		if (file) {
			config = byFile.get(file);
			if (!config) {
				config = loadConfigFile(file);
				byFile.set(file, config);
			}
		} else {
			config = fallback;
		}
		byDir.set(dir, config);
		return config;
	};
}

async function analyseFile(file: CheckFile): Promise<FileResult> {
	const base: FileResult = { path: file.path, language: file.language, findings: [], explicit: file.explicit, syntaxErrors: false };
	let text: string;
	try {
		text = await fs.readFile(file.path, 'utf8');
	} catch (error) {
		return { ...base, skipped: 'unreadable', skipDetail: describeFsError(error) };
	}
	// Editors hide the byte order mark; columns must match what they show.
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		const analysis = await analyzeText(text, file.language, file.config, { withFixes: false });
		const retries = analysis.facts.retries.map((retry) => ({ line: retry.headSpan.start.line + 1, column: retry.headSpan.start.character + 1, schedule: retrySchedule(retry) }));
		return { ...base, findings: analysis.findings, skipped: analysis.skipped, syntaxErrors: analysis.hasSyntaxErrors, retries };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { ...base, skipped: 'analysis-failed', skipDetail: message.split('\n')[0].slice(0, 200) };
	}
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
	const cwd = io.cwd ?? process.cwd();
	let options: CheckOptions;
	try {
		options = parseCheckArgs(args);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr(`http-guard check: ${error.message}\n`);
		return 2;
	}
	if (options.help) {
		io.stdout(HELP);
		return 0;
	}

	const results: FileResult[] = [];
	try {
		const collected = await collectFiles(options.paths, configSource(options, cwd), { cwd });
		for (const skipped of collected.skipped) {
			results.push({ path: skipped.path, findings: [], skipped: skipped.reason, skipDetail: skipped.detail, explicit: skipped.explicit, syntaxErrors: false });
		}
		for (const file of collected.files) results.push(await analyseFile(file));
	} catch (error) {
		if (error instanceof PathError) {
			io.stderr(`http-guard: ${error.message}\n`);
			return 2;
		}
		if (error instanceof ConfigError) {
			const message = error.message.split(/\r?\n/).join(' ');
			// Show the config file as the user would name it.
			const shown = message.replace(/^(.+?\.json)(?=: )/, (file) => displayPath(file, cwd));
			io.stderr(`http-guard: bad config: ${shown}\n`);
			return 2;
		}
		throw error;
	}

	results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	if (options.quiet) {
		for (const result of results) result.findings = result.findings.filter((finding) => finding.severity === 'error');
	}
	const report: CheckReport = { cwd, files: results };
	const env = io.env ?? process.env;
	const color = options.color ?? (io.stdoutIsTTY === true && !env.NO_COLOR);
	if (options.format === 'json') io.stdout(formatJson(report));
	else if (options.format === 'sarif') io.stdout(formatSarif(report));
	else io.stdout(formatText(report, { color }));
	if (options.showRetries && options.format === 'text') io.stdout(formatRetries(report));

	const counts = countSeverities(results.flatMap((result) => result.findings));
	if (options.maxWarnings === undefined) return counts.total > 0 ? 1 : 0;
	if (counts.errors > 0) return 1;
	if (counts.warnings > options.maxWarnings) {
		io.stderr(`http-guard: too many warnings (${counts.warnings}, maximum ${options.maxWarnings})\n`);
		return 1;
	}
	return 0;
}
