import { callNames, channelOf } from '../../shared/ipc/contract.ts';
import type { CallName, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';
import { QuireError } from '../../shared/errors.ts';
import type { QuireErrorInfo } from '../../shared/errors.ts';

/** The browser host's client: the same QuireApi over HTTP, with the per-run token. */
export function createHttpApi(token: string, base = ''): QuireApi {
  const call = async (name: CallName, request: unknown) => {
    const body = JSON.stringify(request ?? {});
    const res = await fetch(`${base}/api/${channelOf(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token },
      body,
      // A request made as the page goes away (the journal's last write) still arrives;
      // browsers allow this for bodies up to 64 KB.
      keepalive: body.length < 60_000,
    });
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
  ) as unknown as QuireApi;
  api.subscribe = (listener: (e: QuireEvent) => void) => {
    const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => listener(JSON.parse(m.data as string) as QuireEvent);
    return () => source.close();
  };
  return api;
}
