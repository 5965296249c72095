/** `user:rita` reads as `rita`; other actors (server, ci:…) stay as they are. */
export function displayActor(actor: string): string {
  return actor.replace(/^user:/, '');
}
