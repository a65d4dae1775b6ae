// The script Quire's loopback proxy adds to every HTML page of "Your theme" (served at
// `<token>/__quire/frame.js`). It runs in the theme's page, in a frame sandboxed without
// allow-same-origin: it talks to the app only by postMessage, and takes orders only from
// its parent window, which never sends it a URL or HTML, only a build number.
//
// - Scroll: it reports the page's scroll position, and scrolls where it is told (after a
//   reload into the other frame, so the reader stays where they were).
// - Patching: on `{type: 'quire-theme-update', build}` it fetches its own page again from
//   the proxy (the newest build), parses it, and changes in the shown page only what
//   changed between the page it shows and the new one, as Hugo made them. The page as
//   Hugo made it comes from the proxy too (`__quire/page/<id>`: the HTML it served, by the
//   id in this script's tag), since the theme's own scripts may have changed the live page.
//   A change is patched only where the live page is still exactly what Hugo made: a
//   changed text, changed attributes, or an element replaced whole. A change to a script,
//   a style sheet link, a <meta> or <base>, to <html>, <head> or <body> as a whole, or to a
//   part the theme's scripts changed cannot be patched: the frame answers
//   `quire-theme-reload` and the app loads the page into its other frame instead. So the
//   page shown is always what Hugo produced, and only what changed is redrawn: the scroll
//   position, images and the theme's script state stay.
// - An update for an older build than one already asked for is ignored, and so is a
//   fetched page that a newer update has overtaken (answers come for the newest only).
export const FRAME_SCRIPT = `(function () {
  'use strict';
  var me = document.currentScript;
  var pageId = me ? me.getAttribute('data-quire-page') : null;
  var prefix = me ? new URL(me.src).pathname.replace(/__quire\\/frame\\.js$/, '') : null;
  // The page as Hugo made it, without this tag (the pages compared leave it out too).
  if (me && me.parentNode) me.parentNode.removeChild(me);
  var send = function (m) { try { parent.postMessage(m, '*'); } catch (e) {} };
  var pristine = null;
  var latest = 0;

  var FIXED = { SCRIPT: 1, LINK: 1, META: 1, BASE: 1, HTML: 1, HEAD: 1, BODY: 1, NOSCRIPT: 1 };
  var hasFixed = function (n) {
    if (n.nodeType !== 1) return false;
    if (FIXED[n.nodeName]) return true;
    return !!n.querySelector('script,link,meta,base,noscript');
  };
  var sameAttrs = function (a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      var x = a.attributes[i];
      if (b.getAttributeNS(x.namespaceURI, x.localName) !== x.value) return false;
    }
    return true;
  };
  // The changes that turn the live node (which showed a) into b, or null when they cannot
  // be made exactly. Nothing is changed here: a page is patched whole or not at all.
  var diff = function (live, a, b, ops) {
    if (a.isEqualNode(b)) return ops;
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName ||
        live.nodeType !== a.nodeType || live.nodeName !== a.nodeName)
      return replace(live, a, b, ops);
    if (a.nodeType === 3 || a.nodeType === 8) {
      if (live.data !== a.data) return null;
      ops.push(function () { live.data = b.data; });
      return ops;
    }
    if (a.nodeType !== 1 || (FIXED[a.nodeName] && a.nodeName !== 'HTML' &&
        a.nodeName !== 'HEAD' && a.nodeName !== 'BODY'))
      return null;
    var ac = a.childNodes, bc = b.childNodes, lc = live.childNodes;
    if (ac.length !== bc.length || lc.length !== ac.length) return replace(live, a, b, ops);
    if (!sameAttrs(a, b)) {
      if (a.nodeName === 'HTML' || a.nodeName === 'HEAD' || !sameAttrs(live, a)) return null;
      ops.push(function () {
        for (var i = live.attributes.length - 1; i >= 0; i--) {
          var x = live.attributes[i];
          if (!b.hasAttributeNS(x.namespaceURI, x.localName))
            live.removeAttributeNS(x.namespaceURI, x.localName);
        }
        for (var j = 0; j < b.attributes.length; j++) {
          var y = b.attributes[j];
          if (y.namespaceURI) live.setAttributeNS(y.namespaceURI, y.name, y.value);
          else live.setAttribute(y.name, y.value);
        }
      });
    }
    for (var i = 0; i < ac.length; i++)
      if (!diff(lc[i], ac[i], bc[i], ops)) return null;
    return ops;
  };
  var replace = function (live, a, b, ops) {
    if (hasFixed(a) || hasFixed(b) || !live.isEqualNode(a)) return null;
    ops.push(function () { live.parentNode.replaceChild(document.importNode(b, true), live); });
    return ops;
  };
  var parse = function (html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var tag = doc.querySelector('script[data-quire-page]');
    var id = tag ? tag.getAttribute('data-quire-page') : null;
    if (tag) {
      // As in the live page, where the tag removed itself before the parser went on: text
      // after it joined the text before it.
      var before = tag.previousSibling, after = tag.nextSibling;
      tag.parentNode.removeChild(tag);
      if (before && after && before.nodeType === 3 && after.nodeType === 3) {
        before.data += after.data;
        after.parentNode.removeChild(after);
      }
    }
    return { doc: doc, id: id };
  };
  var get = function (url) {
    return fetch(url, { cache: 'no-store', credentials: 'omit' }).then(function (r) {
      if (!r.ok || !/^text\\/html/.test(r.headers.get('content-type') || '')) throw new Error('not a page');
      return r.text();
    }).then(parse);
  };
  var update = function (build) {
    if (!prefix || !pageId) return send({ type: 'quire-theme-reload', build: build, path: location.pathname });
    var old = pristine ? Promise.resolve(pristine) : get(prefix + '__quire/page/' + pageId);
    Promise.all([old, get(location.pathname + '?quire-build=' + build)]).then(function (r) {
      if (build !== latest) return; // overtaken by a newer update
      var base = pristine || r[0];
      var ops = diff(document.documentElement, base.doc.documentElement, r[1].doc.documentElement, []);
      if (!ops) return send({ type: 'quire-theme-reload', build: build, path: location.pathname });
      for (var i = 0; i < ops.length; i++) ops[i]();
      pristine = r[1];
      pageId = r[1].id;
      send({ type: 'quire-theme-patched', build: build, path: location.pathname, changes: ops.length });
    }).catch(function () {
      if (build === latest) send({ type: 'quire-theme-reload', build: build, path: location.pathname });
    });
  };

  addEventListener('message', function (e) {
    if (e.source !== parent || !e.data) return;
    if (e.data.type === 'quire-theme-scroll-to' && typeof e.data.y === 'number') scrollTo(0, e.data.y);
    else if (e.data.type === 'quire-theme-update' && typeof e.data.build === 'number') {
      if (e.data.build <= latest) return; // an older build than one already asked for
      latest = e.data.build;
      update(latest);
    }
  });
  var t = 0;
  addEventListener('scroll', function () {
    if (t) return;
    t = setTimeout(function () { t = 0; send({ type: 'quire-theme-scroll', y: scrollY, path: location.pathname }); }, 80);
  }, { passive: true });
  var ready = function () { send({ type: 'quire-theme-ready', path: location.pathname, patch: !!(prefix && pageId) }); };
  ready();
  addEventListener('load', ready);
})();
`;
