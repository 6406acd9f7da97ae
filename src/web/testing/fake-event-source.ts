/**
 * A stand-in for the browser's EventSource in component tests (happy-dom has none): install it with
 * `FakeEventSource.install()`, find the stream a component opened with `FakeEventSource.opened(url)`, and send
 * it events with `emit`. It checks nothing is sent to a closed stream.
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  /** Makes `EventSource` this class; returns the function that removes it. */
  static install(): () => void {
    FakeEventSource.instances = [];
    const previous = (globalThis as { EventSource?: unknown }).EventSource;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    return () => {
      (globalThis as { EventSource?: unknown }).EventSource = previous;
    };
  }

  /** The open stream at `url`, if any. */
  static opened(url: string): FakeEventSource | undefined {
    return FakeEventSource.instances.find((source) => source.url === url && !source.closed);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  /** The server sends `event` with `data` (JSON). */
  emit(type: string, data: unknown): void {
    if (this.closed) throw new Error(`an event was sent to the closed stream ${this.url}`);
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
