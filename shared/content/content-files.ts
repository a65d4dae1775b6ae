/**
 * Which files in a Hugo content folder are pages, as Hugo decides by extension. Markdown
 * is what Quire writes; `.html` pages (front matter, then HTML) Hugo renders as they are,
 * and so does Quire (lists, previews, exports them; the body is not Markdown).
 */
export const MARKDOWN_EXT = /\.(md|markdown|mdown|mkd)$/i;
export const CONTENT_EXT = /\.(md|markdown|mdown|mkd|html?)$/i;

/** True for a page whose body is HTML rather than Markdown. */
export function isHtmlContent(path: string): boolean {
  return /\.html?$/i.test(path);
}

/**
 * True for a file name that makes its folder a leaf bundle (`index.md`, `index.html`, …;
 * on a multilingual site also a configured language's `index.fr.md`): every other file in
 * that folder, Markdown too, is a resource of that page.
 */
export function isLeafIndex(name: string, languages: readonly string[] = []): boolean {
  const m = /^index(?:\.([a-zA-Z][\w-]*))?\.(md|markdown|mdown|mkd|html?)$/i.exec(name);
  return !!m && (m[1] === undefined || languages.includes(m[1].toLowerCase()));
}

/**
 * What Hugo (0.111) does with a content file that is a plain HTML document, one whose
 * first character after blank space is `<` (not an HTML comment):
 * - `'copy'`: an `.html` file is copied to the site as it is, at its path under the content
 *   folder: it is not a page (no template, not listed, no feed entry);
 * - `'refused'`: any other such file (a Markdown file, or an `.html` file that starts with a
 *   byte order mark or a comment line before its `<`) stops Hugo's build with "plain HTML
 *   documents not supported";
 * - `null`: an ordinary page (front matter, or text).
 */
export function plainHtmlDocument(path: string, text: string): 'copy' | 'refused' | null {
  if (isHtmlContent(path)) {
    const start = /^[ \t\r\n]*/.exec(text)![0].length;
    if (text.startsWith('<', start) && !text.startsWith('<!--', start)) return 'copy';
  }
  // Hugo's page lexer before the front matter: a byte order mark and blank space are
  // skipped, a line that opens an HTML comment is passed over (commented-out front matter
  // may follow), and any other `<` is an error.
  let at = 0;
  for (;;) {
    while (at < text.length && /[\ufeff \t\r\n]/.test(text[at]!)) at++;
    if (text[at] !== '<') return null;
    if (!text.startsWith('<!--', at)) return 'refused';
    const nl = text.indexOf('\n', at);
    if (nl === -1) return null;
    at = nl + 1;
  }
}
