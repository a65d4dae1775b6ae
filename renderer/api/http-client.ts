import { callNames, channelOf } from '../../shared/ipc/contract.ts';
import type { CallName, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';

/** An error a call answered with; `code` says what kind (conflict, forbidden, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
      error?: { code: string; message: string };
    } | null;
    if (!answer) throw new ApiError(`the back end answered ${res.status}`, 'failed');
    if (!answer.ok)
      throw new ApiError(answer.error?.message ?? 'failed', answer.error?.code ?? 'failed');
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
