import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp directory per test, removed afterwards; returns a path maker. */
export const tempFiles = () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name = 'events.db') => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-sqlite-'));
    dirs.push(dir);
    return join(dir, name);
  };
};
