import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/contract/connections.contract';
import { mergeConnectionViews, newerConnectionView } from '../../shared/connections/connection-view-order';

const view = (status: ConnectionView['state']['status'], revision: number, received = 0): ConnectionView => ({
  connectionId: 'conn-1',
  profileId: 'p',
  name: 'n',
  kind: 'mqtt',
  protocol: 'mqtt',
  state: { status, since: revision },
  subscriptions: [],
  received,
  revision,
});

describe('connection views arriving over two channels', () => {
  it('a late connections.open answer (connecting) does not hide the refusal event that came first', () => {
    const refused = view('refused', 3);
    expect(newerConnectionView(refused, view('connecting', 1)).state.status).toBe('refused');
  });
  it('a newer event replaces an older view; equal revisions take the later (fresher counts)', () => {
    expect(newerConnectionView(view('connecting', 1), view('connected', 2)).state.status).toBe('connected');
    expect(newerConnectionView(view('connected', 2, 5), view('connected', 2, 9)).received).toBe(9);
    expect(newerConnectionView(undefined, view('idle', 0)).state.status).toBe('idle');
  });
  it('a list answer keeps newer views per connection, and a connection opened after the list was read', () => {
    const current = { 'conn-1': view('refused', 7), 'conn-2': { ...view('connected', 2), connectionId: 'conn-2' } };
    const merged = mergeConnectionViews(current, [view('connecting', 4)]);
    expect(Object.keys(merged).sort()).toEqual(['conn-1', 'conn-2']);
    expect(merged['conn-1'].state.status).toBe('refused');
    expect(mergeConnectionViews({ 'conn-1': view('connecting', 1) }, [view('closed', 5)])['conn-1'].state.status).toBe('closed');
  });
});
