import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedressError } from '@redress/core';
import { expect, test } from 'vitest';
import { witnessState } from './witnessState';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'redress-witness-')), 'state.json');
const record = { origin: 'complaints.example.com/log', size: 8, rootHash: 'ab'.repeat(32), note: 'note\n' };
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return isRedressError(error) ? error.code : 'other';
  }
  return 'none';
};

test('what a witness keeps survives it being opened again; one process holds a state file at a time', () => {
  const path = fresh();
  const first = witnessState(path);
  first.put(record);
  expect(codeOf(() => witnessState(path))).toBe('CONFLICT');
  first.close();
  expect(existsSync(`${path}.lock`)).toBe(false);
  const again = witnessState(path);
  expect(again.get(record.origin)).toEqual(record);
  again.close();
});

test('a lock left by a process that died is taken over; a damaged state stops the witness', () => {
  const path = fresh();
  writeFileSync(`${path}.lock`, '2147483646\n');
  witnessState(path).close();
  writeFileSync(path, '{"format":"redress-witness-state/v1","logs":{"x":{"size":"8"}}}');
  expect(codeOf(() => witnessState(path))).toBe('TAMPERED');
  writeFileSync(path, 'not json');
  expect(codeOf(() => witnessState(path))).toBe('TAMPERED');
  expect(existsSync(`${path}.lock`)).toBe(false);
});
