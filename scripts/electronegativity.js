#!/usr/bin/env node
// Runs @doyensec/electronegativity over electron/ (the Node side of the desktop app).
// Every finding above informational (and every node-integration or remote-module one)
// must be explained in build/electronegativity.json, keyed by check, file and source
// line (and so in the README's security section); a new one fails the run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const mod = require('@doyensec/electronegativity');
const run = mod.default ?? mod;
const explained = JSON.parse(readFileSync('build/electronegativity.json', 'utf8'));
// Twice: with the Electron version this app ships, and without it, as an auditor who
// runs the tool on the sources alone would (it then assumes an old Electron's defaults).
const scan = async (version) =>
  run({
    input: path.resolve('electron'),
    output: path.join(os.tmpdir(), `quire-electronegativity-${process.pid}.csv`),
    isSarif: false,
    customScan: '',
    severitySet: '',
    confidenceSet: '',
    isRelative: true,
    parserPlugins: [],
    electronVersionOverride: version,
  });
const shipped = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const results = [await scan(shipped), await scan('1.0.0')];
const rank = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
const name = (x) => x?.name ?? x;
// A finding is explained by its check, file and the source line it points at, so the same
// check firing on another line (a regression) is new and fails the run.
const seen = new Map();
for (const result of results)
  for (const f of result.issues) {
    if ((rank[name(f.severity)] ?? 0) === 0 && !/NODE_INTEGRATION|REMOTE_MODULE/.test(f.id))
      continue;
    const key = `${f.id} ${f.file} | ${(f.sample ?? '').trim()}`;
    if (!seen.has(key)) seen.set(key, f);
  }
const unexplained = [];
for (const [key, f] of seen) {
  const why = explained[key];
  console.log(
    `${why ? 'explained' : 'NEW      '}  ${name(f.severity)}  ${key}  (line ${f.location?.line ?? 0})${why ? `: ${why}` : ''}`,
  );
  if (!why) unexplained.push(key);
}
for (const result of results)
  if (result.errors?.length)
    console.log(
      `electronegativity could not parse: ${result.errors.map((e) => e.file).join(', ')}`,
    );
console.log(`electronegativity: ${seen.size} finding(s), ${unexplained.length} unexplained`);
process.exit(unexplained.length ? 1 : 0);
