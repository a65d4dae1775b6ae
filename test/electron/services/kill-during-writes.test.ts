import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../electron/services/workspace.ts';
import { rng } from '../../helpers/random.ts';
import { quireTempFiles, repoRoot, tempDir } from '../../helpers/site.ts';

// A child process saves a post and pastes images through the real services in a loop;
// it is killed with SIGKILL at random moments. After every kill no file may be
// truncated, and the next open must leave no temp file behind.

const KILLS = 30;
const POST = 'content/posts/p/index.md';

/** Version k of the post: long enough that a write takes a while, checkable whole. */
const postText = (k: number) => `---\ntitle: v${k}\n---\n${`${k} `.repeat(60_000)}\nEND ${k}\n`;
/** Image k: 256 KB of a pattern that names k, so a truncated or mixed file is seen. */
const imageBytes = (k: number) => Buffer.alloc(256 * 1024, `img${k};`);

const CHILD = `
import { Workspace } from ${JSON.stringify(path.join(repoRoot, 'electron/services/workspace.ts'))};
import { addImage } from ${JSON.stringify(path.join(repoRoot, 'electron/services/images.ts'))};
const postText = ${postText.toString()};
const imageBytes = ${imageBytes.toString()};
const ws = await Workspace.open(process.argv[2], { cacheDir: null });
let k = Number(process.argv[3]);
process.stdout.write('started\\n');
for (;;) {
  k++;
  const { version } = await ws.readPost(${JSON.stringify(POST)});
  await ws.savePost(${JSON.stringify(POST)}, postText(k), version);
  await addImage(ws, ${JSON.stringify(POST)}, 'img-' + k + '.png', imageBytes(k), k % 2 ? 'bundle' : 'static');
}
`;

describe('kill -9 during saves and image pastes', () => {
  it(`after ${KILLS} kills no file is truncated and no temp file survives the next open`, async () => {
    const site = path.join(tempDir(), 'site');
    mkdirSync(path.join(site, 'content/posts/p'), { recursive: true });
    mkdirSync(path.join(site, 'static/images'), { recursive: true });
    writeFileSync(path.join(site, 'hugo.toml'), 'title = "K"\n');
    writeFileSync(path.join(site, POST), postText(0));
    const script = path.join(path.dirname(site), 'writer.mts');
    writeFileSync(script, CHILD);
    const r = rng(16);
    let tempsSeen = 0;
    let k = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const child = spawn(
        process.execPath,
        [path.join(repoRoot, 'bin/run-ts.js'), script, site, String(k * 1000)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      await new Promise((res) => setTimeout(res, 5 + r.int(120)));
      child.kill('SIGKILL');
      await new Promise((res) => child.once('exit', res));
      k++;
      const text = readFileSync(path.join(site, POST), 'utf8');
      const v = /^---\ntitle: v(\d+)\n/.exec(text)?.[1];
      expect(v !== undefined && text === postText(Number(v)), `kill ${kill}: post whole`).toBe(
        true,
      );
      for (const dir of ['content/posts/p', 'static/images']) {
        for (const name of readdirSync(path.join(site, dir))) {
          const m = /^img-(\d+)\.png$/.exec(name);
          if (!m) continue;
          expect(
            readFileSync(path.join(site, dir, name)).equals(imageBytes(Number(m[1]))),
            `kill ${kill}: ${dir}/${name} whole`,
          ).toBe(true);
        }
      }
      tempsSeen += quireTempFiles(site).length;
      const ws = await Workspace.open(site, { cacheDir: null });
      expect(quireTempFiles(site), `kill ${kill}: temp files after the next open`).toEqual([]);
      expect(ws.post(POST)?.meta.title).toBe(`v${v}`);
    }
    console.log(
      `kill -9: ${KILLS} kills during saves and image writes, 0 truncated files, ${tempsSeen} temp files left by kills, all removed on the next open`,
    );
  }, 120_000);
});
