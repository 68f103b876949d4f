import { auditCommand } from '../commands/audit';
import { checkProofCommand } from '../commands/checkProof';
import { eraseCommand } from '../commands/erase';
import { exportCommand } from '../commands/exportLog';
import { importCommand } from '../commands/importLog';
import { keysCommand } from '../commands/keys';
import { listCommand } from '../commands/list';
import { proveCommand } from '../commands/prove';
import { replayCommand } from '../commands/replay';
import { statsCommand } from '../commands/stats';
import { verifyCommand } from '../commands/verify';
import { witnessCommand } from '../commands/witness';
import type { Command } from './command';

/**
 * The commands of `redress`, in the order `redress --help` lists them. Adding a
 * command is adding its record here: parsing, help and dispatch follow.
 *
 * @example
 * COMMANDS.map((c) => c.name); // ['list', 'verify', 'replay', 'audit', 'stats', 'export', 'import', 'prove', 'check-proof', 'witness', 'erase', 'keys']
 */
export const COMMANDS: readonly Command[] = [
  listCommand,
  verifyCommand,
  replayCommand,
  auditCommand,
  statsCommand,
  exportCommand,
  importCommand,
  proveCommand,
  checkProofCommand,
  witnessCommand,
  eraseCommand,
  keysCommand,
];
