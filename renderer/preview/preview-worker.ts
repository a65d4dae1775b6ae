// The preview's heavy work, off the typing thread: Markdown to HTML by top-level block
// (a block whose source did not change is not rendered again), and the post's word
// count, reading time and summary, computed by the listing code itself.
import { isHtmlContent } from '../../shared/content/content-files.ts';
import type { MarkdownOptions } from '../../shared/markdown/render.ts';
import { mayHaveShortcodes } from '../../shared/markdown/shortcode-lexer.ts';
import { derivePost, markdownOptions } from '../../shared/site/derive.ts';
import type { SiteConfig, SummaryMode } from '../../shared/site/config.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import { refResolver } from '../../shared/site/refs.ts';
import type { RefResolver } from '../../shared/site/refs.ts';
import { sitePathOfLink } from '../api/assets.ts';
import type { PreviewRequest, PreviewResponse } from './preview-protocol.ts';
import { htmlPageSegment, renderSegments } from './render-segments.ts';
import type { Segment } from './render-segments.ts';
import { headingOutline } from '../../shared/markdown/outline.ts';
import { postHeaderHtml } from '../../shared/site/post-header.ts';

const cache = new Map<string, unknown>();

function render(req: PreviewRequest): Segment[] {
  const options: MarkdownOptions = markdownOptions(req.config);
  const resolveUrl = (url: string, kind: 'link' | 'image') => {
    if (kind !== 'image') return url;
    const rel = sitePathOfLink(req.postPath, url);
    return rel
      ? `${req.assetPrefix}${rel.split('/').map(encodeURIComponent).join('/')}${req.assetSuffix}`
      : url;
  };
  // Shortcodes read the front matter (param): a block's HTML is reused only while it is unchanged.
  const salt = mayHaveShortcodes(req.body)
    ? `${req.assetPrefix}\u0000${JSON.stringify(req.meta.params)}`
    : req.assetPrefix;
  const shortcodes = {
    ...req.shortcodes,
    page: req.meta.params,
    embeds: 'preview' as const,
    postPath: req.postPath,
    resolveRef: resolverFor(req),
  };
  // An `.html` page: its body is HTML already (one block; Markdown would drop or escape it).
  if (isHtmlContent(req.postPath))
    return [htmlPageSegment(req.body, options, { resolveUrl, shortcodes }, req.bodyLine, salt)];
  return renderSegments(req.body, options, { resolveUrl, shortcodes }, cache, req.bodyLine, salt);
}

let refs: { list: PreviewRequest['refs']; resolve: RefResolver } | null = null;

/** ref/relref through the same lookup the export uses, over the site's post URLs. */
function resolverFor(req: PreviewRequest): RefResolver | undefined {
  if (req.refs && refs?.list !== req.refs) {
    const urls = new Map(req.refs.map((r) => [r.path, r.url]));
    const posts = req.refs.map(
      (r) => ({ path: r.path, bundle: /\/index\.[^/]+$/.test(r.path) }) as SitePost,
    );
    refs = {
      list: req.refs,
      resolve: refResolver(
        posts,
        { contentDir: req.contentDir ?? 'content', permalinks: {} } as Parameters<
          typeof refResolver
        >[1],
        (p) => urls.get(p.path) ?? '',
      ),
    };
  }
  return refs?.resolve;
}

function derive(req: PreviewRequest): PreviewResponse['derived'] {
  try {
    const d = derivePost(
      req.body,
      req.meta,
      req.config as unknown as SiteConfig,
      req.summaryMode as SummaryMode,
      {
        shortcodes: {
          ...req.shortcodes,
          page: req.meta.params,
          postPath: req.postPath,
          resolveRef: resolverFor(req),
        },
      },
    );
    return {
      wordCount: d.wordCount,
      readingTime: d.readingTime,
      summary: d.summary,
      summaryType: d.summaryType,
      truncated: d.truncated,
      header: postHeaderHtml(req.meta, d.readingTime, req.config),
      path: req.postPath,
      // File lines (0-based), for the outline; only while it is shown (a parse of the body).
      outline: req.wantOutline
        ? headingOutline(req.body, markdownOptions(req.config)).map((h) => ({
            ...h,
            line: h.line + req.bodyLine,
          }))
        : [],
    };
  } catch {
    return null;
  }
}

// Word count and summary need a full render: while the user types they wait for a pause
// (long posts a little longer), so the preview itself is never held up by them.
let deriveTimer: ReturnType<typeof setTimeout> | null = null;

self.onmessage = (e: MessageEvent<PreviewRequest>) => {
  const req = e.data;
  const t0 = performance.now();
  const segments = req.wantSegments ? render(req) : [];
  const renderMs = performance.now() - t0;
  const post = (r: PreviewResponse) => (self as unknown as Worker).postMessage(r);
  if (deriveTimer) clearTimeout(deriveTimer);
  const small = req.body.length < 60_000;
  if (small) {
    const t1 = performance.now();
    post({
      id: req.id,
      segments,
      derived: derive(req),
      renderMs,
      deriveMs: performance.now() - t1,
    });
    return;
  }
  post({ id: req.id, segments, derived: null, renderMs, deriveMs: 0 });
  // A full render (and the outline's parse) of a long post costs 100-300 ms of a core: it
  // waits for a real pause, longer the longer the post (250 ms at 60,000 characters, 1 s at
  // 240,000 and over), so it does not compete with the typing for the CPU.
  deriveTimer = setTimeout(
    () => {
      deriveTimer = null;
      post({
        id: req.id,
        segments: [],
        derived: derive(req),
        renderMs: 0,
        deriveMs: 0,
        derivedOnly: true,
      });
    },
    Math.min(1000, req.body.length / 240),
  );
};
