#!/usr/bin/env node
// The `quire` command. Runs its prebuilt bundle (out/cli, see scripts/cli-bundle.js),
// building it first when it is missing or older than a source file, so it works right
// after `npm ci` with no build step; where it cannot be built, runs the TypeScript
// sources through tsx (QUIRE_FROM_SOURCE=1 forces that).
import { cliEntry } from '../scripts/cli-bundle.js';

const entry = await cliEntry();
let main;
if (entry) ({ main } = await import(entry));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
