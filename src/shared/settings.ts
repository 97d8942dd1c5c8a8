// The `httpGuard.*` settings as the server receives them (`workspace/configuration`),
// with the defaults package.json declares. Shared by client and server.

export type SettingSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
	enable: boolean;
	/** Severity per rule id; overrides `.http-guard.json`. */
	rules: Record<string, SettingSeverity>;
	/** Language ids to analyse (empty: every served language). */
	languages: string[];
	/** Files larger than this (characters) are skipped; null: the config file or the default. */
	maxFileSize: number | null;
	/** Globs (relative to the workspace folder) of files not to analyse, added to the config file's. */
	ignore: string[];
	hover: { enable: boolean };
	/** Inlay hints in code: status names after status code literals, schedules at retries. */
	inlayHints: { statusNames: boolean; retrySchedule: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
	enable: true,
	rules: {},
	languages: [],
	maxFileSize: null,
	ignore: [],
	hover: { enable: true },
	inlayHints: { statusNames: true, retrySchedule: true },
};

/** Settings from an untrusted source (the client, another editor): missing or odd values fall back. */
export function normalizeSettings(raw: unknown): Settings {
	const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const hover = (value.hover && typeof value.hover === 'object' ? value.hover : {}) as Record<string, unknown>;
	const inlayHints = (value.inlayHints && typeof value.inlayHints === 'object' ? value.inlayHints : {}) as Record<string, unknown>;
	const strings = (list: unknown) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []);
	const rules: Record<string, SettingSeverity> = {};
	if (value.rules && typeof value.rules === 'object') {
		for (const [id, level] of Object.entries(value.rules as Record<string, unknown>)) {
			const normalized = level === 'info' ? 'information' : level;
			if (normalized === 'error' || normalized === 'warning' || normalized === 'information' || normalized === 'hint' || normalized === 'off') rules[id] = normalized;
		}
	}
	return {
		enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
		rules,
		languages: strings(value.languages),
		maxFileSize: typeof value.maxFileSize === 'number' && value.maxFileSize > 0 ? value.maxFileSize : null,
		ignore: strings(value.ignore),
		hover: { enable: typeof hover.enable === 'boolean' ? hover.enable : true },
		inlayHints: {
			statusNames: typeof inlayHints.statusNames === 'boolean' ? inlayHints.statusNames : DEFAULT_SETTINGS.inlayHints.statusNames,
			retrySchedule: typeof inlayHints.retrySchedule === 'boolean' ? inlayHints.retrySchedule : DEFAULT_SETTINGS.inlayHints.retrySchedule,
		},
	};
}
