import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/output';

/** Run `redress` in this process, keeping what it reports as data: for checks that need no process of their own. */
export const runInProcess = async (args: readonly string[]): Promise<{ code: number; data: unknown; text: string }> => {
  let data: unknown;
  let text = '';
  const out: Output = {
    json: args.includes('--json'),
    result(t, d) {
      text = t;
      data = d;
    },
    write: async (chunk) => {
      text += chunk;
    },
    note() {},
  };
  const code = await main(args, { REDRESS_STORE: '' }, out);
  return { code, data, text };
};
