import DOMPurify from 'dompurify';

// Nothing that can run, load a document, submit or restyle the page survives.
const PURIFY = {
  FORBID_TAGS: [
    'style',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'form',
    'meta',
    'base',
    'link',
    'script',
    'svg',
    'math',
    'template',
  ],
  FORBID_ATTR: ['style', 'srcdoc', 'formaction', 'action'],
  ALLOW_DATA_ATTR: false,
};

/** Sanitizes preview HTML with DOMPurify (the preview frame also forbids any script). */
export function sanitizePreviewHtml(html: string): string {
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}
