#!/usr/bin/env node
// `npm start [site]`: builds the app, then opens the desktop window when Electron's binary
// is installed; otherwise the same app in the browser (the browser host), with a
// one-line explanation.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

let bin = electronBinary();
if (
  !bin &&
  process.env.QUIRE_NO_ELECTRON !== '1' &&
  existsSync(path.join(root, 'node_modules/electron/install.js'))
) {
  // Installs run with ignore-scripts (see .npmrc), so the binary is fetched here, once.
  console.log("Quire: fetching Electron's binary for the desktop window...");
  spawnSync(process.execPath, ['node_modules/electron/install.js'], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
  });
  bin = electronBinary();
}

console.log('Quire: building the app...');
const build = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
    'build',
    '--logLevel',
    'warn',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) {
  console.error('Quire: the build failed; see above.');
  process.exit(1);
}

const child = bin
  ? spawn(bin, [root, ...args], { stdio: 'inherit' })
  : (console.log(
      "Quire: the desktop window needs Electron's binary, which could not be installed on this machine; " +
        'opening Quire in your browser instead (the same app, served on 127.0.0.1 only; it opens in your default browser where there is one, otherwise open the link below).',
    ),
    spawn(process.execPath, [path.join(root, 'bin/quire.js'), 'web', '--open', ...args], {
      cwd: process.cwd(),
      stdio: 'inherit',
    }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
