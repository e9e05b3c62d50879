// The selected message in full: monaco read-only views of the payload and, for AMQP, every section.
import { useMemo, useState } from 'react';
import type { MessageKey } from '../../i18n';
import { t } from '../../i18n';
import { formatBytes, formatDateTimeMs } from '../../lib/format';
import { MonacoView } from '../../monaco/MonacoView';
import { useApp } from '../../state/app-store';
import { useInspector, useInspectorStore } from '../../state/inspector-store';
import { call } from '../../api/client';
import { addNotice } from '../../state/app-store';
import { CopyAsCode } from '../codegen/CopyAsCode';
import { DecodedView } from '../decoders/DecodedView';
import { MessageDiff } from '../diff/MessageDiff';
import { RocketmqAttributes } from './RocketmqAttributes';
import { copyDetail, exportSelected } from './copy';
import { defaultView, detailViews, type DetailNote, type DetailViewId } from './detail-views';

const VIEW_LABEL: Record<DetailViewId, MessageKey> = {
  json: 'core.view.json',
  raw: 'inspector.view.raw',
  hex: 'core.view.hex',
  base64: 'core.view.base64',
  properties: 'core.view.properties',
  amqp: 'core.view.amqp',
};
const MAX_NOTES = 20;

function noteText(n: DetailNote): string {
  switch (n.kind) {
    case 'lossy':
      return t('inspector.json.lossy', { text: n.text, js: n.js, line: n.line });
    case 'duplicate':
      return t('inspector.json.duplicate', { key: n.key, line: n.line });
    case 'invalid-json': {
      const e = n.error;
      const found = e.found === '\n' ? '↵' : e.found;
      return t('inspector.json.invalid', {
        line: e.line,
        column: e.column,
        reason: t(`inspector.json.error.${e.code}` as MessageKey, { found: `'${found}'` }),
      });
    }
    case 'escaped-bytes':
      return t('inspector.raw.escaped');
  }
}

