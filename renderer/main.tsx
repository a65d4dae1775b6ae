import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/index.ts';
import { App } from './app.tsx';
import { StoreContext } from './state/context.ts';
import { createQuireStore } from './state/store.ts';
import './styles.css';

const store = createQuireStore(getApi());
getApi().subscribe((event) => {
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
  else if (event.type === 'menuCommand') {
    if (event.data.command === 'reload') void state.init();
    else if (event.data.command === 'export') state.setView('export');
    else if (event.data.command === 'preferences') state.setView('settings');
    else if (event.data.command === 'save')
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }));
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
