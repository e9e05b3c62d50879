/**
 * The protocol's own words for refusals (MQTT 3.1.1 CONNACK codes, MQTT 5 reason codes, AMQP conditions,
 * SASL outcomes, network errors) and the common English templates built from them. No vendor causes here:
 * those are in each kind's descriptor.
 */

/** MQTT 3.1.1 CONNACK return codes. */
export const CONNACK_V4: Readonly<Record<number, string>> = {
  0: 'Connection accepted',
  1: 'Refused: unacceptable protocol version (the broker does not speak this MQTT version)',
  2: 'Refused: identifier rejected (the Client ID is not allowed: too long, bad characters, or not permitted)',
  3: 'Refused: server unavailable (the MQTT service is up but not accepting connections)',
  4: 'Refused: bad user name or password',
  5: 'Refused: not authorized',
};

/** MQTT 5 reason codes (CONNACK, SUBACK, PUBACK, DISCONNECT). */
export const REASON_V5: Readonly<Record<number, string>> = {
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported protocol version',
  0x85: 'Client identifier not valid',
  0x86: 'Bad user name or password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned',
  0x8b: 'Server shutting down',
  0x8c: 'Bad authentication method',
  0x8d: 'Keep alive timeout',
  0x8e: 'Session taken over (another connection used the same Client ID)',
  0x8f: 'Topic filter invalid',
  0x90: 'Topic name invalid',
  0x91: 'Packet identifier in use',
  0x92: 'Packet identifier not found',
  0x93: 'Receive maximum exceeded',
  0x94: 'Topic alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};

/** Known AMQP 1.0 error conditions in words. */
export const AMQP_CONDITIONS: Readonly<Record<string, string>> = {
  'amqp:unauthorized-access': 'The peer refused access (authentication or authorization failed)',
  'amqp:not-found': 'The requested address does not exist on the peer',
  'amqp:resource-limit-exceeded': 'A resource limit on the peer was exceeded',
  'amqp:resource-locked': 'The resource is locked by another client',
  'amqp:resource-deleted': 'The resource was deleted while in use',
  'amqp:not-allowed': 'The peer does not allow this operation',
  'amqp:not-implemented': 'The peer does not implement this feature',
  'amqp:precondition-failed': 'A precondition of the peer was not met',
  'amqp:internal-error': 'The peer hit an internal error',
  'amqp:invalid-field': 'A field in a frame was invalid',
  'amqp:decode-error': 'The peer could not decode a frame',
  'amqp:frame-size-too-small': 'The negotiated frame size is too small',
  'amqp:illegal-state': 'The peer received a frame it did not expect in this state',
  'amqp:connection:forced': 'The peer closed the connection (forced: e.g. idle time-out, admin action or server restart)',
  'amqp:connection:framing-error': 'Framing error on the connection',
  'amqp:connection:redirect': 'The peer asked the client to connect elsewhere',
  'amqp:session:window-violation': 'Session window violated',
  'amqp:session:errant-link': 'Frame for an unknown link',
  'amqp:session:handle-in-use': 'Link handle already in use',
  'amqp:session:unattached-handle': 'Frame for an unattached link handle',
  'amqp:link:detach-forced': 'The peer detached the link (forced)',
  'amqp:link:transfer-limit-exceeded': 'The link sent more than its credit allowed',
  'amqp:link:message-size-exceeded': 'The message is larger than the link allows',
  'amqp:link:redirect': 'The link should be attached elsewhere',
  'amqp:link:stolen': 'Another link with the same name took over this one',
};

/** SASL outcome codes (AMQP 1.0 part 5.3.3.6). */
export const SASL_OUTCOMES: Readonly<Record<number, string>> = {
  0: 'SASL ok',
  1: 'SASL authentication failed (wrong user name or password)',
  2: 'SASL system error (the server could not check the credentials right now)',
  3: 'SASL system error (permanent)',
  4: 'SASL system error (temporary)',
};

export const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Nothing is listening on that host and port (check the endpoint, the port and the transport)',
  ENOTFOUND: 'The host name does not resolve (check the endpoint spelling and the region)',
  EAI_AGAIN: 'DNS lookup failed temporarily (check the network or DNS)',
  ETIMEDOUT: 'The connection timed out (a firewall may block the port, or the endpoint is wrong)',
  ECONNRESET: 'The peer reset the connection',
  EHOSTUNREACH: 'The host is unreachable from this network',
  ENETUNREACH: 'The network is unreachable',
  EPIPE: 'The peer closed the connection while data was being written',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The server certificate is self-signed: add its CA file or (for tests only) skip verification',
  SELF_SIGNED_CERT_IN_CHAIN: 'A certificate in the chain is self-signed: add the CA file',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The server certificate cannot be verified: add the CA file',
  CERT_HAS_EXPIRED: 'The server certificate has expired (or the local clock is wrong)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The certificate does not match the host name: check the endpoint or set the TLS server name',
  EPROTO: 'TLS handshake failed: the port may not speak TLS (or speaks TLS where plain TCP was chosen)',
};

/** Common English templates of the refusal words (the vendor causes are in each kind's descriptor). */
export const REFUSAL_TEXT_EN: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CONNACK_V4).map(([k, v]) => [`connack.${k}`, `${v}.`])),
  ...Object.fromEntries(Object.entries(REASON_V5).map(([k, v]) => [`reason.0x${Number(k).toString(16)}`, v])),
  'reason.unknown': 'MQTT reason code 0x{hex}',
  'reason.code': 'code 0x{hex}',
  ...Object.fromEntries(Object.entries(AMQP_CONDITIONS).map(([k, v]) => [`amqp.condition.${k}`, v])),
  'amqp.condition.unknown': 'AMQP error',
  ...Object.fromEntries(Object.entries(SASL_OUTCOMES).map(([k, v]) => [`sasl.${k}`, `${v}.`])),
  'sasl.failed': 'SASL failed: {message}.',
  ...Object.fromEntries(Object.entries(NETWORK_ERRORS).map(([k, v]) => [`net.${k}`, `${v}.`])),
  'mqtt.connectReason': '{reason}.',
  'mqtt.brokerMessage': '{message}.',
  'mqtt.noConnack': 'No CONNACK arrived in time: the port may expect another transport (TLS vs plain TCP, WebSocket path), or a firewall drops the traffic.',
  'mqtt.subscribeRefused': 'Subscription refused: {reason}.',
  'mqtt.publishRefused': 'Publish refused: {reason}.',
  'mqtt.serverDisconnected': 'Server disconnected: {reason}.',
  'mqtt.subscribeGeneric': 'The broker refused this topic filter (check its ACL for this client and the filter syntax).',
  'mqtt.publishGeneric': 'The broker refused this publish (check its ACL for this client and the topic).',
  'mqtt.sessionTakenOver': 'Another client connected with the same Client ID.',
  'mqtt.closedAfter': 'The connection closed right after {packet}.',
  'mqtt.closedAfterTokenUpload': 'The connection closed right after the token upload.',
  'mqtt.closedAfterGeneric': "The connection closed right after {packet}: the broker may have refused it (ACL) — check the broker's log.",
  'amqp.conditionLine': '{condition}: {words}{detail}.',
  'amqp.transferAfterDetach': 'A transfer arrived after the link detached (harmless race in rhea); the message will be redelivered after a reconnect.',
};
