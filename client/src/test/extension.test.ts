import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Registered by index.ts once mocha's globals exist. */
export function registerExtensionTests(): void {
  describe('Standpoint extension', () => {
    it('activates', async () => {
      const ext = vscode.extensions.getExtension('standpoint.standpoint');
      assert.ok(ext, 'extension is installed');
      await ext.activate();
      assert.equal(ext.isActive, true);
    });
  });
}
