/** `vote` and `vote-open`: the Go/No-Go of a release for a ring. */
import type { Command } from 'commander';
import { VOTE_CHOICES, type VoteChoice } from '../../votes/vote-types.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { votedLines, votesView } from '../output/people-views.ts';

interface VoteFlags extends ConnectionFlags {
  reason?: string;
  role?: string;
}

interface OpenFlags extends ConnectionFlags {
  closesAt?: string;
}

function isVoteChoice(text: string): text is VoteChoice {
  return (VOTE_CHOICES as readonly string[]).includes(text);
}

export function registerVote(program: Command, context: CliContext): void {
  const { io } = context;

  withConnectionOptions(
    program
      .command('vote <product> <version> <ring> <go|no-go>')
      .description('vote go or no-go for a voting role you hold; your latest vote counts until the vote closes')
      .option('--reason <text>', 'why (required for no-go)')
      .option('--role <role>', 'the voting role this vote is for, when you hold several'),
  ).action(async (product: string, version: string, ring: string, choice: string, flags: VoteFlags) => {
    if (!isVoteChoice(choice)) throw new UsageError(`the vote must be go or no-go, got '${choice}'`);
    const vote = choice;
    if (vote === 'no-go' && (flags.reason ?? '').trim() === '') throw new UsageError('a no-go needs --reason: say what must change for a go');
    const answer = await (await connect(context, flags)).castVote(product, version, ring, {
      vote,
      ...(flags.reason === undefined ? {} : { reason: flags.reason }),
      ...(flags.role === undefined ? {} : { role: flags.role }),
    });
    if (flags.json) return printJson(io, answer);
    io.stdout.write(votedLines(answer, null, vote));
  });

  withConnectionOptions(
    program
      .command('vote-open <product> <version> <ring>')
      .description("open the Go/No-Go of a release for a ring (the release train opens it by itself at its vote time)")
      .option('--closes-at <time>', "when votes stop counting, ISO-8601 like 2026-12-04T16:30:00+05:30 (default: the gate's deadline, if any)"),
  ).action(async (product: string, version: string, ring: string, flags: OpenFlags) => {
    const answer = await (await connect(context, flags)).openVote(product, version, ring, flags.closesAt);
    if (flags.json) return printJson(io, answer);
    io.stdout.write(votesView([answer]));
  });
}
