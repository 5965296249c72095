/**
 * Text from the server (names, summaries, error messages) may hold control
 * characters; printed raw they could move the cursor or rewrite the terminal.
 * Tabs and line breaks become spaces, other control characters `?`.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ').replace(CONTROL, '?');
}
