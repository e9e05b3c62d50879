import { describe, expect, it } from 'vitest';
import { makeHeader, messageRecord } from './capture-encoder';
import type { CaptureRecord, MessageRecord } from './capture-format';
import { parseCaptureText } from './capture-parser';
import { BundleWriter, collectIdentifiers, findForbidden } from './support-bundle';

// A profile id names the sender's keychain entries: a bundle that showed it would let a crafted profile file
// claim them. Bundles replace it everywhere, with or without the pseudonymise option.
const PROFILE_ID = '3f2b8c1e-7d4a-4e55-9a0b-1c2d3e4f5a6b';

describe('support bundles and profile ids', () => {
  const header = makeHeader({
    appVersion: '1.0.0',
    os: 'linux-x64',
    createdAt: 1000,
    profile: { id: PROFILE_ID, kind: 'mqtt', name: 'Line 3', host: 'broker.example', port: 1883 },
    connection: { connectionId: 'c1', protocol: 'mqtt', name: 'Line 3' },
  });
  const records: CaptureRecord[] = [
    messageRecord(
      { connectionId: 'c1', protocol: 'mqtt', arrivedAt: 2000, topic: 'line3/status', payload: new TextEncoder().encode(`{"profile":"${PROFILE_ID}"}`) },
      1,
    ),
    { type: 'token', at: 2100, connectionId: 'c1', event: { type: 'renewed', profileId: PROFILE_ID } },
    { type: 'mark', at: 2200, label: `profile ${PROFILE_ID} reconnected` },
  ];

  for (const pseudonymise of [true, false]) {
    it(`replaces the profile id in header, records and payloads (pseudonymise: ${pseudonymise})`, () => {
      const opts = { pseudonymise, secrets: [], now: 10_000, appVersion: '1.1.0', os: 'linux-x64' };
      const w = new BundleWriter(header, collectIdentifiers(header, records, { extraIdentifiers: [] }), opts);
      let text = w.headerLine();
      for (const r of records) text += w.recordLine(r) ?? '';
      text += w.trailerLines();
      expect(findForbidden(text, [PROFILE_ID])).toEqual([]);
      expect(w.forbidden()).toContain(PROFILE_ID);
      expect(w.result().pseudonyms).toContainEqual(expect.objectContaining({ kind: 'profileId', pseudonym: 'profile-1', occurrences: 4 }));
      const back = parseCaptureText(text);
      expect(back.summary.header.profile?.id).toBe('profile-1');
      expect(back.records.find((r) => r.type === 'mark')).toMatchObject({ label: 'profile profile-1 reconnected' });
      // The source did carry it, in the payload bytes too.
      expect(Buffer.from((records[0] as MessageRecord).payload, 'base64').toString()).toContain(PROFILE_ID);
    });
  }
});
