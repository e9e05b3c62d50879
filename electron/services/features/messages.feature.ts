import { AppError } from '../../../shared/contract/define';
import type { messagesMethods } from '../../../shared/contract/messages.contract';
import type { Feature } from '../core/feature';
import { ColumnSettingsFile } from '../messages/column-settings-file';
import { exportMessages } from '../messages/message-export';
import { MessagePages } from '../messages/message-pages';
import type { MessageService } from '../messages/message-service';
import { DEFAULT_STORE_CAPACITY, MessageStore } from '../messages/message-store';
import { ViewportHub } from '../messages/viewport-hub';

declare module '../core/services' {
  interface Services {
    messages: MessageService;
  }
}

const MAX_EXPORT = 250_000;

export const messagesFeature: Feature<typeof messagesMethods> = (ctx) => {
  const store = new MessageStore({ capacity: ctx.options.storeCapacity ?? DEFAULT_STORE_CAPACITY });
  // Page requests scan and sort a slice per turn, like a view (nothing holds the backend thread for a whole store).
  const pages = new MessagePages(store);
  // One compiled query per inspector view, pushed with backpressure (see ViewportSession).
  const views = new ViewportHub(store, (push) => ctx.events.emit('messages.viewport', push));
  store.onChange = () => views.changed();
  const columns = new ColumnSettingsFile(ctx.options.dataDir);
  const service: MessageService = {
    ingest: (msg) => store.ingest(msg),
    updateSettlement: (seq, s) => store.updateSettlement(seq, s),
    onIngest: (l) => store.onIngest(l),
    get: (seq) => store.get(seq),
    stats: () => store.stats(),
    clear: (connectionId) => {
      store.clear(connectionId);
      views.changed();
    },
  };
  ctx.services.set('messages', service);
  return {
    handlers: {
      'messages.page': async ({ filter, offset, limit }) => ({ ...(await pages.page(filter, offset, limit)), stats: store.stats() }),
      'messages.viewport': (req) => {
        views.set(req);
        return { ok: true as const };
      },
      'messages.viewportAck': ({ viewId, version }) => {
        views.ack(viewId, version);
        return { ok: true as const };
      },
      'messages.viewportClose': ({ viewId }) => {
        views.close(viewId);
        return { ok: true as const };
      },
      'messages.columnsGet': () => columns.read(),
      'messages.columnsSet': (settings) => {
        columns.write(settings);
        return { ok: true as const };
      },
      'messages.detail': ({ seq }) => store.detail(seq),
      'messages.clear': ({ connectionId }) => {
        service.clear(connectionId);
        return { ok: true as const };
      },
      'messages.export': ({ seqs, format }) => {
        if (seqs.length > MAX_EXPORT)
          throw new AppError(
            'too-many',
            `Export at most ${MAX_EXPORT.toLocaleString('en')} messages at a time (asked for ${seqs.length}).`,
            'Narrow the filter or export in parts.',
          );
        return { text: exportMessages(store, seqs, format) };
      },
    },
    dispose: () => {
      store.onChange = null;
      views.dispose();
      pages.dispose();
    },
  };
};
