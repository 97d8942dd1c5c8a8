// `.http-guard.json`: per-rule severity, ignore globs, extra HTTP functions. The CLI
// and the language server read it the same way; a bad file is a clear one-line error,
// never a silent default.
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import schema from '../../schemas/http-guard.schema.json';
import type { RuleId, Severity } from './types';

export const CONFIG_FILE_NAME = '.http-guard.json';
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface Config {
	/** Rule severities that differ from the defaults; `off` disables the rule. */
	rules: Partial<Record<RuleId, Severity | 'off'>>;
	/** Globs of files not to analyse, relative to `root`. */
	ignore: string[];
	/** Extra functions to treat as HTTP calls (project wrappers). */
	httpFunctions: string[];
	maxFileSize: number;
	/** The folder the globs are relative to (the config file's folder). */
	root?: string;
}

export function defaultConfig(): Config {
	return { rules: {}, ignore: [], httpFunctions: [], maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

/** A configuration problem, with a message fit for one line on stderr or a notification. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** Checks parsed JSON against the schema and turns it into a Config. */
export function parseConfig(raw: unknown, source: string): Config {
	validate ??= new Ajv({ allErrors: false }).compile(schema);
	if (!validate(raw)) {
		const error = validate.errors?.[0];
		const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'top level';
		let what = error?.message ?? 'is invalid';
		if (error?.keyword === 'additionalProperties') what = `has an unknown key "${String(error.params.additionalProperty)}"`;
		if (error?.keyword === 'propertyNames') what = `names an unknown rule "${String(error.params.propertyName)}"`;
		if (error?.keyword === 'enum') what = `must be one of ${(error.params.allowedValues as string[]).join(', ')}`;
		// ajv reports a bad key of `rules` as an enum error that names the key.
		if (error?.propertyName !== undefined) what = `names an unknown rule "${error.propertyName}" (rule ids are listed in docs/rules/)`;
		throw new ConfigError(`${source}: ${where} ${what}`);
	}
	const input = raw as Partial<Config> & { rules?: Record<string, string> };
	const rules: Config['rules'] = {};
	for (const [id, level] of Object.entries(input.rules ?? {})) {
		rules[id as RuleId] = level === 'info' ? 'information' : (level as Severity | 'off');
	}
	return {
		rules,
		ignore: input.ignore ?? [],
		httpFunctions: input.httpFunctions ?? [],
		maxFileSize: input.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
	};
}

/** Reads and validates a config file; throws ConfigError with a one-line reason. */
export function loadConfigFile(file: string): Config {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new ConfigError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
	}
	return { ...parseConfig(raw, file), root: path.dirname(path.resolve(file)) };
}

/** The nearest `.http-guard.json` at or above `start`, if any. */
export function findConfigFile(start: string): string | undefined {
	let dir = path.resolve(start);
	for (;;) {
		const candidate = path.join(dir, CONFIG_FILE_NAME);
		if (fs.existsSync(candidate)) return candidate;
		const parent = path.dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}
