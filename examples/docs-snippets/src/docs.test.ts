import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { docBlocks } from './program.testkit';

/** Each page's TypeScript blocks, and the files of this package they are taken from (each run by its test). */
const pages: Record<string, readonly string[]> = {
  'audit-trust.md': ['auditTrust.ts', 'provableHistory.ts'],
  'deadlines.md': ['deadlines.ts', 'deadlinePresets.ts'],
  'notifications.md': ['notifications.ts', 'notificationRules.ts'],
  'notify-email.md': ['notifyEmail.ts'],
  'notify-webhook.md': ['notifyWebhookRules.ts', 'notifyWebhook.ts', 'webhookReceiver.ts', 'smsGateway.ts'],
  'privacy.md': ['privacy.ts', 'privacyRotation.ts'],
  'publishing.md': ['publishNats.ts', 'kafkaPublisher.ts'],
  'store-postgres.md': ['storePostgres.ts'],
  'store-sqlite.md': ['storeSqlite.ts'],
};

describe('docs pages show the code of these examples', () => {
  for (const [page, files] of Object.entries(pages)) {
    test(`every TypeScript block of docs/${page} is in ${files.join(', ')}`, () => {
      const blocks = docBlocks(page);
      expect(blocks.length).toBeGreaterThanOrEqual(files.length);
      const sources = files.map((f) => readFileSync(new URL(`./${f}`, import.meta.url), 'utf8'));
      for (const block of blocks)
        expect(
          sources.some((s) => s.includes(block)),
          `${page}: ${block.slice(0, 80)}…`,
        ).toBe(true);
      for (const [i, file] of files.entries())
        expect(
          blocks.some((b) => sources[i]?.includes(b)),
          `${file} shows in no block of ${page}`,
        ).toBe(true);
    });
  }
});
