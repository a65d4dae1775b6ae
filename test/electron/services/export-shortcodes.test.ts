import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../../shared/content/front-matter.ts';
import { readerText } from '../../../shared/markdown/hugo-text.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { renderSegments } from '../../../renderer/preview/render-segments.ts';
import { Exporter } from '../../../electron/services/export.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { markdownFiles } from '../../helpers/hugo-compare.ts';
import { repoRoot, tempDir } from '../../helpers/site.ts';

const fixture = path.join(repoRoot, 'test/fixtures/real-world');
// The one place a post shows shortcode syntax on purpose: a commented-out shortcode.
const COMMENTED = '{{< figure src="x.png" >}}';
const RAW = /\{\{[<%]|\{\{\}\}|[>%]\}\}/;

function bodies(): { file: string; body: string }[] {
  return markdownFiles(path.join(fixture, 'content')).map((p) => ({
    file: path.basename(p),
    body: parseFrontMatter(readFileSync(p, 'utf8'), p).split.body,
  }));
}

describe('shortcodes never show as raw syntax', () => {
  it('in any page of the export; embeds as Hugo writes them, frames only from the players', async () => {
    const site = tempDir('quire-export-sc-');
    cpSync(fixture, site, { recursive: true });
    const ws = await Workspace.open(site, { cacheDir: null });
    const built = await new Exporter(ws).build({ asOf: parseAsOf('2030-01-01'), drafts: true });
    const pages = [...built.files].filter(([f]) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(12);
    const offending: string[] = [];
    for (const [file, html] of pages) {
      const text = readerText(html).replace(COMMENTED, '');
      if (
        RAW.test(text) ||
        RAW.test(html.replace(/\{\{&lt; figure src=&(quot|#34);x\.png&(quot|#34); &gt;\}\}/, ''))
      )
        offending.push(file);
    }
    expect(offending).toEqual([]);
    const trip = pages.find(([f]) => f.includes('bundle-trip'))![1];
    expect(trip).toContain('<iframe src="https://www.youtube.com/embed/w7Ft2ymGmfc"');
    expect(trip).toContain(
      'frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com',
    );
    expect(trip).toContain("script-src 'none'");
    expect(trip).not.toMatch(/<script/);
  });

  it('in the preview, where embeds are a card with a link: no frame, no script', () => {
    for (const { file, body } of bodies()) {
      const html = renderSegments(
        body,
        { typographer: true, unsafe: false },
        { shortcodes: { embeds: 'preview', page: { extra: { colour: 'teal' } } } },
        new Map(),
      )
        .map((s) => s.html)
        .join('');
      expect(readerText(html).replace(COMMENTED, ''), file).not.toMatch(RAW);
      expect(html, file).not.toMatch(/<iframe|<script/);
    }
  });
});
