/**
 * One descriptor per profile kind: everything Fieldscope knows about a kind in one place (protocol, keychain
 * slots, defaults, editor fields, credentials, preview, pre-connect checks, refusal causes, topic helpers).
 * The backend, the CLI and the renderer read these; nothing else switches on the kind.
 */
import type { Profile, ProfileInput, SecretSlot } from '../../contract/profiles.contract';
import type { CredentialPreview } from '../../contract/vendors.contract';
import type { Add, CheckOptions } from '../check-support';
import type { RefusalHooks } from '../refusal-hooks';
import type { ExplainPart } from '../explain-part';

export type Protocol = 'mqtt' | 'amqp' | 'rocketmq';

/** Secret values read from the keychain for one operation (absent = not set). */
export type SecretValues = Partial<Record<SecretSlot, string>>;

export interface MqttConnectCredentials {
  clientId: string;
  username?: string;
  password?: string;
  /** Derived values for the preview and the protocol log (never the secret). */
  stringToSign?: string;
  algorithm?: string;
  /** The timestamp signed into this CONNECT, ms epoch. */
  signedAt?: number;
  /** Aliyun MQ token mode: tokens are (also) uploaded on $SYS/uploadToken after CONNACK. */
  tokenMode?: boolean;
}

export interface AmqpConnectCredentials {
  username: string;
  password: string;
  mechanism: 'PLAIN' | 'ANONYMOUS';
  stringToSign?: string;
  algorithm?: string;
  signedAt?: number;
}

/** RocketMQ: the ACL pair each request is signed with (both empty for an ACL-less broker). */
export interface RocketmqConnectCredentials {
  accessKey: string;
  secretKey: string;
}

/** What a RocketMQ MQ HTTP consumer signs its requests with (the secret stays in main). */
export interface RocketmqHttpConnectCredentials {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface CredentialContext {
  secrets: SecretValues;
  now: number;
  /** A fresh random Client ID (the caller owns the randomness; descriptors stay pure). */
  randomClientId: () => string;
}

/** A topic the user may want for a device: publish to it, subscribe to it, or answer on it. */
export interface TopicHelper {
  /** i18n key of the helper's name (kinds.topic.*). */
  labelKey: string;
  topic: string;
  use: 'publish' | 'subscribe';
  /** A payload template for publish helpers (e.g. an Alink property post). */
  payload?: string;
}

export interface SelectOption {
  value: string | number;
  /** Offered only when this returns true for the draft. */
  when?: (draft: Readonly<Record<string, unknown>>) => boolean;
  /** i18n key, or a literal label (protocol names that are not translated). */
  labelKey?: string;
  label?: string;
}

/** One field of the profile editor, described so the renderer draws it without knowing the kind. */
export interface EditorField {
  path: string;
  type: 'text' | 'number' | 'select' | 'check' | 'derived' | 'clientId';
  labelKey: string;
  hintKey?: string;
  placeholder?: string;
  options?: readonly SelectOption[];
  /** Select values are numbers. */
  numeric?: boolean;
  /** Shown only when this returns true for the draft. */
  when?: (draft: Readonly<Record<string, unknown>>) => boolean;
  /** 'derived': the value shown, computed from the draft. */
  derive?: (draft: Readonly<Record<string, unknown>>) => string;
  /** 'clientId': offer the generate button. */
  generate?: boolean;
  /** A stable data-testid (default `field-<path>`). */
  testId?: string;
}

export interface KindDescriptor<P extends Profile = Profile> {
  kind: P['kind'];
  protocol: Protocol;
  /** i18n key of the kind's display name, and the English name for logs and the CLI. */
  nameKey: string;
  name: string;
  /** Every keychain slot the kind may use (the profile view lists each as set/unset). */
  secretSlots: readonly SecretSlot[];
  /** The slots the editor offers for this draft (tokens of non-token modes are hidden). */
  formSecretSlots(draft: Readonly<Record<string, unknown>>): SecretSlot[];
  /** A new profile's starting values: what the vendor documents as usual. */
  defaults(id: string, name: string): ProfileInput;
  editor: {
    server: readonly EditorField[];
    identity: readonly EditorField[];
    /** Host placeholder for the server section. */
    hostPlaceholder?: string;
    /** The kind has a Last Will section (generic MQTT only). */
    lastWill?: boolean;
    /** Hint under the AMQP idle-time-out field (a vendor's required range). */
    idleHintKey?: string;
  };
  /** What goes on CONNECT / SASL; throws AppError('missing-secret') naming the slot when one is needed. */
  connect(profile: P, ctx: CredentialContext): MqttConnectCredentials | AmqpConnectCredentials | RocketmqConnectCredentials | RocketmqHttpConnectCredentials;
  /** What will be sent, secrets masked; notes as explain parts (rendered in English for the contract's `notes`). */
  preview(profile: P, ctx: CredentialContext): Omit<CredentialPreview, 'profileKind' | 'generatedAt' | 'notes' | 'noteParts'> & { notes: ExplainPart[] };
  /** The full derived signature for reveal-on-hold; undefined when the password is a raw secret (refused). */
  revealSignature?(profile: P, secrets: SecretValues, timestamp: number): { signature: string; timestamp?: number } | undefined;
  /** Kind-specific pre-connect checks (TLS and clock checks are common). */
  checks?(profile: P, opts: CheckOptions, add: Add): void;
  /** Signs a timestamp the server checks (clock skew is then an error, not a warning). */
  signsTimestamp?: boolean;
  /** Vendor causes for refusals (see refusal-explanations). */
  refusal?: RefusalHooks;
  /** Topic helpers for device kinds. */
  topics?(profile: P): TopicHelper[];
  /** The endpoint the vendor documents for this profile's identifiers, when one can be derived. */
  endpoint?(profile: P): { host: string; port: number } | undefined;
  /** How profiles.generateClientId makes a Client ID (short-alnum: only the device part of GroupID@@@DeviceID). */
  clientIdStyle?: 'plain' | 'short-alnum';
  /** English templates of the explain codes this kind uses (refusal causes, check messages and fixes). */
  texts: Readonly<Record<string, string>>;
}
