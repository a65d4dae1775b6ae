#!/usr/bin/env node
// `npm test`: everything CI checks, in order. Installs the Debian tools the tests use as
// independent oracles and browsers (hugo, chromium) when they are missing and this
// machine can (root with apt-get); otherwise the tests that need them say why they skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const step = (name, cmd, args) => {
  console.log(`\n== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
};

const missing = [];
if (!has('hugo')) missing.push('hugo');
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (missing.length && process.env.QUIRE_NO_APT !== '1') {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    console.log(`== installing Debian packages the tests use: ${missing.join(', ')}`);
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      console.log(
        `could not install ${missing.join(', ')}; the tests that need them will say they are skipped`,
      );
    }
  } else {
    console.log(
      `${missing.join(', ')} not installed and this user cannot apt-get; the tests that need them will say they are skipped`,
    );
  }
}

const bin = (name) => `node_modules/.bin/${name}`;
step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('typecheck (app)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('typecheck (shared: no DOM, no Node)', bin('tsc'), ['-p', 'shared/tsconfig.json', '--noEmit']);
step('build the app (the end-to-end tests drive it)', bin('electron-vite'), [
  'build',
  '--logLevel',
  'warn',
]);
step('electronegativity (security lint of electron/)', process.execPath, [
  'scripts/electronegativity.js',
]);
// The randomized model test of the writing surface runs on its own after the rest: it
// drives a browser and a host for minutes, and shares the machine with nothing.
const MODEL = 'test/e2e/writing-model.test.ts';
const args = process.argv.slice(2);
if (args.length) step('tests', bin('vitest'), ['run', ...args]);
else {
  step('unit, integration and end-to-end tests', bin('vitest'), ['run', '--exclude', MODEL]);
  step('the writing surface, randomized model test', bin('vitest'), ['run', MODEL]);
}
