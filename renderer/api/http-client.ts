import { callNames, channelOf } from '../../shared/ipc/contract.ts';
import type { CallName, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';
import { QuireError } from '../../shared/errors.ts';
import type { QuireErrorInfo } from '../../shared/errors.ts';
import type { ConnectionMonitor } from './connection.ts';

/** The browser host's client: the same QuireApi over HTTP, with the per-user token. */
export function createHttpApi(
  token: string,
  base = '',
  monitor?: ConnectionMonitor,
): QuireApi & { reopenEvents(): void } {
  const call = async (name: CallName, request: unknown) => {
    const body = JSON.stringify(request ?? {});
    let res: Response;
    try {
      res = await fetch(`${base}/api/${channelOf(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token },
        body,
        // A request made as the page goes away (the journal's last write) still arrives;
        // browsers allow this for bodies up to 64 KB in flight in all. Not for a search:
        // none is needed then, and keepalive routes each one through the browser process
        // (about a millisecond per keystroke).
        keepalive: name !== 'search' && body.length < 60_000,
      });
    } catch (err) {
      // No answer at all: the server is gone (stopped, restarting).
      monitor?.failed();
      throw err;
    }
    if (res.status === 401) monitor?.refused();
    else monitor?.answered();
    const answer = (await res.json().catch(() => null)) as {
      ok: boolean;
      result?: unknown;
      error?: QuireErrorInfo;
    } | null;
    // A failed call is the back end's QuireError again: code, file, line, column, message.
    if (!answer) throw new QuireError('failed', `the back end answered ${res.status}`);
    if (!answer.ok) throw QuireError.fromInfo(answer.error);
    return answer.result;
  };
  const api = Object.fromEntries(
    callNames.map((n) => [n, (req: unknown) => call(n, req)]),
  ) as unknown as QuireApi & { reopenEvents(): void };
  const listeners = new Set<(e: QuireEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source?.close();
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as QuireEvent;
      for (const l of listeners) l(event);
    };
    source.onerror = () => monitor?.failed();
  };
  api.subscribe = (listener: (e: QuireEvent) => void) => {
    listeners.add(listener);
    if (!source) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        source?.close();
        source = null;
      }
    };
  };
  // The browser retries a dropped stream by itself, but gives up after a refused one.
  api.reopenEvents = () => {
    if (listeners.size > 0 && (!source || source.readyState === EventSource.CLOSED)) connect();
  };
  return api;
}
