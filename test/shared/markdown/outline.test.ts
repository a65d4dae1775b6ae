import { describe, expect, it } from 'vitest';
import { headingOutline } from '../../../shared/markdown/outline.ts';
import { renderMarkdown } from '../../../shared/markdown/render.ts';

const OPTIONS = { typographer: true, unsafe: false };

describe('headingOutline', () => {
  it('lists headings with the ids the rendered page has, and their lines', () => {
    const body = [
      '# Intro',
      '',
      'Text with a `# not heading`.',
      '',
      '```',
      '## in a fence',
      '```',
      '',
      '## Set *up* `go`',
      '',
      'Setext',
      '------',
      '',
      '## Intro',
      '',
      '### Custom {#mine}',
    ].join('\n');
    const outline = headingOutline(body, OPTIONS);
    expect(outline).toEqual([
      { level: 1, text: 'Intro', id: 'intro', line: 0 },
      { level: 2, text: 'Set up go', id: 'set-up-go', line: 8 },
      { level: 2, text: 'Setext', id: 'setext', line: 10 },
      { level: 2, text: 'Intro', id: 'intro-1', line: 13 },
      { level: 3, text: 'Custom', id: 'mine', line: 15 },
    ]);
    const html = renderMarkdown(body, OPTIONS);
    for (const h of outline) expect(html).toContain(`id="${h.id}"`);
  });
});
