#!/usr/bin/env node
// Runs @doyensec/electronegativity over electron/ (the Node side of the desktop app).
// Every finding above informational must be explained in build/electronegativity.json
// (and so in the README's security section); a new one fails the run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const mod = require('@doyensec/electronegativity');
const run = mod.default ?? mod;
const explained = JSON.parse(readFileSync('build/electronegativity.json', 'utf8'));
const result = await run({
  input: path.resolve('electron'),
  output: path.join(os.tmpdir(), `quire-electronegativity-${process.pid}.csv`),
  isSarif: false,
  customScan: '',
  severitySet: '',
  confidenceSet: '',
  isRelative: true,
  parserPlugins: [],
  electronVersionOverride: JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8'))
    .version,
});
const rank = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
const findings = result.issues.filter((i) => (rank[i.severity?.name ?? i.severity] ?? 0) > 0);
const unexplained = [];
for (const f of findings) {
  const key = `${f.id} ${f.file}`;
  const why = explained[key];
  console.log(
    `${why ? 'explained' : 'NEW      '}  ${f.severity?.name ?? f.severity}  ${key}:${f.location?.line ?? 0}${why ? `  (${why})` : ''}`,
  );
  if (!why) unexplained.push(key);
}
if (result.errors?.length)
  console.log(`electronegativity could not parse: ${result.errors.map((e) => e.file).join(', ')}`);
console.log(
  `electronegativity: ${findings.length} finding(s) above informational, ${unexplained.length} unexplained`,
);
process.exit(unexplained.length ? 1 : 0);
