// LISTEN/NOTIFY for the embedded database's many connections. PGlite is one
// session: a LISTEN from any connection makes that session listen, and a
// notification comes out in the reply of whichever connection's statement
// committed the NOTIFY. So the wire server notes which connection listens to
// which channel, takes NotificationResponse messages out of every reply and
// writes them to the connections listening on their channel instead.

const NOTIFICATION = 0x41; // 'A'
const QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
/** LISTEN/UNLISTEN (and DISCARD ALL, which unlistens everything) at the start of a statement. */
const STATEMENT = /(?:^|;)\s*(?:(UNLISTEN|LISTEN)\s+(\*|"(?:[^"]|"")+"|[^\s;]+)|(DISCARD)\s+ALL\b)/gi;

interface Listener {
  channels: Set<string>;
  deliver: (message: Uint8Array) => void;
}

export class NotificationRouter {
  private readonly listeners = new Map<number, Listener>();

  /** A new connection: notifications on its channels are written with `deliver`. */
  register(connection: number, deliver: (message: Uint8Array) => void): void {
    this.listeners.set(connection, { channels: new Set(), deliver });
  }

  /**
   * Notes the LISTEN/UNLISTEN statements in a connection's protocol messages
   * (simple queries and Parse). Returns statements to run on the session right
   * after them: an UNLISTEN by one connection unlistens the shared session, so
   * channels other connections still listen on are listened to again.
   */
  observe(connection: number, messages: Uint8Array): string[] {
    const listener = this.listeners.get(connection);
    if (!listener) return [];
    const again = new Set<string>();
    for (const sql of statementTexts(messages)) {
      for (const [, verb, target, discard] of sql.matchAll(STATEMENT)) {
        if (verb?.toUpperCase() === "LISTEN") {
          listener.channels.add(channelName(target!));
          continue;
        }
        if (discard !== undefined || target === "*") {
          listener.channels.clear();
          for (const channel of this.channelsOfOthers(connection)) again.add(channel);
        } else {
          const channel = channelName(target!);
          listener.channels.delete(channel);
          if (this.wantedByOthers(connection, channel)) again.add(channel);
        }
      }
    }
    return [...again].map((channel) => `LISTEN ${quoteIdentifier(channel)}`);
  }

  /** A connection went away. Returns statements that unlisten the channels nobody listens on any more. */
  release(connection: number): string[] {
    const listener = this.listeners.get(connection);
    this.listeners.delete(connection);
    if (!listener) return [];
    return [...listener.channels]
      .filter((channel) => !this.wantedByOthers(connection, channel))
      .map((channel) => `UNLISTEN ${quoteIdentifier(channel)}`);
  }

  /** Filters one reply: notifications go to their listeners, everything else to `forward`. */
  replyFilter(forward: (chunk: Uint8Array) => void): ReplyFilter {
    return new ReplyFilter(forward, (message) => this.route(message));
  }

  private route(message: Buffer): void {
    // 'A', length, sender pid, then the channel as a C string.
    const end = message.indexOf(0, 9);
    if (end === -1) return;
    const channel = message.toString("utf8", 9, end);
    for (const listener of this.listeners.values()) if (listener.channels.has(channel)) listener.deliver(message);
  }

  private wantedByOthers(connection: number, channel: string): boolean {
    for (const [id, listener] of this.listeners) if (id !== connection && listener.channels.has(channel)) return true;
    return false;
  }

  private channelsOfOthers(connection: number): Set<string> {
    const channels = new Set<string>();
    for (const [id, listener] of this.listeners)
      if (id !== connection) for (const c of listener.channels) channels.add(c);
    return channels;
  }
}

/**
 * Splits a reply stream at message boundaries (chunks may cut messages
 * anywhere): NotificationResponse messages are routed, the rest is forwarded
 * unchanged and without waiting for whole messages.
 */
export class ReplyFilter {
  private pending: Buffer | null = null;
  private passRemaining = 0;

  constructor(
    private readonly forward: (chunk: Uint8Array) => void,
    private readonly route: (message: Buffer) => void,
  ) {}

  push(chunk: Uint8Array): void {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.pending && this.passRemaining >= input.length) {
      this.passRemaining -= input.length;
      if (input.length > 0) this.forward(input);
      return;
    }
    const buffer = this.pending ? Buffer.concat([this.pending, input]) : input;
    this.pending = null;
    let position = 0;
    let runStart = 0;
    let heldFrom = buffer.length;
    while (position < buffer.length) {
      if (this.passRemaining > 0) {
        const n = Math.min(this.passRemaining, buffer.length - position);
        position += n;
        this.passRemaining -= n;
        continue;
      }
      if (buffer.length - position < 5) {
        heldFrom = position;
        break;
      }
      const size = 1 + buffer.readInt32BE(position + 1);
      if (buffer[position] !== NOTIFICATION) {
        this.passRemaining = size;
        continue;
      }
      if (buffer.length - position < size) {
        heldFrom = position;
        break;
      }
      if (position > runStart) this.forward(buffer.subarray(runStart, position));
      this.route(Buffer.from(buffer.subarray(position, position + size)));
      position += size;
      runStart = position;
    }
    if (heldFrom > runStart) this.forward(buffer.subarray(runStart, heldFrom));
    if (heldFrom < buffer.length) this.pending = Buffer.from(buffer.subarray(heldFrom));
  }

  /** The reply ended: anything held back (never a whole message) goes out as it is. */
  end(): void {
    if (this.pending) this.forward(this.pending);
    this.pending = null;
    this.passRemaining = 0;
  }
}

/** A simple-query protocol message running `sql`. */
export function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message[0] = QUERY;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** The SQL texts of the Query and Parse messages among `messages` that mention LISTEN or DISCARD. */
function* statementTexts(messages: Uint8Array): Iterable<string> {
  const buffer = Buffer.from(messages.buffer, messages.byteOffset, messages.byteLength);
  let position = 0;
  while (position + 5 <= buffer.length) {
    const type = buffer[position]!;
    const length = buffer.readInt32BE(position + 1);
    if (length < 4) return; // not a typed message (a startup packet)
    const end = position + 1 + length;
    if (type === QUERY || type === PARSE) {
      let start = position + 5;
      if (type === PARSE) start = buffer.indexOf(0, start) + 1; // skip the statement name
      const nul = buffer.indexOf(0, start);
      if (start > 0 && nul !== -1 && nul < end) {
        const sql = buffer.toString("utf8", start, nul);
        if (/listen|discard/i.test(sql)) yield sql;
      }
    }
    position = end;
  }
}

function channelName(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier.toLowerCase();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
