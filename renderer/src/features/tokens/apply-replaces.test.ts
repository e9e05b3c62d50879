import { describe, expect, it } from 'vitest';
import { applyReplaces } from './apply-replaces';

const NOW = 1_700_000_000_000;
const rw = { type: 'RW' as const, resources: ['fieldscope', 'plant'], expiresAt: NOW + 3600_000 };

describe('applyReplaces', () => {
  it('names the live RW token an R+W apply would replace and the resources it would lose', () => {
    expect(applyReplaces([rw], { actions: ['R', 'W'], resources: ['fieldscope'] }, NOW)).toEqual({ type: 'RW', dropped: ['plant'], added: [] });
  });
  it('reports a replacement even when the scope only grows', () => {
    expect(applyReplaces([rw], { actions: ['W', 'R'], resources: ['fieldscope', 'plant', 'x'] }, NOW)).toEqual({ type: 'RW', dropped: [], added: ['x'] });
  });
  it('replaces nothing when the type differs, or the held one is expired or revoked', () => {
    expect(applyReplaces([rw], { actions: ['R'], resources: ['fieldscope'] }, NOW)).toBeNull();
    expect(applyReplaces([{ ...rw, expiresAt: NOW }], { actions: ['R', 'W'], resources: ['a'] }, NOW)).toBeNull();
    expect(applyReplaces([{ ...rw, revokedAt: NOW - 1 }], { actions: ['R', 'W'], resources: ['a'] }, NOW)).toBeNull();
    expect(applyReplaces([], { actions: ['R', 'W'], resources: ['a'] }, NOW)).toBeNull();
    expect(applyReplaces([rw], { actions: [], resources: ['a'] }, NOW)).toBeNull();
  });
});
