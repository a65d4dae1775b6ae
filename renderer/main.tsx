import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, onReconnect } from './api/index.ts';
import { App } from './app.tsx';
import { commandRegistry, installShortcuts } from './commands.ts';
import { editorExtensions } from './editor/editor-extensions.ts';
import { storeImage } from './editor/store-image.ts';
import { StoreContext } from './state/context.ts';
import { createQuireStore } from './state/store.ts';
import { themeStore } from './theme/use-theme.ts';
import { markdownOptions } from '../shared/site/derive.ts';
import './styles.css';
import './writing-tools.css';

const api = getApi();
const store = createQuireStore(api, localStorage, {
  extensions: (session) =>
    editorExtensions({
      storeImage: (file) =>
        storeImage(api, session.path, store.getState().prefs.imageTarget, file, (from, to) =>
          store.getState().renamed(from, to),
        ),
      hideFrontMatter: store.getState().prefs.hideFrontMatter && store.getState().prefs.showMeta,
      siteShortcodes: () => store.getState().site?.shortcodes ?? [],
      postPath: () => session.path,
      linkTargets: () => {
        const { posts, site } = store.getState();
        const config = site?.config;
        return {
          posts,
          contentDir: config?.contentDir ?? 'content',
          markdown: config ? markdownOptions(config) : { typographer: true, unsafe: false },
          readPost: async (path) => (await api.readPost({ path })).text,
        };
      },
    }),
});
const commands = commandRegistry(store);
// In the desktop app the menu's accelerators run the commands; in a browser, these keys.
if (!window.quire) installShortcuts(commands);
// The browser host is back after it was lost: what waited is saved.
onReconnect(() => store.getState().reconnected());
// Closing or reloading the page: the journal gets every unsaved word first.
window.addEventListener('pagehide', () => store.getState().flushJournals());

api.subscribe((event) => {
  const state = store.getState();
  if (event.type === 'indexChanged') void state.diskChanged(event.data.path, event.data.kind);
  else if (event.type === 'exportProgress') state.exportEvent(event.data);
  else if (event.type === 'exportDone')
    state.exportEvent({
      id: event.data.id,
      result: event.data.result,
      error: event.data.error,
      finished: true,
    });
  else if (event.type === 'menuCommand') commands[event.data.command]();
  else if (event.type === 'themePreviewBuilt') themeStore().getState().built(event.data);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App commands={commands} />
    </StoreContext.Provider>
  </StrictMode>,
);
