import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { QuireState } from './store.ts';

/** The store, provided at the root. */
export const StoreContext = createContext<StoreApi<QuireState> | null>(null);

/** Selects one value from the store (components select single fields). */
export function useQuire<T>(selector: (s: QuireState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useQuire outside <StoreContext.Provider>');
  return useStore(store, selector);
}
