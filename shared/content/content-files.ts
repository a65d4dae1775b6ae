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
 * True for a file name that makes its folder a leaf bundle (`index.md`, `index.html`, …):
 * every other file in that folder, Markdown too, is a resource of that page.
 */
export function isLeafIndex(name: string): boolean {
  return /^index\.(md|markdown|mdown|mkd|html?)$/i.test(name);
}
