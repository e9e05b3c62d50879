import { AppError } from '../../../shared/contract/define';
import type { TopicNode } from '../../../shared/contract/topics.contract';
import { hexPreview } from '../../../shared/mqtt/hex';
import { decodeUtf8Strict } from '../../../shared/mqtt/utf8';
import { TopicTree, type TopicNodeView } from '../../../shared/topics/topic-tree';
import type { MessageService } from '../messages/message-service';

const PREVIEW_BYTES = 160;

/** One topic tree per connection, fed by the store's ingest tap (so replayed captures get one too). */
export class TopicTreeService {
  private trees = new Map<string, TopicTree>();
  private unsubscribe: () => void;

  constructor(
    private readonly messages: MessageService,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = messages.onIngest((m, seq) => {
      let tree = this.trees.get(m.connectionId);
      if (!tree) this.trees.set(m.connectionId, (tree = new TopicTree()));
      tree.add(m.topic, seq, m.arrivedAt, m.retain === true, m.payload.length === 0);
    });
  }

  private tree(connectionId: string): TopicTree {
    // A connection that has received nothing yet has an empty tree, not an error.
    return this.trees.get(connectionId) ?? new TopicTree();
  }

  children(connectionId: string, path: string | null, offset: number, limit: number) {
    const tree = this.tree(connectionId);
    const page = tree.children(path, offset, limit, this.now());
    if (!page)
      throw new AppError(
        'no-topic',
        `No topic "${path}" has been seen on this connection.`,
        'The tree shows what arrived since the connection opened; clear the search.',
      );
    return { nodes: page.nodes.map((n) => this.withPreview(n)), total: page.total, topicCount: tree.topicCount, overflow: tree.overflow };
  }

  search(connectionId: string, text: string, limit: number) {
    return this.tree(connectionId).search(text, limit);
  }

  private withPreview(n: TopicNodeView): TopicNode {
    const m = n.lastSeq >= 0 ? this.messages.get(n.lastSeq) : undefined;
    if (!m) return { ...n, preview: null };
    const head = m.payload.subarray(0, PREVIEW_BYTES);
    const text = decodeUtf8Strict(head);
    const preview = text !== null ? text + (m.payload.length > PREVIEW_BYTES ? '…' : '') : hexPreview(m.payload, 32);
    return { ...n, preview };
  }

  dispose(): void {
    this.unsubscribe();
    this.trees.clear();
  }
}
