import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySeedBlog } from '../../helpers/site.ts';
import { testBackend } from '../../helpers/app.ts';

describe('site settings', () => {
  it('change only the lines of the settings changed, in hugo.toml, and take effect', async () => {
    const site = copySeedBlog();
    const file = path.join(site, 'hugo.toml');
    const before = readFileSync(file, 'utf8');
    const b = testBackend();
    await b.call('openSite', { path: site });
    await b.call('updateSiteConfig', {
      set: {
        title: 'Renamed Blog',
        paginate: 5,
        'params.DateFormat': 'Jan 2, 2006',
        'markup.goldmark.renderer.unsafe': true,
      },
    });
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      before
        .replace('title = "Seed Blog"', 'title = "Renamed Blog"')
        .replace('paginate = 10', 'paginate = 5')
        .replace(
          'mainSections = ["posts"]\n',
          'mainSections = ["posts"]\nDateFormat = "Jan 2, 2006"\n',
        ) + '\n[markup.goldmark.renderer]\nunsafe = true\n',
    );
    const values = ((await b.call('readSiteConfig', {})) as { values: Record<string, unknown> })
      .values;
    expect(values).toMatchObject({
      title: 'Renamed Blog',
      pagerSize: 5,
      dateFormat: 'Jan 2, 2006',
      unsafeHtml: true,
    });
    const page = (await b.call('listing', { page: 'home', pageNumber: 1, asOf: '2024-04-30' })) as {
      totalPages: number;
      entries: { date: string }[];
    };
    expect(page.totalPages).toBe(5);
    expect(page.entries[0]!.date).toBe('Apr 25, 2024');
    await b.close();
  });

  it('edit nested keys of a YAML config in place, and refuse a change that would break it', async () => {
    const site = copySeedBlog();
    writeFileSync(path.join(site, 'hugo.toml'), '');
    const { rmSync } = await import('node:fs');
    rmSync(path.join(site, 'hugo.toml'));
    const yaml = 'title: Y # the name\nparams:\n  ShowReadingTime: true\n  mainSections: [posts]\n';
    writeFileSync(path.join(site, 'hugo.yaml'), yaml);
    const b = testBackend();
    await b.call('openSite', { path: site });
    await b.call('updateSiteConfig', {
      set: { 'params.ShowReadingTime': false, 'params.quire.summaryMode': 'sentence' },
    });
    expect(readFileSync(path.join(site, 'hugo.yaml'), 'utf8')).toBe(
      'title: Y # the name\nparams:\n  ShowReadingTime: false\n  mainSections: [posts]\n  quire:\n    summaryMode: sentence\n',
    );
    const info = (await b.call('currentSite', {})) as { summaryMode: string };
    expect(info.summaryMode).toBe('sentence');
    await b.close();
  });
});
