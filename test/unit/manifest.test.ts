/**
 * The tables written once in src/shared (command ids, settings with their defaults) against
 * package.json's contributes: a renamed command or a changed default cannot drift apart.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMAND_IDS } from '../../src/shared/commands';
import { SETTINGS, SETTINGS_SECTION } from '../../src/shared/settings';
import { VIEW_IDS, WEBVIEW_TYPES } from '../../src/extension/contributions';
import { READER_VIEW_TYPE, STATISTICS_VIEW_TYPE } from '../../src/shared/webviewProtocol';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

describe('the manifest and the tables in the code', () => {
  it('contributes exactly the commands of src/shared/commands.ts', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...COMMAND_IDS].sort());
  });

  it('names only known commands in its menus (besides the views\' own focus commands)', () => {
    const known = new Set<string>([...COMMAND_IDS, ...VIEW_IDS.map((v) => `${v}.focus`)]);
    const used = Object.values(manifest.contributes.menus).flat().map((m) => m.command).filter((c): c is string => c !== undefined);
    assert.deepEqual(used.filter((c) => !known.has(c)), []);
  });

  it('contributes exactly the settings of src/shared/settings.ts, with the same defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(SETTINGS).map((k) => `${SETTINGS_SECTION}.${k}`).sort());
    for (const [key, value] of Object.entries(SETTINGS)) assert.deepEqual(properties[`${SETTINGS_SECTION}.${key}`]!.default, value, key);
  });

  it('contributes the views and webview panels the activation entry registers', () => {
    assert.deepEqual(manifest.contributes.views['kamervragen']!.map((v) => v.id), [...VIEW_IDS]);
    assert.deepEqual([...WEBVIEW_TYPES], [READER_VIEW_TYPE, STATISTICS_VIEW_TYPE]);
    for (const type of WEBVIEW_TYPES) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${type}`), type);
  });
});
