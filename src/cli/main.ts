#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from '../app/create-app.ts';
import { registerServe } from './commands/serve.ts';

const program = new Command('ringmaster')
  .description('Ringmaster: carry releases through rings of users, gated by evidence and people')
  .version(VERSION)
  .showHelpAfterError();

registerServe(program);

await program.parseAsync(process.argv);
