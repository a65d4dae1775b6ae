import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quire, quireInProcess } from '../../helpers/cli.ts';
import { seedBlog } from '../../helpers/site.ts';

interface Expected {
  page: string;
  asOf: string;
  summaryMode: string;
  pageNumber?: number;
  entries: unknown[];
}

const expectedDir = path.join(seedBlog, 'expected');
const files = readdirSync(expectedDir).filter((f) => f.endsWith('.json'));

describe('quire listing matches the published blog', () => {
  it('has golden files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(file, async () => {
      const exp = JSON.parse(readFileSync(path.join(expectedDir, file), 'utf8')) as Expected;
      const args = [
        'listing',
        seedBlog,
        '--page',
        exp.page,
        '--as-of',
        exp.asOf,
        '--summary-mode',
        exp.summaryMode,
        '--page-number',
        String(exp.pageNumber ?? 1),
        '--json',
      ];
      const r = await quireInProcess(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const got = JSON.parse(r.stdout) as {
        page: string;
        pageNumber: number;
        totalPages: number;
        entries: unknown[];
      };
      expect(got.page).toBe(exp.page);
      expect(got.pageNumber).toBe(exp.pageNumber ?? 1);
      expect(got.entries).toEqual(exp.entries);
    });
  }

  it('works as a command, with the draft never listed', () => {
    const r = quire(['listing', seedBlog, '--as-of', '2024-04-30', '--page-number', '3', '--json']);
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout) as { totalPages: number; entries: { title: string }[] };
    expect(page.totalPages).toBe(3);
    const all = [1, 2, 3].flatMap(
      (n) =>
        (
          JSON.parse(
            quire([
              'listing',
              seedBlog,
              '--as-of',
              '2024-04-30',
              '--page-number',
              String(n),
              '--json',
            ]).stdout,
          ) as { entries: { title: string }[] }
        ).entries,
    );
    expect(all).toHaveLength(23);
    expect(all.map((e) => e.title)).not.toContain('An unfinished draft about sidecars');
  });

  it('text output reads like the page, truncated summaries end in "..."', async () => {
    const r = await quireInProcess([
      'listing',
      seedBlog,
      '--as-of',
      '2024-01-10',
      '--page',
      'tags/builds',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Analyzing Go Binary Sizes\nIn Analyzing Go Build Times,');
    expect(r.stdout).toContain('keep them small....\nJanuary 6, 2024\u00a0·\u00a08 min\n');
  });

  it('rejects a page that does not exist, naming it', async () => {
    const r = await quireInProcess([
      'listing',
      seedBlog,
      '--as-of',
      '2024-04-30',
      '--page-number',
      '9',
    ]);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'quire: page 9 does not exist: home has 3 pages\n',
    });
    const bad = await quireInProcess(['listing', seedBlog, '--as-of', 'soon']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'quire: --as-of: "soon" is not a date (use YYYY-MM-DD)\n',
    });
  });
});
