// The tree of every topic seen on one connection, kept up to date one message at a time: a message walks from
// its topic's node (found through a map, not by splitting the topic again) up to the root, so the cost per
// message is the topic's depth. Children are sorted only when someone looks at them, and only once per change.

export interface TopicNodeView {
  /** This level's name ('' for an empty level, as in "a//b"). */
  name: string;
  /** The full topic of this node ("a/b"). */
  path: string;
  /** Messages on this topic and every topic below it. */
  count: number;
  /** Messages on exactly this topic. */
  ownCount: number;
  childCount: number;
  /** Arrival time of the newest message at or below this node. */
  lastSeen: number;
  /** Store seq of the newest message on exactly this topic (-1 if none). */
  lastSeq: number;
  /** The newest message on exactly this topic was retained (and not an empty "delete retained" message). */
  retained: boolean;
  /** Messages a second at or below this node, over the last few seconds. */
  ratePerSec: number;
}

const RATE_WINDOW_MS = 5_000;

class TopicNode {
  children: Map<string, TopicNode> | null = null;
  sorted: TopicNode[] | null = null;
  count = 0;
  ownCount = 0;
  lastSeen = 0;
  lastSeq = -1;
  retained = false;
  windowStart = 0;
  windowCount = 0;
  rate = 0;

  constructor(
    readonly name: string,
    readonly parent: TopicNode | null,
    readonly path: string,
  ) {}

  child(name: string): TopicNode {
    this.children ??= new Map();
    let c = this.children.get(name);
    if (!c) {
      c = new TopicNode(name, this, this.parent === null ? name : `${this.path}/${name}`);
      this.children.set(name, c);
      this.sorted = null;
    }
    return c;
  }

  tick(at: number): void {
    if (this.windowCount === 0 && this.count === 0) this.windowStart = at;
    if (at - this.windowStart >= RATE_WINDOW_MS) {
      this.rate = (this.windowCount * 1000) / (at - this.windowStart);
      this.windowStart = at;
      this.windowCount = 0;
    }
    this.windowCount++;
  }

  rateAt(now: number): number {
    const age = now - this.windowStart;
    // A node that went quiet for two windows has no current rate, whatever it had before.
    if (age >= 2 * RATE_WINDOW_MS) return 0;
    if (this.rate === 0) return this.windowCount > 0 ? (this.windowCount * 1000) / Math.max(1000, age) : 0;
    return this.rate;
  }
}

export interface TopicTreeOptions {
  /** Distinct topics kept; messages on further new topics are counted in `overflow` instead. */
  maxTopics?: number;
}

export class TopicTree {
  private readonly root = new TopicNode('', null, '');
  private readonly byTopic = new Map<string, TopicNode>();
  private readonly maxTopics: number;
  /** Messages whose topic was new after maxTopics distinct topics were already held. */
  overflow = 0;

  constructor(opts: TopicTreeOptions = {}) {
    this.maxTopics = opts.maxTopics ?? 1_000_000;
  }

  get topicCount(): number {
    return this.byTopic.size;
  }

  get messageCount(): number {
    return this.root.count;
  }

  add(topic: string, seq: number, at: number, retained: boolean, emptyPayload: boolean): void {
    let node = this.byTopic.get(topic);
    if (!node) {
      if (this.byTopic.size >= this.maxTopics) {
        this.overflow++;
        return;
      }
      node = this.root;
      for (const level of topic.split('/')) node = node.child(level);
      this.byTopic.set(topic, node);
    }
    node.ownCount++;
    node.lastSeq = seq;
    // An empty retained message is how a retained value is deleted: the marker goes with it.
    node.retained = retained && !emptyPayload;
    for (let n: TopicNode | null = node; n; n = n.parent) {
      n.count++;
      if (at > n.lastSeen) n.lastSeen = at;
      n.tick(at);
    }
  }

  private find(path: string | null): TopicNode | undefined {
    if (path === null) return this.root;
    return this.byTopic.get(path) ?? this.walk(path);
  }

  /** Intermediate levels ("a" of "a/b") have no entry in byTopic unless a message came on them. */
  private walk(path: string): TopicNode | undefined {
    let node: TopicNode | undefined = this.root;
    for (const level of path.split('/')) {
      node = node.children?.get(level);
      if (!node) return undefined;
    }
    return node;
  }

  private view(n: TopicNode, now: number): TopicNodeView {
    return {
      name: n.name,
      path: n.path,
      count: n.count,
      ownCount: n.ownCount,
      childCount: n.children?.size ?? 0,
      lastSeen: n.lastSeen,
      lastSeq: n.lastSeq,
      retained: n.retained,
      ratePerSec: Math.round(n.rateAt(now) * 10) / 10,
    };
  }

  /** One page of a node's children (path null = the top level), sorted by name. */
  children(path: string | null, offset: number, limit: number, now: number): { nodes: TopicNodeView[]; total: number } | null {
    const node = this.find(path);
    if (!node) return null;
    if (!node.children) return { nodes: [], total: 0 };
    node.sorted ??= [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { nodes: node.sorted.slice(offset, offset + limit).map((c) => this.view(c, now)), total: node.sorted.length };
  }

  node(path: string, now: number): TopicNodeView | null {
    const n = this.find(path);
    return n ? this.view(n, now) : null;
  }

  /** Topics containing the text (case-insensitive), in arrival order of their first message, at most `limit`. */
  search(text: string, limit: number): { paths: string[]; truncated: boolean } {
    const needle = text.toLowerCase();
    const paths: string[] = [];
    for (const topic of this.byTopic.keys()) {
      if (!topic.toLowerCase().includes(needle)) continue;
      if (paths.length === limit) return { paths, truncated: true };
      paths.push(topic);
    }
    return { paths, truncated: false };
  }
}