export function DetailPane() {
  const inspector = useInspectorStore();
  const { settleSelected } = inspector.actions;
  const detail = useInspector((s) => s.detail);
  const loading = useInspector((s) => s.detailLoading);
  const markedCount = useInspector((s) => s.marked.length);
  const connName = useApp((s) => (detail ? (s.connections[detail.connectionId]?.name ?? detail.connectionId) : ''));
  const [preferred, setPreferred] = useState<DetailViewId | null>(null);
  const [decoded, setDecoded] = useState(false);
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const marked = useInspector((s) => s.marked);
  const views = useMemo(() => (detail ? detailViews(detail) : []), [detail]);
  const active = views.length ? defaultView(views, preferred) : null;
  const view = views.find((v) => v.id === active);
  const marks = useMemo(() => (view ? view.marks.map((m) => ({ ...m, message: t('inspector.json.lossyMarker', { js: m.js }) })) : []), [view]);

  if (!detail) {
    return (
      <section id="detail-pane" className="detail-pane empty" tabIndex={-1} aria-label={t('core.detail.label')}>
        <p className="muted">{loading ? t('app.loading') : t('core.detail.none')}</p>
      </section>
    );
  }
  if (!view) return null;
  // AMQP and RocketMQ (hold mode) deliveries wait for the user's verdict.
  const unsettled = (detail.protocol === 'amqp' || detail.protocol === 'rocketmq') && detail.settlement === 'unsettled';
  return (
    <section id="detail-pane" className="detail-pane" tabIndex={-1} aria-label={t('core.detail.label')} data-testid="detail-pane">
      <header className="detail-head">
        <div className="detail-topic" title={detail.topic} data-testid="detail-topic" data-i18n="data">
          {detail.topic}
        </div>
        <dl className="detail-meta">
          <dt>{t('core.col.time')}</dt>
          <dd>{formatDateTimeMs(detail.arrivedAt)}</dd>
          <dt>{t('core.col.connection')}</dt>
          <dd data-i18n="data">{connName}</dd>
          <dt>{t('core.col.size')}</dt>
          <dd>{formatBytes(detail.size)}</dd>
          {detail.qos != null && (
            <>
              <dt>{t('core.col.qos')}</dt>
              <dd>{detail.qos}</dd>
            </>
          )}
          {detail.retain && <dd className="badge">{t('core.flag.retain')}</dd>}
          {detail.dup && <dd className="badge">{t('core.flag.dup')}</dd>}
          {detail.messageId && (
            <>
              <dt>{t('core.col.messageId')}</dt>
              <dd data-i18n="data">{detail.messageId}</dd>
            </>
          )}
          {detail.generateTime != null && (
            <>
              <dt>{t('core.col.generateTime')}</dt>
              <dd>
                {formatDateTimeMs(detail.generateTime)} ({detail.generateTime})
              </dd>
            </>
          )}
          {detail.duplicateOf ? <dd className="badge dup">{t('core.flag.duplicate', { count: detail.duplicateOf })}</dd> : null}
          {detail.outOfOrder && <dd className="badge ooo">{t('core.flag.outOfOrder')}</dd>}
          {detail.settlement && (
            <>
              <dt>{t('core.col.settlement')}</dt>
              <dd>{t(`core.settle.${detail.settlement}` as MessageKey)}</dd>
            </>
          )}
        </dl>
        {detail.rocketmq && <RocketmqAttributes r={detail.rocketmq} />}
        <div className="detail-actions">
          <button type="button" onClick={() => void copyDetail(inspector, 'payload')}>
            {t('core.detail.copyPayload')}
          </button>
          <button type="button" onClick={() => void copyDetail(inspector, 'json')}>
            {t('core.detail.copyJson')}
          </button>
          <button type="button" onClick={() => void copyDetail(inspector, 'command')}>
            {t('core.detail.copyCommand')}
          </button>
          <CopyAsCode seq={detail.seq} />
          <button
            type="button"
            title={t('views.diff.previousHint')}
            onClick={() =>
              void call('diff.previousOnTopic', { seq: detail.seq })
                .then((r) => (r.seq === null ? addNotice('info', t('views.diff.none')) : setCompare([r.seq, detail.seq])))
                .catch((e: Error) => addNotice('error', e.message))
            }
          >
            {t('views.diff.previous')}
          </button>
          {marked.length === 2 && (
            <button type="button" onClick={() => setCompare([Math.min(marked[0]!, marked[1]!), Math.max(marked[0]!, marked[1]!)])}>
              {t('views.diff.marked')}
            </button>
          )}
          <button type="button" onClick={() => void exportSelected(inspector, 'json')}>
            {t('core.detail.exportJson', { count: Math.max(1, markedCount) })}
          </button>
          <button type="button" onClick={() => void exportSelected(inspector, 'csv')}>
            {t('core.detail.exportCsv', { count: Math.max(1, markedCount) })}
          </button>
          {unsettled && (
            <span className="settle-actions" role="group" aria-label={t('core.detail.settle')}>
              {detail.protocol === 'rocketmq'
                ? // RocketMQ knows two verdicts only: consumed, or consume later (reject/modify would mean the same).
                  (['accept', 'release'] as const).map((o) => (
                    <button
                      key={o}
                      type="button"
                      onClick={() => void settleSelected(o)}
                      title={markedCount ? t('core.detail.settleMany', { count: markedCount }) : t(`rocketmq.settle.${o}Hint`)}
                    >
                      {t(`rocketmq.settle.${o}`)}
                    </button>
                  ))
                : (['accept', 'reject', 'release', 'modify'] as const).map((o) => (
                    <button
                      key={o}
                      type="button"
                      onClick={() => void settleSelected(o)}
                      title={markedCount ? t('core.detail.settleMany', { count: markedCount }) : undefined}
                    >
                      {t(`core.settleAction.${o}` as MessageKey)}
                    </button>
                  ))}
            </span>
          )}
        </div>
      </header>
      <div className="view-tabs" role="tablist">
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={!decoded && v.id === active}
            className={!decoded && v.id === active ? 'active' : ''}
            onClick={() => {
              setDecoded(false);
              setPreferred(v.id);
            }}
          >
            {t(VIEW_LABEL[v.id])}
          </button>
        ))}
        <button type="button" role="tab" aria-selected={decoded} className={decoded ? 'active' : ''} onClick={() => setDecoded(true)} data-testid="decoded-tab">
          {t('views.decode.tab')}
        </button>
      </div>
      {compare && <MessageDiff left={compare[0]} right={compare[1]} onClose={() => setCompare(null)} />}
      {decoded ? (
        <DecodedView key={detail.seq} seq={detail.seq} topic={detail.topic} />
      ) : (
        <>
          {view.notes.length > 0 && (
            <ul className="detail-notes" data-testid="detail-notes">
              {view.notes.slice(0, MAX_NOTES).map((n, i) => (
                <li key={i} className={n.kind === 'invalid-json' ? 'note-error' : 'note-warn'}>
                  {noteText(n)}
                </li>
              ))}
              {view.notes.length > MAX_NOTES && <li className="muted">… +{view.notes.length - MAX_NOTES}</li>}
            </ul>
          )}
          <div className="detail-editor">
            <MonacoView value={view.value} language={view.language} marks={marks} ariaLabel={t('core.detail.payload')} testId="detail-editor" />
          </div>
        </>
      )}
    </section>
  );
}
