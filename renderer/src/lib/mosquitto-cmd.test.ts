import { describe, expect, it } from 'vitest';
import { mosquittoPubCommand, shellQuote } from './mosquitto-cmd';

describe('mosquitto_pub command', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote('a/b')).toBe('a/b');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
  });
  it('reproduces text and binary messages', () => {
    const text = mosquittoPubCommand({ topic: 'd/1', qos: 1, retain: true, text: '{"t":1}', bytes: new Uint8Array() });
    expect(text).toBe(`mosquitto_pub -h HOST -p PORT -t d/1 -q 1 -r -m '{"t":1}'`);
    const bin = mosquittoPubCommand({ topic: 'd', text: null, bytes: new Uint8Array([0xff, 0]) });
    expect(bin).toBe('printf %s ff00 | xxd -r -p | mosquitto_pub -h HOST -p PORT -t d -s');
  });
});
