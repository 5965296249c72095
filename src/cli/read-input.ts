/** Reading what the user pipes or types: whole files from stdin, one secret line, hidden prompts. */
import { CliError } from './cli-errors.ts';
import type { InputStream, OutputStream } from './cli-io.ts';

export async function readAll(stream: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of stdin without its line ending, as `docker login --password-stdin` reads it. */
export async function readFirstLine(stream: InputStream): Promise<string> {
  const text = await readAll(stream);
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/**
 * Asks on stderr and reads a line from the terminal without echoing it.
 * Only for a TTY stdin: callers check `isTTY` and offer --password-stdin otherwise.
 */
export function promptHidden(stdin: InputStream, stderr: OutputStream, question: string): Promise<string> {
  const setRawMode = stdin.setRawMode;
  if (!stdin.isTTY || !setRawMode) return Promise.reject(new CliError('cannot prompt: stdin is not a terminal'));
  stderr.write(question);
  setRawMode.call(stdin, true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      setRawMode.call(stdin, false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
