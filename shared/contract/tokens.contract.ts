import { z } from 'zod';
import { Ok, method } from './define';

/**
 * Token lifecycle: MQ for IoT tokens (apply / query / revoke through the token service, paste, remove,
 * upload, renewal policy, timeline) and the other time-bound credentials a connection uses (AMQP signature
 * timestamp and STS expiry, Huawei signed timestamp against the ±5 min window).
 * No token text and no secret ever crosses this boundary: tokens are shown as a masked prefix.
 */
export const TokenType = z.enum(['R', 'W', 'RW']);
export const TokenAction = z.enum(['R', 'W']);
export const RenewalPolicy = z.enum(['auto', 'ask', 'off']);
export const TokenStateName = z.enum(['valid', 'expiring', 'expired', 'revoked', 'invalid']);

export const TokenUploadView = z.object({
  at: z.number(),
  ackAt: z.number().optional(),
  latencyMs: z.number().optional(),
  ok: z.boolean(),
  error: z.string().optional(),
});

export const TokenView = z.object({
  profileId: z.string(),
  type: TokenType,
  /** Masked prefix, e.g. `eyJpIj…`. */
  masked: z.string(),
  length: z.number(),
  source: z.enum(['applied', 'pasted']),
  resources: z.array(z.string()),
  actions: z.array(TokenAction),
  issuedAt: z.number().optional(),
  expiresAt: z.number().optional(),
  lastUpload: TokenUploadView.optional(),
  expireNoticeAt: z.number().optional(),
  invalid: z.object({ code: z.number(), at: z.number() }).optional(),
  revokedAt: z.number().optional(),
  /** State when the list was made (the panel re-derives it every second from the facts above). */
  state: TokenStateName,
  stateWords: z.string(),
  action: z.string(),
  code: z.number().optional(),
});
export type TokenView = z.infer<typeof TokenView>;

export const ClockView = z.object({ endpoint: z.string(), offsetMs: z.number(), rttMs: z.number(), measuredAt: z.number() });

export const TokensOverview = z.object({
  profileId: z.string(),
  profileName: z.string(),
  kind: z.string(),
  connectionId: z.string().optional(),
  connectionStatus: z.string().optional(),
  /** MQ for IoT in token mode: tokens are uploaded after every CONNECT. */
  tokenMode: z.boolean(),
  policy: RenewalPolicy.optional(),
  tokenServiceUrl: z.string().optional(),
  accessKey: z.string().optional(),
  secretKeySet: z.boolean().optional(),
  tokens: z.array(TokenView),
  /** Renewals waiting for the user (policy "ask"). */
  asks: z.array(z.object({ type: TokenType, reason: z.string(), at: z.number() })),
  /** Set when the app stopped reconnecting because a token is known to be bad. */
  reconnectHeld: z.object({ at: z.number(), reason: z.string(), explanation: z.string(), code: z.number().optional() }).optional(),
  amqp: z.object({ authMode: z.string(), signedAt: z.number().optional(), stsExpiresAt: z.number().optional() }).optional(),
  huawei: z.object({ signedAt: z.number().optional(), clock: ClockView.optional() }).optional(),
  /** Main's clock when the overview was made (the panel counts down from it). */
  now: z.number(),
});
export type TokensOverview = z.infer<typeof TokensOverview>;

/** A token service exchange as shown to the user: the form without any secret, the string-to-sign, the answer in words. */
export const TokenExchange = z.object({
  url: z.string(),
  form: z.record(z.string(), z.string()),
  stringToSign: z.string(),
  answer: z.object({
    httpStatus: z.number(),
    success: z.boolean(),
    code: z.number().optional(),
    message: z.string(),
    words: z.string(),
    action: z.string(),
  }),
  /** Query: what the service says the token covers (never the token). */
  detail: z.string().optional(),
});
export type TokenExchange = z.infer<typeof TokenExchange>;

const Target = z.object({ connectionId: z.string().optional(), profileId: z.string().optional() });
const ProfileType = z.object({ profileId: z.string(), type: TokenType, connectionId: z.string().optional() });

export const tokensMethods = {
  'tokens.list': method(Target, TokensOverview),
  /** Applies through the token service; a token received is kept (keychain) and uploaded on a live connection. */
  'tokens.apply': method(
    z.object({
      profileId: z.string(),
      connectionId: z.string().optional(),
      resources: z.array(z.string()),
      actions: z.array(TokenAction).min(1),
      lifetimeSec: z.number(),
    }),
    z.object({ exchange: TokenExchange, token: TokenView.optional(), upload: TokenUploadView.optional() }),
  ),
  'tokens.query': method(ProfileType, z.object({ exchange: TokenExchange })),
  'tokens.revoke': method(ProfileType, z.object({ exchange: TokenExchange })),
  'tokens.renew': method(ProfileType, z.object({ exchange: TokenExchange, token: TokenView.optional(), upload: TokenUploadView.optional() })),
  'tokens.paste': method(
    z.object({
      profileId: z.string(),
      type: TokenType,
      token: z.string().min(1),
      expiresAt: z.number().optional(),
      resources: z.array(z.string()).optional(),
    }),
    TokenView,
  ),
  'tokens.remove': method(ProfileType, Ok),
  'tokens.uploadNow': method(z.object({ connectionId: z.string() }), z.object({ uploads: z.array(TokenUploadView.extend({ type: TokenType })) })),
  'tokens.setPolicy': method(z.object({ profileId: z.string(), policy: RenewalPolicy }), Ok),
  /** Huawei / AMQP: measure the local clock against the endpoint (HTTP Date header). */
  'tokens.measureClock': method(z.object({ profileId: z.string(), endpoint: z.string().optional() }), ClockView),
  'tokens.timeline': method(
    z.object({ connectionId: z.string() }),
    z.object({
      events: z.array(
        z.object({
          seq: z.number(),
          at: z.number(),
          kind: z.string(),
          type: TokenType.optional(),
          token: z.string().optional(),
          code: z.number().optional(),
          words: z.string(),
          latencyMs: z.number().optional(),
          expiresAt: z.number().optional(),
        }),
      ),
      dropped: z.number(),
    }),
  ),
  'tokens.exportTimeline': method(
    z.object({ connectionId: z.string(), format: z.enum(['json', 'csv']) }),
    z.object({ text: z.string(), fileName: z.string(), mime: z.string() }),
  ),
};

export const tokensEvents = {
  /** Something about a profile's tokens or a connection's timeline changed: re-read with tokens.list / tokens.timeline. */
  'tokens.changed': z.object({ profileId: z.string(), connectionId: z.string().optional() }),
};
