import { Typography } from '@mantine/core';
import { demoteHeadings } from './demote-headings.ts';

/**
 * Release notes and runbooks as the server rendered them. Injecting is safe
 * here and only here: the server renders the Markdown with markdown-it with
 * raw HTML switched off (a `<script>` in a commit message arrives escaped, as
 * text) and javascript:/data: links refused, so the HTML holds only the tags
 * Markdown itself produces. Never pass HTML from anywhere else.
 */
export function ServerHtml({ html, label }: { html: string; label: string }) {
  return <Typography role="article" aria-label={label} dangerouslySetInnerHTML={{ __html: demoteHeadings(html) }} />;
}
