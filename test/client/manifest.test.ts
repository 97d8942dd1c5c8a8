// package.json's extension manifest agrees with the code: activation, commands, settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { servedLanguages } from '../../src/core/languages/index';
import { RULES } from '../../src/core/rules/index';
import { CommandIds } from '../../src/shared/protocol';
import { CODE_LANGUAGES, TEXT_LANGUAGES } from '../../src/shared/languages';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('extension manifest', () => {
	it('activates only for the served languages, logs and plain text', () => {
		assert.deepEqual([...CODE_LANGUAGES].sort(), servedLanguages().sort());
		assert.deepEqual(manifest.activationEvents, [...CODE_LANGUAGES, ...TEXT_LANGUAGES].map((language) => `onLanguage:${language}`));
	});

	it('contributes every command the client registers', () => {
		const contributed = manifest.contributes.commands.map((command: { command: string }) => command.command);
		for (const id of Object.values(CommandIds)) assert.ok(contributed.includes(id), id);
	});

	it('declares the settings the server reads, with matching defaults', () => {
		const properties = manifest.contributes.configuration.properties;
		assert.equal(properties['httpGuard.enable'].default, DEFAULT_SETTINGS.enable);
		assert.equal(properties['httpGuard.hover.enable'].default, DEFAULT_SETTINGS.hover.enable);
		assert.equal(properties['httpGuard.inlayHints.statusNames'].default, DEFAULT_SETTINGS.inlayHints.statusNames);
		assert.equal(properties['httpGuard.inlayHints.retrySchedule'].default, DEFAULT_SETTINGS.inlayHints.retrySchedule);
		assert.equal(DEFAULT_SETTINGS.inlayHints.statusNames, true);
		assert.equal(DEFAULT_SETTINGS.inlayHints.retrySchedule, true);
		assert.deepEqual(properties['httpGuard.rules'].propertyNames.enum, RULES.map((rule) => rule.meta.id));
		assert.deepEqual(properties['httpGuard.languages'].items.enum, [...CODE_LANGUAGES]);
		for (const key of ['httpGuard.maxFileSize', 'httpGuard.ignore', 'httpGuard.trace.server']) assert.ok(properties[key], key);
	});

	it('supports untrusted workspaces and validates .http-guard.json', () => {
		assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
		assert.equal(manifest.contributes.jsonValidation[0].fileMatch, '.http-guard.json');
		assert.ok(fs.existsSync(path.resolve(__dirname, '..', '..', manifest.contributes.jsonValidation[0].url)));
	});
});
