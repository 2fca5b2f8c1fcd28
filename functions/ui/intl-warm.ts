import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DEFAULT_TIME_ZONE } from './catalogue.ts';

/*
 * The first Intl formatter a Node process makes starts ICU (its locale and time zone data): 10–40 ms of
 * CPU, once, measured in the links and notify cold starts' CPU profiles, where it was the largest single
 * piece of their first request's own work (the dates of a link page or an email: ui/local-time.ts,
 * catalogue.ts formatDateTimeIn). Later formatters, of any locale or zone, cost well under a millisecond.
 *
 * A function whose every request shows dates starts it while the process first waits on the network:
 * once its first outgoing request has left (the secrets at cold start, or a first request's first
 * read), in the event loop's next turn, so that it fills the wait for the answer instead of standing in
 * line before the page or the email is built. It changes no formatting.
 */

const REQUEST_STARTED = 'http.client.request.start';
let armed = false;

function warmOnce(): void {
  unsubscribe(REQUEST_STARTED, warmOnce);
  setImmediate(() => {
    try {
      new Intl.DateTimeFormat('en', {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone: DEFAULT_TIME_ZONE,
      }).format(0);
    } catch {
      // The first formatter the function makes says what is wrong, where it matters.
    }
  });
}

/** Starts ICU once, when the process first waits on the network (never throws). */
export function warmIntlWhileWaiting(): void {
  if (armed) return;
  armed = true;
  subscribe(REQUEST_STARTED, warmOnce);
}
