// `http-guard fix [paths...] [--rule ID] [--dry-run] [--unsafe] [--config FILE] [--no-config]`:
// applies the preferred fix of each finding, the same edits the editor's quick fixes make.
// Like Ruff, only fixes marked safe are applied unless `--unsafe` is given; `--dry-run`
// prints a unified diff instead of writing.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { analyzeText } from '../core/analyze';
import { ConfigError } from '../core/config';
import { fixText } from '../core/fixes/index';
import { ruleById } from '../core/rules/index';
import type { RuleId } from '../core/types';
import { configSource } from './check';
import { collectFiles, describeFsError, PathError } from '../workspace/files';
import { displayPath } from './format/report';
import type { CliIo } from './main';
import { ProjectDependencies } from '../workspace/project-dependencies';

const USAGE = 'usage: http-guard fix [paths...] [--rule ID] [--dry-run] [--unsafe] [--config FILE] [--no-config]';

interface FixOptions {
	paths: string[];
	rule?: RuleId;
	dryRun: boolean;
	unsafe: boolean;
	config?: string;
	noConfig: boolean;
}

function parseFixArgs(args: string[]): FixOptions | string {
	let parsed;
	try {
		parsed = parseArgs({
			args,
			allowPositionals: true,
			strict: true,
			options: {
				rule: { type: 'string', short: 'r' },
				'dry-run': { type: 'boolean' },
				unsafe: { type: 'boolean' },
				config: { type: 'string', short: 'c' },
				'no-config': { type: 'boolean' },
			},
		});
	} catch (error) {
		return `${(error instanceof Error ? error.message : String(error)).split('\n')[0]}; ${USAGE}`;
	}
	const { values, positionals } = parsed;
	if (values.rule !== undefined && !ruleById(values.rule)) return `unknown rule '${values.rule.slice(0, 60)}'`;
	if (values.config !== undefined && values['no-config']) return '--config and --no-config cannot be used together';
	return {
		paths: positionals.length > 0 ? positionals : ['.'],
		rule: values.rule as RuleId | undefined,
		dryRun: values['dry-run'] ?? false,
		unsafe: values.unsafe ?? false,
		config: values.config,
		noConfig: values['no-config'] ?? false,
	};
}

export async function runFix(args: string[], io: CliIo): Promise<number> {
	const cwd = io.cwd ?? process.cwd();
	const options = parseFixArgs(args);
	if (typeof options === 'string') {
		io.stderr(`http-guard fix: ${options}\n`);
		return 2;
	}
	let collected;
	try {
		collected = await collectFiles(options.paths, configSource(options, cwd), { cwd });
	} catch (error) {
		if (error instanceof PathError) io.stderr(`http-guard: ${error.message}\n`);
		else if (error instanceof ConfigError) io.stderr(`http-guard: bad config: ${error.message.split('\n')[0]}\n`);
		else throw error;
		return 2;
	}

	const totals = new Map<RuleId, number>();
	let changedFiles = 0;
	// Library-aware fixes use the retry library the project already depends on.
	const projectDependencies = new ProjectDependencies();
	for (const file of collected.files) {
		let text: string;
		try {
			text = await fs.readFile(file.path, 'utf8');
		} catch (error) {
			io.stderr(`http-guard: cannot read '${displayPath(file.path, cwd)}': ${describeFsError(error)}\n`);
			return 2;
		}
		const dependencies = await projectDependencies.forFile(file.path);
		const analyze = (t: string, language: typeof file.language, config: typeof file.config) => analyzeText(t, language, config, { withFixes: true, dependencies });
		const result = await fixText(text, file.language, file.config, analyze, { rule: options.rule, unsafe: options.unsafe });
		if (result.text === text) continue;
		changedFiles++;
		for (const [rule, count] of Object.entries(result.fixed)) totals.set(rule as RuleId, (totals.get(rule as RuleId) ?? 0) + (count ?? 0));
		const shown = displayPath(file.path, cwd).split(path.sep).join('/');
		if (options.dryRun) io.stdout(createTwoFilesPatch(`a/${shown}`, `b/${shown}`, text, result.text, '', '', { context: 3 }));
		else await fs.writeFile(file.path, result.text);
	}

	const fixed = [...totals.values()].reduce((a, b) => a + b, 0);
	const byRule = [...totals].map(([rule, count]) => `${rule} ${count}`).join(', ');
	const verb = options.dryRun ? 'Would fix' : 'Fixed';
	if (fixed === 0) io.stderr(`Nothing to fix${options.unsafe ? '' : ' with safe fixes (--unsafe also applies fixes that change behaviour)'}.\n`);
	else io.stderr(`${verb} ${fixed} problem${fixed === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'} (${byRule}).\n`);
	// A dry run that finds work fails like a check, so CI can ask "is everything fixed?".
	return options.dryRun && fixed > 0 ? 1 : 0;
}
