import type { CodeAction, CodeConnection, CodeSnippet, CodeTarget } from './code-target';
import { mosquittoCommand } from './mosquitto-command';
import { mqttxCliCommand } from './mqttx-cli-command';
import { nodeMqttjsSnippet } from './node-mqttjs-snippet';
import { pythonPahoSnippet } from './python-paho-snippet';

const GENERATORS: Record<CodeTarget, (conn: CodeConnection, action: CodeAction) => CodeSnippet> = {
  mosquitto: mosquittoCommand,
  'mqttx-cli': mqttxCliCommand,
  'python-paho': pythonPahoSnippet,
  'node-mqttjs': nodeMqttjsSnippet,
};

/** A message to publish again, or a subscription, as a command or program for another tool. */
export function copyAsCode(target: CodeTarget, conn: CodeConnection, action: CodeAction): CodeSnippet {
  return GENERATORS[target](conn, action);
}
