import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PathGrants } from '../../../electron/main/path-grants.ts';
import {
  CSP,
  isAppUrl,
  rendererFile,
  SITE_ASSET_HEADERS,
  siteAssetPath,
} from '../../../electron/main/window-options.ts';
import { testBackend } from '../../helpers/app.ts';
import { copySeedBlog, repoRoot, tempDir } from '../../helpers/site.ts';

/** The webPreferences literal of the `new BrowserWindow({...})` call in electron/main/index.ts. */
function windowPreferences(): Record<string, unknown> {
  const file = path.join(repoRoot, 'electron/main/index.ts');
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Record<string, unknown>[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isNewExpression(node) &&
      node.expression.getText() === 'BrowserWindow' &&
      node.arguments?.[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      for (const prop of node.arguments[0].properties) {
        if (
          ts.isPropertyAssignment(prop) &&
          prop.name.getText() === 'webPreferences' &&
          ts.isObjectLiteralExpression(prop.initializer)
        ) {
          const out: Record<string, unknown> = {};
          for (const p of prop.initializer.properties) {
            if (!ts.isPropertyAssignment(p))
              throw new Error(`not a plain property: ${p.getText()}`);
            const v = p.initializer;
            out[p.name.getText()] =
              v.kind === ts.SyntaxKind.TrueKeyword
                ? true
                : v.kind === ts.SyntaxKind.FalseKeyword
                  ? false
                  : ts.isStringLiteral(v)
                    ? v.text
                    : `<${v.getText()}>`;
          }
          found.push(out);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  expect(found, 'one BrowserWindow with inline webPreferences').toHaveLength(1);
  return found[0]!;
}

describe('the desktop window', () => {
  it('is context-isolated and sandboxed, without Node (the options the window gets)', () => {
    expect(windowPreferences()).toEqual({
      preload: "<path.join(__dirname, '../preload/index.cjs')>",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('treats the site files it serves as content: not app pages, no script, no sniffing', () => {
    expect(isAppUrl('app://quire/index.html')).toBe(true);
    for (const url of [
      'app://quire/site-asset/static/evil.svg',
      'app://quire/SITE-ASSET/x.svg',
      'app://quire/a%2f..%2fsite-asset/x.svg',
      'app://evil/index.html',
      'https://quire/index.html',
    ])
      expect(isAppUrl(url), url).toBe(false);
    expect(siteAssetPath('app://quire/site-asset/content/posts/a%20b/img.png')).toBe(
      'content/posts/a b/img.png',
    );
    expect(siteAssetPath('app://quire/site-asset/%E0%A4%A')).toBeNull();
    expect(siteAssetPath('app://quire/index.html')).toBeNull();
    const csp = SITE_ASSET_HEADERS['Content-Security-Policy']!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/(^|; )sandbox($|;)/);
    expect(csp).not.toMatch(/script-src/);
    expect(SITE_ASSET_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });

  it('uses a site or export target from the renderer only when chosen in a dialog or recent', async () => {
    const asked: string[] = [];
    let answer: string | null = null;
    const grants = new PathGrants(
      () => ['/home/u/blog'],
      async (use, suggested) => {
        asked.push(`${use} ${suggested}`);
        return answer;
      },
    );
    expect(await grants.confirm('site', '/home/u/blog')).toBe('/home/u/blog');
    expect(await grants.confirm('export-zip', '/home/u/.bashrc')).toBeNull();
    answer = '/home/u/out/blog.zip';
    expect(await grants.confirm('export-zip', '/home/u/.bashrc')).toBe('/home/u/out/blog.zip');
    // Chosen once in the dialog: used again without asking.
    expect(await grants.confirm('export-zip', '/home/u/out/blog.zip')).toBe('/home/u/out/blog.zip');
    // A grant for one use is not a grant for another.
    answer = null;
    expect(await grants.confirm('site', '/home/u/out/blog.zip')).toBeNull();
    expect(asked).toEqual([
      'export-zip /home/u/.bashrc',
      'export-zip /home/u/.bashrc',
      'site /home/u/out/blog.zip',
    ]);
  });

  it('the back end asks the platform before opening a site or exporting, and refuses on cancel', async () => {
    const site = copySeedBlog();
    const uses: string[] = [];
    const backend = testBackend(() => {}, {
      confirmPath: async (use, requested) => {
        uses.push(use);
        return use === 'site' ? requested : null;
      },
    });
    await backend.call('openSite', { path: site });
    const zip = path.join(tempDir(), 'site.zip');
    await expect(backend.call('exportStart', { zip, asOf: '2024-04-30' })).rejects.toThrow(
      /site\.zip: not used; choose it in the dialog to export there/,
    );
    expect(uses).toEqual(['site', 'export-zip']);
    await backend.close();
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
