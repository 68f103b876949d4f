import { tamperedReadSuite } from '@redress/testing';
import Database from 'better-sqlite3';
import { describe } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();

describe.each(['worker', 'inline'] as const)('reads check the hash chain (SQLite file, %s writer)', (writer) => {
  tamperedReadSuite(`SQLite (${writer} writer)`, async () => {
    const path = file();
    return {
      open: async () => sqliteStore({ path, writer }),
      async editBody(streamId, version, from, to) {
        // Someone else with write access to the file: a plain UPDATE, which the guard triggers let through.
        const db = new Database(path);
        try {
          const { changes } = db
            .prepare(
              'UPDATE events SET body = replace(body, ?, ?) WHERE stream_id = ? AND version = ? AND instr(body, ?) > 0',
            )
            .run(from, to, streamId, version, from);
          if (changes !== 1) throw new Error(`no row ${streamId} v${version} holding ${from}`);
        } finally {
          db.close();
        }
      },
    };
  });
});
