import type { ProfileInput, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { SandboxEndpoints } from '../../../shared/contract/sandbox.contract';
import type { TokenAction } from '../../../shared/tokens/token-model';

/**
 * The token-mode "Local sandbox" MQ for IoT profile. It needs a token before it may SUBSCRIBE, so at a
 * first start the app applies for one through the sandbox's token service (as a user would from the token
 * panel) and only then opens it: the first start shows a working token-mode connection with a live countdown.
 */
export const SANDBOX_TOKEN_PROFILE_ID = 'sandbox-mq-token';

/** Long enough that nothing expires during a session's first look, short enough that renewal is seen in a working day. */
export const SANDBOX_TOKEN_LIFETIME_SEC = 3600;

export interface SandboxTokenProfile {
  profile: ProfileInput;
  secrets: Partial<Record<SecretSlot, string>>;
  /** What the first-start token covers: every parent topic of the sandbox, read and write. */
  apply: { resources: string[]; actions: TokenAction[]; lifetimeSec: number };
}

export function sandboxTokenProfile(ep: SandboxEndpoints): SandboxTokenProfile | undefined {
  const mq = ep.mq;
  if (!mq || !mq.tokenServiceUrl || mq.parentTopics.length === 0) return undefined;
  return {
    profile: {
      id: SANDBOX_TOKEN_PROFILE_ID,
      name: 'Local sandbox — MQ for IoT (token mode)',
      kind: 'aliyun-mq',
      sandbox: true,
      host: ep.host,
      port: mq.tlsPort,
      transport: 'tls',
      tls: { caFile: ep.caFile, rejectUnauthorized: true, servername: 'localhost' },
      groupId: mq.groups[0],
      // Not the signature profile's device ID: the same Client ID twice would kick one of them.
      deviceId: 'fieldscope-token',
      accessKey: mq.accessKey,
      authMode: 'token',
      tokenRenewal: 'auto',
      region: 'sandbox',
      // IoT SIM and Taobao-style pushes: the signature-mode profile shows the telemetry (no reading twice).
      subscriptions: [
        { filter: `${mq.parentTopics[0]}/iotsim/#`, qos: 1 },
        { filter: `${mq.parentTopics[0]}/taobao/#`, qos: 1 },
      ],
      tokenServiceUrl: mq.tokenServiceUrl,
      onlineQueryUrl: mq.onlineQueryUrl,
    },
    // The SecretKey signs token service requests; it stays in memory like every sandbox demo credential.
    secrets: { secretKey: mq.secretKey },
    apply: { resources: [...mq.parentTopics], actions: ['R', 'W'], lifetimeSec: SANDBOX_TOKEN_LIFETIME_SEC },
  };
}
