// Every note the credential preview writes must be in renderer/src/i18n/en/preview-notes.ts (the renderer finds the
// Chinese by the English text); a new or reworded backend note fails here until it is added in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { Profile, type ProfileInput } from '../../shared/contract/profiles.contract';
import { buildCredentialPreview } from '../../electron/services/vendors/credential-preview';
import { previewNoteWords } from '../../renderer/src/features/vendors/finding-words';
import { setLocaleChoice } from '../../renderer/src/i18n';
import { previewNotes } from '../../renderer/src/i18n/en/preview-notes';

const now = 1_700_000_000_000;
const p = (input: Record<string, unknown>) => Profile.parse(input as ProfileInput);
const profiles = [
  p({ id: 'm', name: 'm', kind: 'mqtt', host: 'h', port: 1883, clientId: '' }),
  p({ id: 'a', name: 'a', kind: 'aliyun-mq', host: 'h', port: 1883, groupId: 'GID_AAA', deviceId: 'd', accessKey: 'AK' }),
  p({ id: 'b', name: 'b', kind: 'aliyun-mq', host: 'h', port: 1883, groupId: 'GID_AAA', deviceId: 'd', accessKey: 'AK', authMode: 'token' }),
  p({ id: 'c', name: 'c', kind: 'huawei-iotda', host: 'h', port: 8883, transport: 'tls', accessKey: 'AK' }),
  p({ id: 'd', name: 'd', kind: 'aliyun-amqp', host: 'h', clientId: 'c', consumerGroupId: 'G', accessKey: 'AK' }),
  p({ id: 'e', name: 'e', kind: 'aliyun-amqp', host: 'h', clientId: 'c', consumerGroupId: 'G', accessKey: 'AK', authMode: 'ststoken' }),
  p({ id: 'f', name: 'f', kind: 'amqp', host: 'h', port: 5672, sasl: 'anonymous' }),
  p({ id: 'g', name: 'g', kind: 'amqp', host: 'h', port: 5672, sasl: 'plain', username: 'u' }),
];

afterEach(() => setLocaleChoice('en'));

describe('credential preview notes in the UI language', () => {
  it('every note the backend writes has words in the catalogues, and every listed note is still written', async () => {
    const written = new Set<string>();
    for (const profile of profiles) {
      for (const secrets of [true, false]) {
        const preview = await buildCredentialPreview(profile, async () => (secrets ? 'secret-value' : null), now);
        for (const n of preview.notes) written.add(n);
      }
    }
    const listed = Object.values(previewNotes) as string[];
    expect([...written].filter((n) => !listed.includes(n))).toEqual([]);
    expect(listed.filter((n) => !written.has(n))).toEqual([]);
    setLocaleChoice('zh-CN');
    for (const n of written) expect(previewNoteWords(n)).toMatch(/[\u4e00-\u9fff]/);
    expect(previewNoteWords('A note from a newer backend.')).toBe('A note from a newer backend.');
  });
});
