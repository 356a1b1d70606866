import { createServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createEventStream } from '../src/server/events';
import { listen } from '../src/server/http';

/** A response that records what it is sent; `full` makes `write()` report a full buffer. */
function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    chunks: [] as string[],
    head: null as null | { status: number; headers: Record<string, string> },
    full: false,
    writableLength: 0,
    destroyed: false,
    ended: false,
    writeHead(status: number, headers: Record<string, string>) {
      res.head = { status, headers };
      return res;
    },
    write(chunk: string) {
      if (res.full) res.writableLength += chunk.length;
      else res.chunks.push(chunk);
      return !res.full;
    },
    end() {
      res.ended = true;
    },
    destroy() {
      res.destroyed = true;
      res.emit('close');
    },
  });
  return res;
}
const asResponse = (r: ReturnType<typeof fakeResponse>) => r as unknown as ServerResponse;

describe('event stream', () => {
  it('sends each event as one data line of JSON to the clients that accept it', () => {
    const stream = createEventStream<{ type: string; n: number }>();
    const all = fakeResponse();
    const some = fakeResponse();
    stream.open(asResponse(all));
    stream.open(asResponse(some), (e) => e.type === 'rest');
    expect(all.head).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'text/event-stream' }),
    });
    stream.publish({ type: 'rest', n: 1 });
    stream.publish({ type: 'call', n: 2 });
    expect(all.chunks).toEqual([
      ': connected\n\n',
      'data: {"type":"rest","n":1}\n\n',
      'data: {"type":"call","n":2}\n\n',
    ]);
    expect(some.chunks).toEqual([': connected\n\n', 'data: {"type":"rest","n":1}\n\n']);
    all.emit('close');
    expect(stream.size).toBe(1);
    stream.close();
    expect(some.ended).toBe(true);
    expect(stream.size).toBe(0);
  });

  it('keeps a client whose buffer is briefly full, drops it once the backlog passes the limit', () => {
    const stream = createEventStream<{ text: string }>({ maxBacklog: 100 });
    const slow = fakeResponse();
    const fast = fakeResponse();
    stream.open(asResponse(slow));
    stream.open(asResponse(fast));
    slow.full = true;
    stream.publish({ text: 'a'.repeat(40) });
    expect(slow.destroyed).toBe(false);
    expect(stream.size).toBe(2);
    stream.publish({ text: 'b'.repeat(40) });
    expect(slow.destroyed).toBe(true);
    expect(stream.size).toBe(1);
    expect(stream.dropped).toBe(1);
    // The reader that keeps up is untouched.
    stream.publish({ text: 'c' });
    expect(fast.chunks).toHaveLength(4);
  });

  it('drops a real client that stops reading, and the server stays bounded', async () => {
    const stream = createEventStream<{ n: number; pad: string }>({ maxBacklog: 64 * 1024 });
    const server = createServer((_req, res) => stream.open(res));
    const port = await listen(server, 0, '127.0.0.1');
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.on('error', () => {});
    // Read the headers, then stop reading.
    await new Promise<void>((ok) => socket.once('data', () => ok()));
    socket.pause();
    const pad = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (stream.size > 0 && sent < 2000) {
      stream.publish({ n: sent++, pad });
      // Let the socket flush what the kernel takes.
      await new Promise((ok) => setImmediate(ok));
    }
    expect(stream.size).toBe(0);
    expect(stream.dropped).toBe(1);
    await closed;
    server.close();
  });
});
