import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FEATURE_CONFIG,
  writeFeatureCorpus,
  writeGoldmarkCorpus,
} from '../../helpers/corpus-features.ts';
import { compareWithHugo } from '../../helpers/hugo-compare.ts';
import { hugoVersion, JSON_LISTING_CONFIG } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo feature parity: ${hugo.why}`);

describe.skipIf(!hugo.version)(
  `real Hugo content renders like Hugo (${hugo.version ?? 'no hugo'})`,
  () => {
    it('shortcodes: every built-in, the site own, comments, nesting: entries and bodies equal Hugo', async () => {
      const site = tempDir('quire-features-');
      writeFileSync(
        path.join(site, 'hugo.toml'),
        `baseURL = "https://example.org/"\ntitle = "Features"\n${FEATURE_CONFIG}${JSON_LISTING_CONFIG}`,
      );
      writeFeatureCorpus(site, 60);
      const { compared, differences } = await compareWithHugo(site);
      console.log(
        `hugo feature parity (shortcodes): compared ${compared} posts, ${differences.length} differences`,
      );
      expect(compared).toBe(60);
      expect(differences.slice(0, 6).join('\n')).toBe('');
    });

    for (const idType of ['github', 'github-ascii', 'blackfriday'] as const)
      it(`goldmark: heading attributes and ids (${idType}), definition lists, footnotes, typographer, linkify`, async () => {
        const site = tempDir('quire-goldmark-');
        writeFileSync(
          path.join(site, 'hugo.toml'),
          `baseURL = "https://example.org/"\ntitle = "Goldmark"\n[markup.goldmark.parser]\nautoHeadingIDType = "${idType}"\n${FEATURE_CONFIG}${JSON_LISTING_CONFIG}`,
        );
        writeGoldmarkCorpus(site, 40);
        const { compared, differences } = await compareWithHugo(site);
        console.log(
          `hugo feature parity (goldmark, ${idType}): compared ${compared} posts, ${differences.length} differences`,
        );
        expect(compared).toBe(40);
        expect(differences.slice(0, 6).join('\n')).toBe('');
      });
  },
);
