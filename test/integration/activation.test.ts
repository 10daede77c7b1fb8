// The extension is installed, activates, and registers every command its manifest contributes
// (the check-commands habit: a command in package.json without a registration is a dead menu item).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';

const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('activation', () => {
  it(`finds and activates ${extensionId}`, async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command in contributes.commands', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const contributed = manifest.contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });
});
