import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QuireEvent } from '../../../shared/ipc/contract.ts';
import { testBackend } from '../../helpers/app.ts';
import { copySeedBlog, tempDir } from '../../helpers/site.ts';

async function exportFromApp(allowCollisions: boolean) {
  const site = copySeedBlog();
  writeFileSync(
    path.join(site, 'content/posts/dup-slug.md'),
    '---\ntitle: Dup\ndate: 2024-01-02\nslug: saying-no\n---\n\nBody.\n',
  );
  let done: (e: QuireEvent) => void = () => {};
  const finished = new Promise<QuireEvent>((r) => (done = r));
  const backend = testBackend((e) => e.type === 'exportDone' && done(e));
  try {
    await backend.call('openSite', { path: site });
    const out = path.join(tempDir(), 'out');
    await backend.call('exportStart', { out, asOf: '2024-04-30', allowCollisions });
    const e = await finished;
    return { out, data: e.type === 'exportDone' ? e.data : null };
  } finally {
    await backend.close();
  }
}

describe('the export panel and a URL collision', () => {
  it('stops the export and names both files', async () => {
    const { out, data } = await exportFromApp(false);
    expect(data?.error).toMatch(
      /^URL collision: content\/posts\/dup-slug\.md and content\/posts\/saying-no\.md are all at \/posts\/saying-no\/\. Nothing was exported/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('"Export even when two files want one URL" exports and warns which file was written', async () => {
    const { out, data } = await exportFromApp(true);
    expect(data?.error).toBe(null);
    expect(data?.result?.warnings.join('\n')).toContain(
      'only content/posts/dup-slug.md is written',
    );
    expect(existsSync(path.join(out, 'posts/saying-no/index.html'))).toBe(true);
  });
});
