#!/usr/bin/env node
/**
 * Process entry point: wires the real process streams into main().
 * @module cli/bin
 */
import { main } from './main.js';

// A closed pipe on stdout (`| head`) is the reader's choice, not an error worth a stack trace.
// Other write errors (a full disk) reach main's writer through its write callbacks: exit 73.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
});
process.exitCode = code;
