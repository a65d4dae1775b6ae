/** The default theme's stylesheet: readable, responsive, light/dark, no JavaScript. */
export const THEME_CSS = `:root{--bg:#fff;--entry:#fff;--text:#1f2328;--muted:#5f6368;--border:#e3e3e3;--accent:#0b57d0;--code-bg:#f5f5f5;--radius:8px;--width:720px}
@media (prefers-color-scheme:dark){:root{--bg:#1d1e20;--entry:#2e2e33;--text:#dadadb;--muted:#9b9c9d;--border:#333;--accent:#8ab4f8;--code-bg:#2b2b2f}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:18px/1.65 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Oxygen,Ubuntu,Cantarell,"Helvetica Neue",sans-serif;word-wrap:break-word}
a{color:inherit}
.site-header,.site-main,.site-footer{max-width:calc(var(--width) + 48px);margin:0 auto;padding:0 24px}
.site-header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;padding-top:24px;padding-bottom:24px}
.site-title{font-weight:700;font-size:22px;text-decoration:none}
.site-nav a{margin-left:16px;text-decoration:none;color:var(--muted)}
.site-nav a:hover,.site-nav a[aria-current]{color:var(--text)}
.site-footer{color:var(--muted);font-size:14px;padding-top:32px;padding-bottom:32px;text-align:center}
.post-entry{background:var(--entry);border:1px solid var(--border);border-radius:var(--radius);padding:20px 24px;margin:0 0 20px;position:relative}
.post-entry h2{font-size:24px;line-height:1.3;margin:0 0 8px}
.post-entry h2 a{text-decoration:none}
.post-entry h2 a::after{content:"";position:absolute;inset:0}
.entry-content{color:var(--muted);margin:0 0 8px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.entry-content p{margin:0}
.entry-footer,.post-meta{color:var(--muted);font-size:14px}
.page-header h1,.post-title{font-size:36px;line-height:1.2;margin:24px 0 8px}
.pagination{display:flex;justify-content:space-between;margin:24px 0}
.pagination a{background:var(--text);color:var(--bg);border-radius:24px;padding:6px 16px;text-decoration:none;font-size:15px}
.pagination .next{margin-left:auto}
.post-content{margin-top:32px}
.post-content h2,.post-content h3,.post-content h4{line-height:1.3;margin:40px 0 16px}
.post-content img{max-width:100%;height:auto;border-radius:4px}
.post-content blockquote{margin:20px 0;padding:0 16px;border-left:3px solid var(--border);color:var(--muted)}
.post-content table{border-collapse:collapse;display:block;overflow-x:auto;margin:20px 0}
.post-content th,.post-content td{border:1px solid var(--border);padding:6px 12px}
code{font:0.88em/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code-bg);border-radius:4px;padding:2px 4px}
pre{background:var(--code-bg);border-radius:var(--radius);padding:16px;overflow-x:auto}
pre code{padding:0;background:none;font-size:14px}
.post-tags{list-style:none;padding:0;margin:32px 0 0;display:flex;flex-wrap:wrap;gap:8px}
.post-tags a,.terms a{display:inline-block;border:1px solid var(--border);border-radius:6px;padding:2px 10px;text-decoration:none;font-size:15px}
.terms{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
.terms sup{color:var(--muted)}
.paginav{display:flex;justify-content:space-between;gap:16px;margin:32px 0;border-top:1px solid var(--border);padding-top:16px}
.paginav a{text-decoration:none}
.paginav .next{margin-left:auto;text-align:right}
.archive-year{margin:32px 0 8px}
.archive-month{display:flex;gap:16px;margin:8px 0 16px}
.archive-month h3{font-size:16px;color:var(--muted);margin:4px 0;min-width:130px}
.archive-posts{flex:1}
.archive-entry{margin:0 0 12px;position:relative}
.archive-entry a{text-decoration:none;font-weight:500}
.archive-meta{color:var(--muted);font-size:14px}
.footnotes{font-size:15px;color:var(--muted)}
.quire-shortcode{display:block;border:1px dashed var(--border);border-radius:var(--radius);padding:8px 12px;margin:16px 0}
span.quire-shortcode{display:inline;padding:0 4px;margin:0}
.quire-shortcode::before{content:"{ " attr(title) " }";display:block;font:12px ui-monospace,monospace;color:var(--muted)}
span.quire-shortcode::before{display:inline}
.quire-embed{border:1px solid var(--border);border-radius:var(--radius);padding:12px 16px;margin:16px 0}
.quire-embed a:empty::before{content:attr(aria-label)}
.hljs-keyword,.hljs-selector-tag,.hljs-built_in,.hljs-name,.hljs-tag{color:#cf222e}
.hljs-string,.hljs-attr,.hljs-template-variable,.hljs-addition{color:#0a3069}
.hljs-comment,.hljs-quote,.hljs-meta{color:#6e7781;font-style:italic}
.hljs-number,.hljs-literal,.hljs-variable,.hljs-symbol{color:#0550ae}
.hljs-title,.hljs-section,.hljs-function .hljs-title,.hljs-type{color:#8250df}
.hljs-deletion{color:#82071e;background:#ffebe9}
@media (prefers-color-scheme:dark){.hljs-keyword,.hljs-selector-tag,.hljs-built_in,.hljs-name,.hljs-tag{color:#ff7b72}.hljs-string,.hljs-attr,.hljs-template-variable,.hljs-addition{color:#a5d6ff}.hljs-comment,.hljs-quote,.hljs-meta{color:#8b949e}.hljs-number,.hljs-literal,.hljs-variable,.hljs-symbol{color:#79c0ff}.hljs-title,.hljs-section,.hljs-function .hljs-title,.hljs-type{color:#d2a8ff}.hljs-deletion{color:#ffdcd7;background:#67060c}}
@media (max-width:600px){body{font-size:17px}.post-entry{padding:16px}.page-header h1,.post-title{font-size:28px}.archive-month{flex-direction:column;gap:0}}
`;
