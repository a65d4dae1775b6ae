import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { getApi } from '../api/index.ts';
import { createThemeStore } from './theme-state.ts';
import type { ThemeState } from './theme-state.ts';

let store: StoreApi<ThemeState> | null = null;

/** The one theme-preview store of this window. */
export function themeStore(): StoreApi<ThemeState> {
  return (store ??= createThemeStore(getApi()));
}

/** Selects from the theme-preview store. */
export function useTheme<T>(selector: (s: ThemeState) => T): T {
  return useStore(themeStore(), selector);
}
