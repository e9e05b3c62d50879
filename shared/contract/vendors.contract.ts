import { z } from 'zod';
import { method } from './define';
import { Profile, ProfileKindName } from './profiles.contract';

/**
 * Vendor credentials as the user may see them: what will be sent on CONNECT / SASL, with every secret
 * masked, and the pre-connect checks. Raw secrets (SecretKey, access code, plain passwords, STS tokens)
 * never cross this boundary; only derived HMAC signatures can be revealed, on hold, through
 * `vendors.revealSignature`.
 */

/** Which profile to look at: a saved one, or an editor draft (optionally reading the saved profile's secrets). */
export const VendorProfileRef = z
  .object({
    profileId: z.string().min(1).optional(),
    /** An unsaved draft from the editor; when profileId is also given its keychain slots are used. */
    profile: Profile.optional(),
  })
  .refine((v) => v.profileId !== undefined || v.profile !== undefined, { message: 'give profileId or profile' });

/** A stable explain code with params (a param may itself be a part), shown through the renderer's catalogue. */
export type ExplainPartShape = { code: string; params?: Record<string, string | number | ExplainPartShape> };
export const ExplainPart: z.ZodType<ExplainPartShape> = z.lazy(() =>
  z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), ExplainPart])).optional() }),
);

export const PasswordPreview = z.object({
  /**
   * derived: an HMAC signature computed from a secret (revealable on hold);
   * secret: the secret itself is the password (Huawei access code, plain password; never revealed);
   * none: nothing is sent (token mode, anonymous); missing: the secret slot is empty.
   */
  kind: z.enum(['derived', 'secret', 'none', 'missing']),
  /** Masked text, e.g. `MSdh•••` for a signature, `••••••••` for a raw secret. */
  masked: z.string(),
  revealable: z.boolean(),
  /** The keychain slot the password comes from or is derived from. */
  slot: z.string().optional(),
});
export type PasswordPreview = z.infer<typeof PasswordPreview>;

export const CredentialPreview = z.object({
  profileKind: z.string(),
  protocol: z.enum(['mqtt', 'amqp', 'rocketmq']),
  clientId: z.string().optional(),
  /** The user name as sent (an STS token inside it is masked). */
  username: z.string().optional(),
  /** AMQP cloud user names: the key=value parameters (securityToken masked). */
  usernameParams: z.record(z.string(), z.string()).optional(),
  /** The exact string signed (an STS token inside it is masked). */
  stringToSign: z.string().optional(),
  /** HmacSHA1, HmacMD5, HmacSHA256, or undefined when nothing is signed. */
  algorithm: z.string().optional(),
  password: PasswordPreview,
  /** Timestamp signed into the credentials (ms epoch); a new one is signed on every (re)connect. */
  timestamp: z.number().optional(),
  generatedAt: z.number(),
  /** Facts the user should know, in words (e.g. token mode uploads tokens after CONNECT). */
  notes: z.array(z.string()),
  /** The same notes as explain parts, for the renderer's catalogue. */
  noteParts: z.array(ExplainPart).optional(),
});
export type CredentialPreview = z.infer<typeof CredentialPreview>;

export const Finding = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  /** English text (logs, CLI); the renderer shows `text` through its catalogue. */
  message: z.string(),
  fix: z.string(),
  text: z.object({ message: ExplainPart, fix: ExplainPart }).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const ClockMeasurement = z.union([
  z.object({ ok: z.literal(true), endpoint: z.string(), offsetMs: z.number(), rttMs: z.number(), serverDate: z.string(), measuredAt: z.number() }),
  z.object({ ok: z.literal(false), endpoint: z.string(), error: z.string() }),
]);
export type ClockMeasurement = z.infer<typeof ClockMeasurement>;

export const vendorsMethods = {
  /** What will be sent for this profile now, secrets masked. */
  'vendors.preview': method(VendorProfileRef, CredentialPreview),
  /**
   * The derived signature (MQ for IoT signature mode, IoT Platform AMQP) for reveal-on-hold.
   * Refused for profiles whose password is a raw secret. `timestamp` re-signs the previewed timestamp.
   */
  'vendors.revealSignature': method(
    z.object({ profileId: z.string().min(1).optional(), profile: Profile.optional(), timestamp: z.number().int().nonnegative().optional() }),
    z.object({ signature: z.string(), timestamp: z.number().optional() }),
  ),
  /** Pre-connect checks; with `endpoint` or `measureClock`, also measures the local clock offset. */
  'vendors.check': method(
    z.object({
      profileId: z.string().min(1).optional(),
      profile: Profile.optional(),
      /** http(s) URL or host whose Date header to read; defaults to https://<profile host> when measureClock is set. */
      endpoint: z.string().optional(),
      measureClock: z.boolean().optional(),
      subscriptions: z.array(z.object({ filter: z.string(), qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional() })).optional(),
      publishTopics: z.array(z.string()).optional(),
      payloadSize: z.number().int().nonnegative().optional(),
      payloadQos: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    }),
    z.object({ findings: z.array(Finding), clock: ClockMeasurement.optional() }),
  ),
  /** A refusal in words with the vendor's likely cause (also used by the drivers directly). */
  'vendors.explain': method(
    z.object({
      kind: ProfileKindName,
      phase: z.enum(['connect', 'subscribe', 'publish', 'transport', 'sasl', 'amqp', 'disconnect']),
      code: z.union([z.number(), z.string()]).optional(),
      message: z.string().optional(),
      afterPacket: z.string().optional(),
    }),
    z.object({ text: z.string().nullable(), parts: z.array(ExplainPart).optional() }),
  ),
};

export const vendorsEvents = {};
