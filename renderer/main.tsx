import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/index.ts';
import { App } from './app.tsx';
import { StoreContext } from './state/context.ts';
import { createQuireStore } from './state/store.ts';
import './styles.css';

const store = createQuireStore(getApi());
getApi().subscribe((event) => {
  if (event.type === 'indexChanged')
    void store.getState().diskChanged(event.data.path, event.data.kind);
  else if (event.type === 'menuCommand' && event.data.command === 'reload')
    void store.getState().init();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
