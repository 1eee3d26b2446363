// The `baton` command line: replay, export and simulate (run through tsx by bin/baton.js).
import { Command, CommanderError } from 'commander';
import { addExportCommand } from './export-command';
import { addReplayCommand } from './replay-command';
import { addSimulateCommand } from './simulate-command';

export function createProgram(): Command {
  const program = new Command('baton').description('Baton operator tools: replay recorded conversations with changed settings, export a contact, simulate traffic');
  addReplayCommand(program);
  addExportCommand(program);
  addSimulateCommand(program);
  return program;
}

try {
  await createProgram().exitOverride().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`baton: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
