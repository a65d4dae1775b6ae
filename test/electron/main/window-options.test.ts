import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, rendererFile, secureWebPreferences } from '../../../electron/main/window-options.ts';

describe('the desktop window', () => {
  it('is context-isolated and sandboxed, without Node', () => {
    expect(secureWebPreferences('/x/preload.cjs')).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict Content Security Policy', () => {
    const directives = Object.fromEntries(
      CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-src']).not.toContain('*');
    expect(CSP).not.toMatch(/unsafe-eval/);
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
  });

  it('serves only files inside the renderer folder', () => {
    const dir = '/app/out/renderer';
    expect(rendererFile(dir, 'app://quire/', path.join, path.normalize)).toBe(
      '/app/out/renderer/index.html',
    );
    expect(rendererFile(dir, 'app://quire/assets/a.js', path.join, path.normalize)).toBe(
      '/app/out/renderer/assets/a.js',
    );
    for (const url of [
      'app://quire/../main/index.cjs',
      'app://quire/%2e%2e/%2e%2e/etc/passwd',
      'app://quire/..%2f..%2fetc/passwd',
      'app://quire/a%5c..%5c..%5cx',
      'app://evil/index.html',
      'file:///etc/passwd',
    ]) {
      const f = rendererFile(dir, url, path.join, path.normalize);
      expect(f === null || f.startsWith(dir + '/'), url).toBe(true);
    }
  });
});
