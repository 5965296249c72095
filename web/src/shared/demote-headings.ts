/**
 * A release document's headings moved down the page outline: its title (h1)
 * sits under the section that shows it (an h3), so h1 becomes h4, h2 h5, and
 * deeper ones h6. Only the tags change. Pure.
 *
 * The HTML is the server's Markdown rendering with raw HTML switched off: a
 * `<h1` in it is always a tag (text arrives escaped as `&lt;h1`).
 */
export function demoteHeadings(html: string, levels = 3): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + levels)}`);
}
