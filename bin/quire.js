#!/usr/bin/env node
// The `quire` command. Runs the TypeScript sources directly (through tsx), so it works
// right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
