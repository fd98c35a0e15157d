// Messages over PostgreSQL NOTIFY, whose payload must stay under 8000 bytes:
// a message (topic and JSON payload) is cut into frames of at most
// FRAME_BYTES, all sent by one statement (so delivered together, at commit),
// and put together again by every listener.
//   frame = `<sender>:<message>:<index>:<count>:<part of the message>`

/** Bytes of message text per frame; with its header a frame stays well below NOTIFY's 8000. */
export const FRAME_BYTES = 7_000;
/** The largest message accepted (pub/sub carries notifications, not documents). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Messages being put together at once; older ones are dropped (their frames were lost). */
const MAX_PARTIAL = 64;

export class PubSubMessageTooLarge extends Error {
  override name = "PubSubMessageTooLarge";
}

export interface Message {
  topic: string;
  payload: unknown;
}

/** The frames of one message. `sender` must not contain ':'. */
export function encodeFrames(sender: string, messageId: number, message: Message): string[] {
  const text = JSON.stringify([message.topic, message.payload ?? null]);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new PubSubMessageTooLarge(
      `pub/sub message on ${message.topic} is ${bytes} bytes (at most ${MAX_MESSAGE_BYTES})`,
    );
  }
  const parts = bytes <= FRAME_BYTES ? [text] : splitUtf8(text, FRAME_BYTES);
  return parts.map((part, index) => `${sender}:${messageId}:${index}:${parts.length}:${part}`);
}

/** Cuts `text` into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
function splitUtf8(text: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const units = code >= 0x10000 ? 2 : 1;
    if (bytes + width > maxBytes) {
      parts.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    i += units;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Puts frames back into messages; frames of a message may arrive between other messages' frames. */
export class FrameAssembler {
  private readonly partial = new Map<string, { parts: (string | undefined)[]; received: number }>();

  /** A message once its last frame arrived; undefined until then, and for frames that are not ours. */
  accept(frame: string): Message | undefined {
    const fields = /^([^:]+):(\d+):(\d+):(\d+):/.exec(frame);
    if (!fields) return undefined;
    const [header, sender, messageId, indexText, countText] = fields as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const index = Number(indexText);
    const count = Number(countText);
    if (count < 1 || index >= count || count > Math.ceil(MAX_MESSAGE_BYTES / FRAME_BYTES) + 1) return undefined;
    const body = frame.slice(header.length);
    if (count === 1) return decode(body);
    const key = `${sender}:${messageId}`;
    let entry = this.partial.get(key);
    if (!entry) {
      if (this.partial.size >= MAX_PARTIAL) this.partial.delete(this.partial.keys().next().value!);
      entry = { parts: new Array<string | undefined>(count), received: 0 };
      this.partial.set(key, entry);
    }
    if (entry.parts.length !== count || entry.parts[index] !== undefined) return undefined;
    entry.parts[index] = body;
    if (++entry.received < count) return undefined;
    this.partial.delete(key);
    return decode(entry.parts.join(""));
  }

  /** Forget half-received messages (after a lost connection their other frames will not come). */
  clear(): void {
    this.partial.clear();
  }
}

function decode(text: string): Message | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string") return undefined;
    return { topic: value[0], payload: value[1] };
  } catch {
    return undefined;
  }
}
