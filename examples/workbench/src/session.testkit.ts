import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workbench, type Workbench } from './workbench';

/** A workbench on a fresh SQLite file, with a clock the test moves. */
export const testWorkbench = (start = Date.parse('2026-12-01T02:00:00Z')) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-workbench-'));
  let now = start;
  const logs: string[] = [];
  const wb = workbench({
    path: join(dir, 'complaints.db'),
    kek: randomBytes(32).toString('base64'),
    sessionSecret: randomBytes(32).toString('base64'),
    clock: () => new Date(now),
    log: (l) => logs.push(l),
  });
  return {
    wb,
    dir,
    logs,
    advance: (ms: number) => {
      now += ms;
    },
    set: (ms: number) => {
      now = ms;
    },
    now: () => now,
    async close() {
      await wb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A browser without a browser: cookies kept, forms posted as a browser posts them, redirects not followed. */
export const formClient = (wb: Workbench, base = 'http://127.0.0.1:3000', headers: Record<string, string> = {}) => {
  const jar = new Map<string, string>();
  const send = async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await wb.fetch(
      new Request(base + path, {
        ...init,
        headers: { ...headers, ...(cookie === '' ? {} : { cookie }), ...(init.headers as Record<string, string>) },
      }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (value === '' || /max-age=0/i.test(line)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
      headers: response.headers,
    };
  };
  const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return {
    jar,
    get: (path: string) => send(path),
    /** Post a form the way the page would: its CSRF token from the page given, the browser's Origin. */
    post: (path: string, fields: Record<string, string>, page: string, extra: Record<string, string> = {}) =>
      send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...extra },
        body: new URLSearchParams({ _csrf: csrfOf(page), ...fields }).toString(),
      }),
    async signIn(staff: string) {
      const page = await send('/signin');
      const r = await this.post('/signin', { staff }, page.text);
      if (r.status !== 303) throw new Error(`sign-in of ${staff} answered ${r.status}`);
    },
    csrfOf,
  };
};
