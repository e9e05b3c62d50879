/** What a generated snippet needs to know about the connection: never a secret, only where to find one. */
export interface CodeConnection {
  host: string;
  port: number;
  transport: 'tcp' | 'tls' | 'ws' | 'wss';
  wsPath?: string;
  clientId?: string;
  username?: string;
  /** True when the connection authenticates with a password: the snippet reads it from PASSWORD_ENV. */
  usesPassword: boolean;
  protocolVersion: 4 | 5;
  clean?: boolean;
  keepaliveSec?: number;
  caFile?: string;
  rejectUnauthorized?: boolean;
}

export type CodeAction =
  { kind: 'publish'; topic: string; payloadBase64: string; qos: 0 | 1 | 2; retain: boolean } | { kind: 'subscribe'; filter: string; qos: 0 | 1 | 2 };

export const CODE_TARGETS = ['mosquitto', 'mqttx-cli', 'python-paho', 'node-mqttjs'] as const;
export type CodeTarget = (typeof CODE_TARGETS)[number];

export interface CodeSnippet {
  target: CodeTarget;
  /** For the editor's syntax colouring. */
  language: 'shell' | 'python' | 'javascript';
  text: string;
  /** Environment variables the snippet reads (the password is never inlined). */
  env: string[];
}

/** The one environment variable every snippet reads the password from. */
export const PASSWORD_ENV = 'FIELDSCOPE_MQTT_PASSWORD';
