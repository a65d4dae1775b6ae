import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../electron/cli/main.ts';
import { repoRoot } from './site.ts';

/** Runs `quire` as a user would (a child process through package.json's bin, bin/quire.cjs). */
export function quire(
  args: string[],
  cwd = repoRoot,
  env: NodeJS.ProcessEnv = process.env,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/quire.cjs'), ...args], {
    cwd,
    env,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the same command in this process (fast; for the many-case tests). */
export async function quireInProcess(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    isTTY: false,
  });
  return { code, stdout, stderr };
}
