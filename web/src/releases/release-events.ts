import { api, type Event } from '../app/api.ts';

/** The timeline shows this many of the newest events. */
export const TIMELINE_SIZE = 200;

/** A release's newest events, newest first: one request however long its history. */
export async function newestReleaseEvents(product: string, version: string): Promise<Event[]> {
  return (await api.listEvents({ subject: `release/${product}/${version}`, order: 'newest', limit: TIMELINE_SIZE })).events;
}
