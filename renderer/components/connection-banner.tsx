import { useStore } from 'zustand';
import { connectionStore } from '../api/connection.ts';

/**
 * "Quire stopped": the browser host is gone (closed, crashed, restarting). Typing goes on:
 * the text is kept in the editor and in this tab, and saved when Quire is back, which this
 * screen notices by itself.
 */
export function ConnectionBanner() {
  const state = useStore(connectionStore, (s) => s.state);
  if (state === 'up') return null;
  return (
    <div className="connection-lost" role="alert" aria-live="assertive">
      <strong>Quire stopped.</strong>{' '}
      {state === 'forbidden'
        ? 'Quire is running again with a different key: open the link it printed (your text is kept in this tab and handed back when you do).'
        : 'Start it again (npm start or quire web); this page reconnects by itself. Keep writing: your text is kept in this tab and saved when Quire is back.'}
      {state === 'down' && <span className="muted"> Reconnecting…</span>}
    </div>
  );
}
