#!/usr/bin/env node
import { EXIT } from './cli/exitCodes';
import { main } from './cli/main';

// A reader that stops early (`redress export | head`) closes the pipe. Stop at
// once, without a stack trace, with the status a shell gives a process that
// SIGPIPE ended: the output is cut short, and a script with pipefail should know.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.readerGone);
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
