/**
 * Chat data as a backend of any make may send it, read as the chat can show it: each part kept
 * only as the type it should be, so nothing odd is written out and nothing odd breaks a render.
 */
import { knownTimeZone, type ChatAvailability, type ChatMessage, type ChatParticipant, type OfficeHoursInterval } from '@careline/core';

/** The statuses the chat has words for, weakest first. */
export const STATUS_RANK = { sent: 0, delivered: 1, read: 2 } as const;

/** A message id the backend can know the message by: a message sent without one cannot be matched or pointed to. */
export const usableId = (id: unknown): id is string => typeof id === 'string' && id !== '';

const textOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const objectOrEmpty = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * A message as a backend sent it, with each part the chat shows kept only as the type it should be:
 * an object where a name should be would be written "[object Object]", an unknown status would show
 * its message key, a size that is not a number "NaN KB". What cannot be read at all (no author, no
 * text) is left as it came, for the message's boundary to show as "could not be shown".
 */
export function readableMessage(message: ChatMessage): ChatMessage {
  const readable: ChatMessage = { ...message };
  if (typeof message.author === 'object' && message.author !== null) {
    const author = objectOrEmpty(message.author);
    readable.author = { kind: author['kind'] as ChatParticipant['kind'], name: textOrUndefined(author['name']), role: textOrUndefined(author['role']), avatarUrl: textOrUndefined(author['avatarUrl']) };
  }
  // Own keys only: a status of "toString" is no status (`in` would find it on the prototype).
  if (!Object.hasOwn(STATUS_RANK, message.status as string)) readable.status = undefined;
  if (message.attachments !== undefined) {
    readable.attachments = (Array.isArray(message.attachments) ? (message.attachments as unknown[]) : []).flatMap((attachment) => {
      const file = objectOrEmpty(attachment);
      const name = textOrUndefined(file['name']);
      const size = file['size'];
      return name ? [{ id: textOrUndefined(file['id']) ?? name, name, type: textOrUndefined(file['type']) ?? '', size: typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : Number.NaN, url: textOrUndefined(file['url']) }] : [];
    });
  }
  if (message.context !== undefined) {
    const context = objectOrEmpty(message.context);
    const title = textOrUndefined(context['title']);
    readable.context = title ? { kind: textOrUndefined(context['kind']) ?? '', title, reference: textOrUndefined(context['reference']) } : undefined;
  }
  return readable;
}

/**
 * Availability as a backend sent it, each part kept only as the type it should be: a reply time
 * that is not a time would read "we will reply by .", an office hour without its day would show a
 * message key. An answer that is not an object at all is an error: "we could not check whether an
 * educator is online; you can still write".
 */
export function readableAvailability(answer: unknown): ChatAvailability {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new TypeError('The chat availability is not an object.');
  const availability = answer as Record<string, unknown>;
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null) : []);
  const minutes = availability['expectedReplyMinutes'];
  const nextReplyBy = textOrUndefined(availability['nextReplyBy']);
  const timeZone = knownTimeZone(availability['timeZone']);
  return {
    online: availability['online'] === true,
    timeZone: timeZone ?? '',
    // Hours without the zone they are in cannot be read right: none rather than a guess.
    officeHours: list(timeZone ? availability['officeHours'] : []).flatMap(({ day, opens, closes }) =>
      Number.isInteger(day) && (day as number) >= 0 && (day as number) <= 6 && textOrUndefined(opens) && textOrUndefined(closes) ? [{ day: day as OfficeHoursInterval['day'], opens: opens as string, closes: closes as string }] : [],
    ),
    expectedReplyMinutes: typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined,
    nextReplyBy: nextReplyBy && !Number.isNaN(Date.parse(nextReplyBy)) ? nextReplyBy : undefined,
    topics: list(availability['topics']).flatMap(({ id, label }) => (textOrUndefined(id) && textOrUndefined(label) ? [{ id: id as string, label: label as string }] : [])),
  };
}
