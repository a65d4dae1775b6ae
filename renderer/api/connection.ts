import { createStore } from 'zustand/vanilla';

/** Whether the back end answers: 'down' shows "Quire stopped" until it is back. */
export interface ConnectionState {
  state: 'up' | 'down' | 'forbidden';
  /** When it went down (ms), for the screen. */
  since: number | null;
}

export const connectionStore = createStore<ConnectionState>()(() => ({
  state: 'up',
  since: null,
}));

/** What the HTTP client reports: a call or the event stream failed or answered. */
export interface ConnectionMonitor {
  /** The network failed (no answer at all). */
  failed(): void;
  /** The server answered (any status but 401). */
  answered(): void;
  /** The server refused the token (it restarted with another key). */
  refused(): void;
}

/**
 * Watches the browser host: when a request gets no answer, the state goes 'down' and a
 * probe runs every second until the server answers again; then `onBack` runs (hand the
 * tab's journal back, save what waits, reconnect events).
 */
export function createMonitor(
  probe: () => Promise<'ok' | 'refused' | 'failed'>,
  onBack: () => void,
  everyMs = 1000,
): ConnectionMonitor {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const set = (state: ConnectionState['state']) => {
    const was = connectionStore.getState().state;
    if (was === state) return;
    connectionStore.setState({ state, since: state === 'up' ? null : Date.now() });
    if (state === 'up') onBack();
  };
  const tick = () => {
    timer = null;
    void probe().then((r) => {
      if (r === 'ok') set('up');
      else {
        set(r === 'refused' ? 'forbidden' : 'down');
        timer = setTimeout(tick, everyMs);
      }
    });
  };
  return {
    failed() {
      if (timer === null) tick();
    },
    answered() {
      if (connectionStore.getState().state !== 'up' && timer === null) tick();
    },
    refused() {
      set('forbidden');
      if (timer === null) timer = setTimeout(tick, everyMs);
    },
  };
}
