// Per-document configuration: the `httpGuard.*` settings of the document's scope (fetched
// with `workspace/configuration`, cached per URI) laid over the nearest `.http-guard.json`
// (the same file the CLI reads). Caches are cleared when either changes.
import * as path from 'node:path';
import picomatch from 'picomatch';
import { type Config, ConfigError, defaultConfig, findConfigFile, loadConfigFile } from '../core/config';
import type { RuleId, Severity } from '../core/types';
import { DEFAULT_SETTINGS, type Settings, normalizeSettings } from '../shared/settings';

export interface ResolvedConfig {
	settings: Settings;
	config: Config;
	/** True when the file is ignored by a glob of the config file or the settings. */
	isIgnored(file: string): boolean;
	/** The config file that applied, if any. */
	configFile?: string;
}

export interface SettingsSource {
	/** Settings for a resource; undefined when the client cannot be asked. */
	fetch(scopeUri: string): Promise<unknown>;
	log(message: string): void;
	/** A bad `.http-guard.json`: shown to the user once per distinct message. */
	configError(message: string): void;
}

export class SettingsStore {
	private readonly bySettingsUri = new Map<string, Promise<Settings>>();
	private readonly byConfigFile = new Map<string, Config | ConfigError>();
	/** Settings pushed with `didChangeConfiguration`, for clients without `workspace/configuration`. */
	private pushed: Settings = DEFAULT_SETTINGS;

	constructor(
		private readonly source: SettingsSource,
		private readonly canPull: () => boolean,
		private readonly workspaceFolders: () => string[],
	) {}

	/** The configuration changed somewhere: forget everything. */
	clear(pushed?: unknown): void {
		this.bySettingsUri.clear();
		this.byConfigFile.clear();
		if (pushed !== undefined) this.pushed = normalizeSettings(pushed);
	}

	clearConfigFiles(): void {
		this.byConfigFile.clear();
	}

	forget(uri: string): void {
		this.bySettingsUri.delete(uri);
	}

	private settings(uri: string): Promise<Settings> {
		if (!this.canPull()) return Promise.resolve(this.pushed);
		let settings = this.bySettingsUri.get(uri);
		if (!settings) {
			settings = this.source.fetch(uri).then(
				(raw) => normalizeSettings(raw),
				(error: unknown) => {
					this.source.log(`cannot read settings for ${uri}: ${String(error)}`);
					return DEFAULT_SETTINGS;
				},
			);
			this.bySettingsUri.set(uri, settings);
		}
		return settings;
	}

	private configFile(file: string | undefined): Config | undefined {
		if (!file) return undefined;
		let config = this.byConfigFile.get(file);
		if (!config) {
			try {
				config = loadConfigFile(file);
			} catch (error) {
				config = error instanceof ConfigError ? error : new ConfigError(`${file}: ${String(error)}`);
			}
			this.byConfigFile.set(file, config);
		}
		if (config instanceof ConfigError) {
			this.source.configError(config.message);
			return undefined;
		}
		return config;
	}

	/** Settings and config for a document or file; `file` is undefined for unsaved documents. */
	async resolve(uri: string, file: string | undefined): Promise<ResolvedConfig> {
		const settings = await this.settings(uri);
		const configFile = file ? findConfigFile(path.dirname(file)) : undefined;
		const fromFile = this.configFile(configFile);
		const base = fromFile ?? defaultConfig();
		const rules: Config['rules'] = { ...base.rules };
		for (const [id, level] of Object.entries(settings.rules)) rules[id as RuleId] = level as Severity | 'off';
		const config: Config = {
			...base,
			rules,
			maxFileSize: settings.maxFileSize ?? base.maxFileSize,
		};
		const fileMatchers = base.root && base.ignore.length ? { root: base.root, match: picomatch(base.ignore, { dot: true }) } : undefined;
		const folder = file ? this.workspaceFolders().find((dir) => isInside(file, dir)) : undefined;
		const settingsMatchers = folder && settings.ignore.length ? { root: folder, match: picomatch(settings.ignore, { dot: true }) } : undefined;
		const isIgnored = (target: string) =>
			[fileMatchers, settingsMatchers].some((matcher) => {
				if (!matcher || !isInside(target, matcher.root)) return false;
				return matcher.match(path.relative(matcher.root, target).split(path.sep).join('/'));
			});
		return { settings, config, isIgnored, configFile: fromFile ? configFile : undefined };
	}
}

export function isInside(file: string, dir: string): boolean {
	const relative = path.relative(dir, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
