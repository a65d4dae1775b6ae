import { QuireError } from '../../shared/errors.ts';
import { runChecks } from '../services/check.ts';
import { Workspace } from '../services/workspace.ts';
import type { CliIo } from './io.ts';

/** `quire check <site>`: errors and warnings, each naming its file; exit 1 on errors. */
export async function checkCommand(site: string, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  const issues = await runChecks(ws);
  for (const i of issues)
    io.out(`${i.severity === 'error' ? 'error  ' : 'warning'}  ${i.file}: ${i.message}\n`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  io.out(
    `${ws.posts().length} posts checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
  );
  if (errors > 0)
    throw new QuireError(
      'invalid-request',
      `${errors} problem${errors === 1 ? '' : 's'} to fix before publishing (see above)`,
    );
}
