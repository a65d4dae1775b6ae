import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
  bash,
  c,
  cpp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
};
// Registered on the first code block: building the grammars takes milliseconds that a
// command or a post without code never needs.
let registered = false;
function registerLanguages(): void {
  registered = true;
  for (const [name, lang] of Object.entries(languages)) hljs.registerLanguage(name, lang);
  hljs.registerAliases(['toml'], { languageName: 'ini' });
  hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
  hljs.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' });
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

const NEEDS_ESCAPE = /[&<>"]/;

/** Escapes text for HTML the way markdown-it and goldmark do. */
export function escapeHtml(s: string): string {
  // Most text (titles, URLs, dates) has nothing to escape: one scan, no new string.
  return NEEDS_ESCAPE.test(s) ? s.replace(/[&<>"]/g, (c) => ESC[c]!) : s;
}

/**
 * Highlighted HTML for a code block: spans with `hljs-*` classes (colours live in the
 * theme CSS); the text content is exactly the code. Unknown languages are escaped only.
 */
export function highlightCode(code: string, lang: string): string {
  if (lang && !registered) registerLanguages();
  if (lang && hljs.getLanguage(lang)) {
    try {
      return chromaEscapes(hljs.highlight(code, { language: lang, ignoreIllegals: true }).value);
    } catch {
      // fall through to plain escaping
    }
  }
  return chromaEscapes(escapeHtml(code));
}

/**
 * Quotes escaped as Hugo's highlighter writes them in a fenced block (Go's
 * html.EscapeString: &#34; and &#39;). The reader sees the same characters, but Hugo's
 * plain text keeps the entities, so in a CJK post they count in the word count.
 */
function chromaEscapes(html: string): string {
  return html.replace(/&quot;|&#x27;|'/g, (m) => (m === '&quot;' ? '&#34;' : '&#39;'));
}

/**
 * Highlighted code as our fenced code blocks render it, plus Hugo's line numbers when
 * `linenos` asks for them (they are text a reader sees, and Hugo counts them as words).
 */
export function highlightBlock(code: string, lang: string, options: string): string {
  const opts = new Map<string, string>();
  for (const part of options.split(/[,\s]+/)) {
    const m = /^([A-Za-z_]+)=(.*)$/.exec(part.trim());
    if (m) opts.set(m[1]!.toLowerCase(), m[2]!.replace(/^"|"$/g, ''));
  }
  const safeLang = /^[\w+#.-]{1,40}$/.test(lang) ? lang : '';
  const cls = safeLang
    ? ` class="language-${escapeHtml(safeLang)}" data-lang="${escapeHtml(safeLang)}"`
    : '';
  const body = highlightCode(code.endsWith('\n') ? code : `${code}\n`, safeLang);
  const linenos = (opts.get('linenos') ?? '').toLowerCase();
  if (!linenos || linenos === 'false')
    return `<div class="highlight"><pre><code${cls}>${body}</code></pre></div>`;
  const start = Number(opts.get('linenostart') ?? '1') || 1;
  const count = code.replace(/\n$/, '').split('\n').length;
  const width = String(start + count - 1).length;
  const nums = Array.from({ length: count }, (_, i) => String(start + i).padStart(width, ' '));
  if (linenos === 'table')
    return `<div class="highlight"><table class="lntable"><tr><td class="lntd"><pre><code>${nums.map((n) => `<span class="lnt">${n}\n</span>`).join('')}</code></pre></td><td class="lntd"><pre><code${cls}>${body}</code></pre></td></tr></table></div>`;
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return `<div class="highlight"><pre><code${cls}>${lines.map((l, i) => `<span class="ln">${nums[i] ?? ''}</span>${l}\n`).join('')}</code></pre></div>`;
}
