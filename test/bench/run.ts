// `npm run bench [name]`: prints measured numbers and ratios against a peer (in the same
// process, or, for `process`, the `quire` command against the `hugo` command). Targets are printed, never asserted (machines differ).
import { benchBrowse } from './browse-bench.ts';
import { benchEditor } from './editor-bench.ts';
import { benchExport } from './export-bench.ts';
import { benchIndex } from './index-bench.ts';
import { benchMarkdown } from './markdown-bench.ts';
import { benchProcess } from './process-bench.ts';
import { benchTheme } from './theme-bench.ts';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  index: () => benchIndex(),
  markdown: () => benchMarkdown(),
  export: () => benchExport(),
  editor: () => benchEditor(),
  browse: () => benchBrowse(),
  theme: () => benchTheme(),
  process: () => benchProcess(),
};
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.log(`\n## ${name}`);
  await run();
}
