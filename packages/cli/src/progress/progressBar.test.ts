import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { progressBar } from './progressBar';

const stream = (isTTY: boolean) => {
  const s = new PassThrough() as PassThrough & { isTTY: boolean };
  s.isTTY = isTTY;
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { s: s as unknown as NodeJS.WriteStream, text: () => text };
};

describe('progressBar', () => {
  test('draws the count, the total and a bar on a terminal', () => {
    const out = stream(true);
    const bar = progressBar('verify', 200, out.s);
    bar.add(50);
    bar.add(50);
    bar.done();
    expect(out.text()).toContain('verify [');
    expect(out.text()).toContain('50% 100/200 events');
    expect(out.text().endsWith('\n')).toBe(true);
  });

  test('counts without a total', () => {
    const out = stream(true);
    const bar = progressBar('import', undefined, out.s);
    bar.add(1234);
    bar.done();
    expect(out.text()).toContain('import 1,234 events');
  });

  test('writes nothing when stderr is not a terminal (pipes, CI logs)', () => {
    const out = stream(false);
    const bar = progressBar('export', 10, out.s);
    bar.add(10);
    bar.done();
    expect(out.text()).toBe('');
  });
});
