/**
 * Markdown → HTML for release notes and runbooks, one renderer for both.
 * Raw HTML is not passed through (`html: false`): edited notes and commit
 * messages are text, so a `<script>` in them is shown, escaped, never run;
 * markdown-it also refuses javascript: and data: links. Bare URLs become links.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function markdownToHtml(markdown: string): string {
  return renderer.render(markdown);
}
