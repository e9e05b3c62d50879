import { AppError } from '../../../shared/contract/define';
import type { codegenMethods } from '../../../shared/contract/codegen.contract';
import { copyAsCode } from '../../../shared/codegen/copy-as-code';
import { codeConnectionFromProfile } from '../../../shared/codegen/code-connection';
import type { CodeAction } from '../../../shared/codegen/code-target';
import type { Feature } from '../core/feature';

/** Copy as code: the connection comes from the profile behind the message's (or subscription's) connection. */
export const codegenFeature: Feature<typeof codegenMethods> = (ctx) => ({
  handlers: {
    'codegen.copy': async ({ target, source }) => {
      let connectionId: string;
      let action: CodeAction;
      if ('seq' in source) {
        const m = ctx.services.get('messages').get(source.seq);
        if (!m) throw new AppError('no-message', `Message ${source.seq} is no longer in the store.`, 'It was evicted or cleared; pick a newer message.');
        connectionId = m.connectionId;
        action = {
          kind: 'publish',
          topic: m.topic,
          payloadBase64: m.payload.toString('base64'),
          qos: m.qos === 1 || m.qos === 2 ? m.qos : 0,
          retain: m.retain === true,
        };
      } else {
        connectionId = source.connectionId;
        action = { kind: 'subscribe', filter: source.filter, qos: source.qos };
      }
      const conn = connectionId.startsWith('capture:') ? undefined : ctx.services.get('connections').get(connectionId);
      if (!conn)
        throw new AppError(
          'no-connection',
          'The message does not come from a live connection, so there is no profile to take the connection settings from.',
          'Copy it as mosquitto_pub from the inspector instead.',
        );
      const view = await ctx.services.get('profiles').getView(conn.profileId);
      const code = codeConnectionFromProfile(view.profile, view.secrets.password === 'set');
      if (!code) throw new AppError('not-mqtt', 'Copy as code is for MQTT connections; this one is AMQP.');
      return copyAsCode(target, code, action);
    },
  },
});
