import { RedressError } from '@redress/core';
import type { Output } from '../cli/output';
import type { Source } from '../source/source';

/** Placeholder until the statistics projection lands in core. */
export const stats = async (_source: Source, _options: { from?: string | undefined; to?: string | undefined; by?: string | undefined }, _out: Output): Promise<number> => {
  throw new RedressError('VALIDATION', 'stats is not available yet');
};
