import { socketCallFrom } from '../../shared/contract/socket-calls';

/**
 * What the event port needs of Electron's MessagePortMain. Declared here, not imported, so main's routing runs
 * under Node too (tests hand it Node's own MessagePort through a small adapter).
 */
export interface PortMain {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export interface EventPortOptions {
  dispatch(name: unknown, input: unknown): Promise<unknown>;
  /** Where a refused or failed call is reported (never with its input: it may quote a payload). */
  log(line: string): void;
}

/**
 * Electron's counterpart of the Chromium host's event socket: main's events go to the window on one
 * MessagePort, and the page's answer-less calls (SOCKET_CALLS: viewport acknowledgements, many a second)
 * come back on it. One ordered channel both ways, so an acknowledgement never overtakes the push it answers
 * on another channel, and no invoke round trip is paid per frame.
 */
export class EventPort {
  private port: PortMain | null = null;

  constructor(private readonly opts: EventPortOptions) {}

  /** A (re)loaded page asked for its port: the previous page's port is closed, events go to this one. */
  attach(port: PortMain): void {
    this.port?.close();
    this.port = port;
    port.on('message', (e) => this.take(e.data));
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    port.start();
  }

  /** Events before a page has its port are dropped, as webContents.send drops them for a page not listening. */
  send(name: string, payload: unknown): void {
    this.port?.postMessage([name, payload]);
  }

  close(): void {
    this.port?.close();
    this.port = null;
  }

  private take(data: unknown): void {
    const call = socketCallFrom(data);
    if (!call) return this.opts.log('event port: refused a message that is not an answer-less [name, input] call');
    this.opts.dispatch(call[0], call[1]).then(
      (r) => {
        const result = r as { ok?: boolean; error?: { code?: string } };
        if (result.ok === false) this.opts.log(`event port: ${call[0]} refused (${result.error?.code ?? 'no code'})`);
      },
      () => this.opts.log(`event port: ${call[0]} failed`),
    );
  }
}
