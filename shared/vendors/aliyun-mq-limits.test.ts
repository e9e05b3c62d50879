import { describe, expect, it } from 'vitest';
import {
  MQ_LIMITS,
  offlinePullBody,
  offlinePullUnavailable,
  offlinePullWindowOpen,
  p2pTarget,
  p2pTopic,
  publishLimitWarnings,
  subscribeLimitWarnings,
} from './aliyun-mq-limits';

const thirty = Array.from({ length: 30 }, (_, i) => `p/${i}`);

describe('MQ for IoT limits [seed 004]', () => {
  it('warns for a body over 64 KB and a topic over 64 characters, not at the limits', () => {
    expect(publishLimitWarnings({ topic: 'p/' + 'a'.repeat(62), bodyBytes: 65536 })).toEqual([]);
    expect(publishLimitWarnings({ topic: 'p/' + 'a'.repeat(63), bodyBytes: 65537 }).map((w) => w.code)).toEqual(['topic-too-long', 'body-too-large']);
  });

  it('warns for the 31st subscription (not for renewing one of the 30) and QoS 2 with cleanSession off', () => {
    expect(subscribeLimitWarnings({ filter: 'p/x', qos: 1, cleanSession: true, existing: thirty.slice(0, 29) })).toEqual([]);
    expect(subscribeLimitWarnings({ filter: 'p/x', qos: 1, cleanSession: true, existing: thirty }).map((w) => w.code)).toEqual(['subscription-31']);
    expect(subscribeLimitWarnings({ filter: 'p/3', qos: 1, cleanSession: true, existing: thirty })).toEqual([]);
    expect(subscribeLimitWarnings({ filter: 'p/x', qos: 2, cleanSession: false, existing: [] }).map((w) => w.code)).toEqual(['qos2-persistent']);
    expect(subscribeLimitWarnings({ filter: 'p/x', qos: 2, cleanSession: true, existing: [] })).toEqual([]);
  });

  it('builds offline pulls of 1-30 for persistent sessions only, within the first keep-alive period', () => {
    expect(offlinePullBody('DESC', 30)).toBe('{"pushOrder":"DESC","maxPushNum":30}');
    expect(() => offlinePullBody('ASC', 0)).toThrow(/1 to 30/);
    expect(() => offlinePullBody('ASC', MQ_LIMITS.offlinePullMax + 1)).toThrow(/1 to 30/);
    expect(() => offlinePullBody('ASC', 2.5)).toThrow(/whole number/);
    expect(offlinePullUnavailable({ cleanSession: true })).toMatch(/cleanSession off/);
    expect(offlinePullUnavailable({ cleanSession: false })).toBeNull();
    expect(offlinePullWindowOpen({ connectedAt: 1000, now: 61_000, keepaliveSec: 60 })).toBe(true);
    expect(offlinePullWindowOpen({ connectedAt: 1000, now: 61_001, keepaliveSec: 60 })).toBe(false);
    expect(offlinePullWindowOpen({ connectedAt: 0, now: 1e9, keepaliveSec: 0 })).toBe(true);
  });

  it('addresses P2P messages as <parent>/p2p/<ClientID> and recognises them', () => {
    expect(p2pTopic('fieldscope', 'GID_demo@@@dev-1')).toBe('fieldscope/p2p/GID_demo@@@dev-1');
    expect(() => p2pTopic('a/b', 'GID_demo@@@dev-1')).toThrow(/first-level/);
    expect(() => p2pTopic('a', 'dev-1')).toThrow(/GID_xxx@@@DeviceID/);
    expect(p2pTarget('fieldscope/p2p/GID_demo@@@dev-1')).toBe('GID_demo@@@dev-1');
    expect(p2pTarget('fieldscope/p2p')).toBeNull();
    expect(p2pTarget('fieldscope/x/GID_demo@@@dev-1')).toBeNull();
    expect(p2pTarget('fieldscope/p2p/')).toBeNull();
    expect(p2pTarget('fieldscope/p2p//GID_demo@@@dev-1')).toBeNull();
    expect(p2pTarget('p2p/p2p/x')).toBe('x');
    expect(p2pTarget('fieldscope/p2p/GID_demo@@@dev-1/sub')).toBe('GID_demo@@@dev-1/sub');
    expect(p2pTarget('/p2p/x')).toBe('x');
  });
});
