import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Hugo on this machine, or null with the reason (the test prints it when skipping). */
export function hugoVersion(): { version: string | null; why: string } {
  const r = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return {
      version: null,
      why: 'Hugo is not installed (apt-get install -y hugo); `npm test` installs it when it can',
    };
  return { version: r.stdout.trim(), why: '' };
}

/** A listing entry as the ENTRY template writes it. */
export interface HugoEntry {
  title: string;
  summary: string;
  truncated: boolean;
  date: string;
  readingTime: number;
  wordCount: number;
  file: string;
}

/** One listing entry as JSON, in a Hugo template (`.` is the page). */
export const ENTRY = `{"title": {{ .Title | jsonify }}, "summary": {{ .Summary | plainify | htmlUnescape | jsonify }}, "truncated": {{ .Truncated }}, "date": {{ .Date.Format "January 2, 2006" | jsonify }}, "readingTime": {{ .ReadingTime }}, "wordCount": {{ .WordCount }}, "file": {{ printf "content/%s" .File.Path | jsonify }}}`;

/**
 * Adds JSON listing templates to a Hugo site (home and term pages, every page number)
 * so its listings can be compared with Quire's, entry by entry.
 */
export function addJsonListingLayouts(site: string): void {
  mkdirSync(path.join(site, 'layouts/_default'), { recursive: true });
  const page = (pages: string) =>
    `{{- $p := .Paginate ${pages} -}}\n{"pageNumber": {{ $p.PageNumber }}, "totalPages": {{ $p.TotalPages }}, "entries": [{{ range $i, $e := $p.Pages }}{{ if $i }},{{ end }}\n${ENTRY}{{ end }}]}\n`;
  writeFileSync(
    path.join(site, 'layouts/index.qjson.json'),
    page('(where site.RegularPages "Type" "in" site.Params.mainSections)'),
  );
  writeFileSync(path.join(site, 'layouts/_default/term.qjson.json'), page('.Pages'));
  writeFileSync(path.join(site, 'layouts/_default/single.html'), '{{ .Title }}');
  writeFileSync(path.join(site, 'layouts/_default/list.html'), '{{ .Title }}');
}

/** The config lines that make Hugo write those JSON listings. */
export const JSON_LISTING_CONFIG = `
[outputFormats.QJSON]
mediaType = "application/json"
baseName = "index"
isPlainText = true

[outputs]
home = ["QJSON"]
term = ["QJSON"]
taxonomy = ["HTML"]
section = ["HTML"]
`;

/** Builds a site with Hugo into `out`; throws with Hugo's output when it fails. */
export function hugoBuild(site: string, out: string): void {
  const r = spawnSync(
    'hugo',
    ['--source', site, '--destination', out, '--quiet', '--cleanDestinationDir'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`hugo failed: ${r.stderr || r.stdout}`);
}
