#!/usr/bin/env node
// `npm start`: the desktop window when Electron's binary is installed; otherwise the same
// app in the browser (the browser host, `quire web`), with a one-line explanation.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
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
  // Installs run with ignore-scripts (see .npmrc), so fetch the binary here, once.
  console.log('Quire: fetching the Electron binary for the desktop window…');
  spawnSync(process.execPath, ['node_modules/electron/install.js'], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
  });
  bin = electronBinary();
}

const desktopEntry = path.join(root, 'out/main/index.js');
if (bin && existsSync(path.join(root, 'electron/main/index.ts'))) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status === 0 && existsSync(desktopEntry)) {
    const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    console.error('Quire: the desktop build failed; see above.');
    process.exit(1);
  }
} else {
  console.log(
    "Quire: the desktop window needs Electron's binary, which could not be installed on this machine; " +
      'opening Quire in your browser instead (same app, served on 127.0.0.1 only).',
  );
  const child = spawn(process.execPath, [path.join(root, 'bin/quire.js'), 'web', ...args], {
    cwd: process.cwd(),
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
