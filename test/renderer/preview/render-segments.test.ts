import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../../shared/content/front-matter.ts';
import { renderMarkdown } from '../../../shared/markdown/render.ts';
import { htmlPageSegment, renderSegments } from '../../../renderer/preview/render-segments.ts';
import { makePost } from '../../bench/markdown-bench.ts';
import { writeFeatureCorpus } from '../../helpers/corpus-features.ts';
import { writeVariedCorpus } from '../../helpers/corpus-hugo.ts';
import { seedBlog, tempDir } from '../../helpers/site.ts';

const options = { typographer: true, unsafe: false };

describe('the preview renders exactly what the export renders', () => {
  const bodies: [string, string][] = [['50,000-word post', makePost(50_000)]];
  const site = tempDir();
  writeVariedCorpus(site, 200, 3);
  const features = tempDir();
  writeFeatureCorpus(features, 40);
  for (const dir of [
    path.join(site, 'content/posts'),
    path.join(seedBlog, 'content/posts'),
    path.join(features, 'content/posts'),
  ]) {
    for (const f of readdirSync(dir))
      bodies.push([f, parseFrontMatter(readFileSync(path.join(dir, f), 'utf8')).split.body]);
  }

  it('block by block, for every post of a varied corpus and the seed blog', () => {
    const failures: string[] = [];
    for (const [name, body] of bodies) {
      // A warm cache from an edited version must not leak into this render.
      const cache = new Map<string, unknown>();
      renderSegments(
        body.replace(/\b(\w+)\b/, '$1 edited').replace('## ', '## Again '),
        options,
        {},
        cache,
      );
      const segs = renderSegments(body, options, {}, cache);
      if (segs.map((s) => s.html).join('') !== renderMarkdown(body, options)) failures.push(name);
      if (segs.some((s, i) => i > 0 && s.line < segs[i - 1]!.line))
        failures.push(`${name}: lines out of order`);
    }
    expect(failures).toEqual([]);
  });

  it('re-renders only the edited block when typing', () => {
    const body = makePost(5_000);
    const cache = new Map<string, unknown>();
    const before = renderSegments(body, options, {}, cache);
    const after = renderSegments(body.replace(/\.\n\n/, '. Typed.\n\n'), options, {}, cache);
    const changed = after.filter((s, i) => s.key !== before[i]?.key);
    expect(before.length).toBeGreaterThan(50);
    // Only the chunk holding the edit (a paragraph and the list that follows it).
    expect(changed.length).toBeLessThanOrEqual(3);
    expect(changed.map((s) => s.html).join('')).toContain('Typed.');
  });
});

describe('the preview of an .html page', () => {
  it('shows its HTML as written (Markdown rendering would drop it), shortcodes rendered, images from the site', () => {
    const body =
      '<p class="post-p">Gears <em>turn</em>.</p>\n<img alt="" src="gear.png" width="263"/>\n{{< param "title" >}}\n';
    const seg = htmlPageSegment(
      body,
      options,
      {
        resolveUrl: (url) => `asset://${url}`,
        shortcodes: { page: { title: 'Geared' }, postPath: 'content/post/g/index.html' },
      },
      5,
    );
    expect(seg.line).toBe(5);
    expect(seg.html).toContain('<p class="post-p">Gears <em>turn</em>.</p>');
    expect(seg.html).toContain('<img alt="" src="asset://gear.png" width="263"/>');
    expect(seg.html).toContain('Geared');
    expect(seg.html).not.toContain('{{<');
    // The same body through Markdown with raw HTML off shows none of it.
    expect(renderMarkdown(body, options)).not.toContain('post-p');
  });
});
