import fs from 'node:fs';
import type { PresenceEvent } from '../../../shared/presence/presence-event';
import { recognizePresenceValue } from '../../../shared/presence/presence-events';
import { PresenceModel } from '../../../shared/presence/presence-timeline';
import { parseArgs, type CliCommand } from '../command';

const USAGE = `fieldscope presence [--flap-window <ms>] [--flap-count <n>] [--detail] [--compact] [--strict] [--file <path>]

Reads presence events as NDJSON (one JSON value per line) on stdin — or a JSON array — and prints one JSON
object keyed by client: online, openChannels, lastOffline (graceful|abnormal), duplicate, flapping and the
ordered timeline of states. Events are ordered by their own time, never by arrival.

Accepted lines:
  MQ for IoT events        {"clientId","time","eventType":"connect|disconnect|tcpclean","channelId"}
  IoT Platform status      {"productKey","deviceName","status":"online|offline","time"|"utcTime"}
  Huawei IoTDA status      {"resource":"device.status","notify_data":{"header":{"device_id"},"body":{"status"}}}
  online-query answers     {"clientId","time","online":-1|0|n}
  normalised events        {"clientId","time","type":"connect|disconnect|tcpclean|status|query",...}
  a received message       {"topic":"GID_x_MQTT","payload":"<text>"|{...}}

Options:
  --flap-window <ms>   window for the flapping rule (default 60000)
  --flap-count <n>     online/offline transitions within the window that flag flapping (default 4)
  --detail             also print spans, markers and counters per client
  --compact            one line of JSON
  --strict             exit 1 when a line is not a presence event (default: reported on stderr, skipped)
  --file <path>        read from a file instead of stdin`;

function readAll(file?: string): Promise<string> {
  if (file) return fs.promises.readFile(file, 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function numberFlag(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got '${String(v)}'`);
  return n;
}

function eventsOf(value: unknown): PresenceEvent[] | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.topic === 'string' && o.payload !== undefined) {
      let payload = o.payload;
      if (typeof payload === 'string') {
        try {
          payload = JSON.parse(payload);
        } catch {
          return null;
        }
      }
      return recognizePresenceValue(o.topic, payload, typeof o.tag === 'string' ? o.tag : undefined);
    }
  }
  return recognizePresenceValue('', value);
}

export const presenceCommand: CliCommand = {
  name: 'presence',
  usage: USAGE,
  async run(args) {
    const { flags } = parseArgs(args, ['detail', 'compact', 'strict']);
    const known = new Set(['flap-window', 'flap-count', 'detail', 'compact', 'strict', 'file']);
    for (const k of Object.keys(flags)) if (!known.has(k)) throw new Error(`unknown option --${k} (see fieldscope presence --help)`);
    const model = new PresenceModel({
      flapWindowMs: numberFlag(flags['flap-window'], 'flap-window'),
      flapTransitions: numberFlag(flags['flap-count'], 'flap-count'),
    });
    const text = await readAll(typeof flags.file === 'string' ? flags.file : undefined);
    const trimmed = text.trim();
    // A whole JSON array (a scenario's events) is accepted as well as NDJSON.
    let values: { line: number; value: unknown; error?: string }[];
    if (trimmed.startsWith('[')) {
      try {
        values = (JSON.parse(trimmed) as unknown[]).map((value, i) => ({ line: i + 1, value }));
      } catch (err) {
        throw new Error(`input starts with '[' but is not a JSON array: ${(err as Error).message}`, { cause: err });
      }
    } else {
      values = [];
      text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (!line) return;
        try {
          values.push({ line: i + 1, value: JSON.parse(line) });
        } catch (err) {
          values.push({ line: i + 1, value: undefined, error: `not JSON (${(err as Error).message})` });
        }
      });
    }
    let rejected = 0;
    for (const { line, value, error } of values) {
      const evs = error ? null : eventsOf(value);
      if (!evs) {
        rejected++;
        console.error(`line ${line}: ${error ?? 'not a presence event (see fieldscope presence --help for the accepted shapes)'} — skipped`);
        continue;
      }
      for (const ev of evs) {
        try {
          model.add(ev);
        } catch (err) {
          rejected++;
          console.error(`line ${line}: ${(err as Error).message} — skipped`);
        }
      }
    }
    const snap = model.snapshot();
    const out: Record<string, unknown> = {};
    for (const id of Object.keys(snap).sort()) {
      const s = snap[id]!;
      const row: Record<string, unknown> = { online: s.online, openChannels: s.openChannels };
      if (s.lastOffline) row.lastOffline = s.lastOffline;
      if (s.duplicate) row.duplicate = true;
      if (s.flapping) row.flapping = true;
      row.timeline = s.timeline;
      if (flags.detail) {
        Object.assign(row, {
          state: s.state,
          since: s.since,
          lastQuery: s.lastQuery,
          events: s.events,
          late: s.late,
          transitions: s.transitions,
          reconnects: s.reconnects,
          sources: s.sources,
          spans: model.spans(id),
          markers: model.markers(id).markers,
        });
      }
      out[id] = row;
    }
    process.stdout.write(`${flags.compact ? JSON.stringify(out) : JSON.stringify(out, null, 2)}\n`);
    if (rejected) console.error(`${rejected} line(s) skipped; ${model.eventCount} event(s) for ${model.size} client(s) used`);
    return rejected && flags.strict ? 1 : 0;
  },
};
