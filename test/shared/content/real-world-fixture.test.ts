import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseFrontMatter,
  serializeFrontMatter,
  setField,
} from '../../../shared/content/front-matter.ts';
import {
  compareWithGrayMatter,
  compareWithHugo,
  markdownFiles,
} from '../../helpers/hugo-compare.ts';
import { hugoVersion, JSON_LISTING_CONFIG } from '../../helpers/hugo.ts';
import { repoRoot, tempDir } from '../../helpers/site.ts';

// Posts written the ways real blogs write them (YAML, TOML, JSON, bundles, CRLF, BOM,
// blank lines and six dashes before the front matter, shortcodes, goldmark extensions).
const fixture = path.join(repoRoot, 'test/fixtures/real-world');

function posts(): { file: string; text: string }[] {
  return markdownFiles(path.join(fixture, 'content')).map((p) => ({
    file: path.relative(fixture, p),
    text: readFileSync(p, 'utf8'),
  }));
}

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED real-world fixture vs Hugo: ${hugo.why}`);

describe('a fixture of real-world posts', () => {
  it('reads the same data as gray-matter, or the difference is known and explained', () => {
    const { compared, differences } = compareWithGrayMatter(posts());
    for (const d of differences) console.log(`gray-matter differs: ${d.file}: ${d.reason}`);
    console.log(`gray-matter: ${compared} files read by both, ${differences.length} differ`);
    expect(differences.filter((d) => d.reason === 'unexplained')).toEqual([]);
    // Exactly the files whose front matter only Hugo (and Quire) finds.
    expect(differences.map((d) => path.basename(d.file)).sort()).toEqual([
      '2021-01-05-json.md',
      '2022-09-01-blank-lines.md',
      '2022-10-10-six-dashes.md',
    ]);
  });

  it('keeps every byte on a round trip, and a title edit changes only the title line', () => {
    for (const { file, text: t } of posts()) {
      const f = parseFrontMatter(t, file);
      expect(serializeFrontMatter(f), file).toBe(t);
      const edited = setField(f, 'title', 'Renamed');
      const before = t.split('\n');
      const after = edited.split('\n');
      expect(after.length, file).toBe(before.length);
      const changed = after.filter((l, i) => l !== before[i]);
      expect(changed, file).toHaveLength(1);
      expect(changed[0], file).toMatch(/Renamed/);
    }
  });

  it.skipIf(!hugo.version)(
    'renders every post as Hugo 0.111 does: entries and bodies',
    async () => {
      const site = tempDir('quire-real-world-');
      cpSync(fixture, site, { recursive: true });
      appendFileSync(path.join(site, 'hugo.toml'), JSON_LISTING_CONFIG);
      const { compared, differences } = await compareWithHugo(site);
      console.log(
        `real-world fixture vs Hugo: compared ${compared} posts, ${differences.length} differences`,
      );
      expect(compared).toBe(posts().length);
      expect(differences.join('\n')).toBe('');
    },
  );
});
