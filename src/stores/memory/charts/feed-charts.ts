import type { Stores } from '../../../domain/ports/stores';
import type { MemoryOutboxStore } from '../outbox-store';
import type { MemoryChartStore } from './chart-store';

type Method = (...args: never[]) => Promise<unknown>;
type MethodName<S> = { [K in keyof S]: S[K] extends Method ? K : never }[keyof S];
type Fn<S, M extends keyof S> = S[M] extends Method ? S[M] : never;

/** Runs `then` after each call of the store's method, with its result and arguments. */
function after<S extends object, M extends MethodName<S>>(
  store: S,
  name: M,
  then: (result: Awaited<ReturnType<Fn<S, M>>>, ...args: Parameters<Fn<S, M>>) => unknown,
): void {
  const original = (store[name] as unknown as (...args: unknown[]) => Promise<unknown>).bind(store);
  const wrapped = async (...args: unknown[]) => {
    const result = await original(...args);
    await then(result as Awaited<ReturnType<Fn<S, M>>>, ...(args as Parameters<Fn<S, M>>));
    return result;
  };
  Object.assign(store, { [name]: wrapped });
}

/**
 * Every write that can change what a chart shows tells the chart store, after it is done; the
 * chart store reads the records back (a few keyed reads) rather than scanning collections.
 * A new write method on these stores must be added here.
 */
export function feedCharts(
  stores: Omit<Stores, 'charts' | 'outbox'> & { outbox: MemoryOutboxStore },
  charts: MemoryChartStore,
): void {
  const pair = (s: string, c: string) => charts.refresh(s, c);
  const { authorizations: auths, apps, rollouts, permissionRequests: requests, outbox } = stores;
  after(auths, 'create', (_r, a) => pair(a.suiteId, a.corpId));
  after(auths, 'update', (_r, s, c) => pair(s, c));
  after(auths, 'cancel', (_r, s, c) => pair(s, c));
  after(apps, 'create', (_r, a) => pair(a.suiteId, a.corpId));
  after(apps, 'transition', (_r, s, c) => pair(s, c));
  after(apps, 'update', (_r, s, c) => pair(s, c));
  after(apps, 'replace', (_r, a) => pair(a.suiteId, a.corpId));
  after(rollouts, 'create', (_r, r) => pair(r.suiteId, r.corpId));
  after(rollouts, 'update', (_r, s, c) => pair(s, c));
  after(rollouts, 'release', (_r, s, c) => pair(s, c));
  after(requests, 'file', ({ request, superseded }) => {
    charts.request(request);
    if (superseded) charts.request(superseded);
  });
  after(requests, 'settle', ({ request }) => request && charts.request(request));
  after(requests, 'supersedeAll', (superseded) => superseded.forEach((r) => charts.request(r)));
  const message = (done: boolean, id: string) => {
    const m = done ? outbox.peek(id) : undefined;
    if (m) charts.message(m);
  };
  after(outbox, 'markSent', message);
  after(outbox, 'markFailed', message);
  after(outbox, 'purgeFinished', (_n, before) => charts.messagesPurged(before));
}
