/** English templates of the MQ for IoT / ApsaraMQ explain codes: refusal causes, check messages and fixes, preview notes. */
export const ALIYUN_MQ_TEXTS: Readonly<Record<string, string>> = {
  'aliyun-mq.auth':
    'MQ for IoT: in signature mode the password must be Base64(HmacSHA1(SecretKey, Group ID)) and the user name the AccessKey; ' +
    'check the SecretKey, that the AccessKey belongs to the account owning the instance, and that the Group ID exists in this instance. ' +
    'In token mode every token must be uploaded on $SYS/uploadToken (QoS 1) and acknowledged before any SUBSCRIBE or PUBLISH, and be valid for the resources used.',
  'aliyun-mq.auth.current':
    "ApsaraMQ for MQTT: the user name must be <Mode>|<AccessKeyId>|<InstanceId> with this instance's ID; in signature and device credential modes the password is " +
    'Base64(HmacSHA1(secret, Client ID)) — check the secret, the AccessKey ID (or DeviceAccessKeyId) and the instance ID. ' +
    'In token mode the password lists the tokens held (R|<token>|W|<token>) and each must be valid for the resources used.',
  'aliyun-mq.legacyOnCurrent':
    'If this is a current ApsaraMQ for MQTT instance, this looks like a legacy-mode password sent to a current instance: current instances expect the user name ' +
    'Signature|<AccessKeyId>|<InstanceId> and the whole Client ID signed. Set the instance type to "Current instance" and enter the instance ID.',
  'aliyun-mq.currentOnLegacy':
    'If this is a legacy MQ for IoT instance, this looks like a current-instance user name (<Mode>|<AccessKeyId>|<InstanceId>) sent to a legacy instance, ' +
    'which expects the bare AccessKey as the user name and the Group ID signed. Set the instance type to "Legacy instance".',
  'aliyun-mq.clientId':
    'MQ for IoT: the Client ID must be GroupID@@@DeviceID, at most 64 characters, with no invisible characters, and the Group ID must exist (GID_ plus letters and digits, 7-32 characters).',
  'aliyun-mq.unavailable':
    'MQ for IoT: the instance is not accepting connections (check the instance endpoint and region, and that the instance is not stopped or throttled).',
  'aliyun-mq.timeout': 'MQ for IoT may also drop a CONNECT whose Group ID is unknown in this instance or region.',
  'aliyun-mq.subscribe':
    'MQ for IoT checks permission at SUBSCRIBE time: the parent topic may not exist in this region or instance, ' +
    'the Group ID may belong to another account, or the token (token mode) does not grant read on this topic.',
  'aliyun-mq.publish':
    'MQ for IoT checks permission at PUBLISH time: the parent topic may not exist in this region or instance, ' +
    'the Group ID may belong to another account, the token (token mode) may not grant write on this topic, ' +
    'or the message body is over 64 KB.',
  'aliyun-mq.drop':
    'MQ for IoT drops the connection when the Group ID is unknown (create it in the console first) ' +
    'or when another connection uses the same Client ID (duplicate Client IDs kick each other).',
  'aliyun-mq.token':
    'MQ for IoT token mode: the token uploaded on $SYS/uploadToken was refused (forged, expired, revoked, or it does not cover these resources or actions). ' +
    'Apply a new token and upload it before subscribing or publishing.',
  'aliyun-mq.kicked': 'MQ for IoT: another connection with the same Client ID kicked this one; Client IDs must be globally unique.',
  'check.missing-instance-id': 'No instance ID: a current ApsaraMQ for MQTT instance needs it in the user name (<Mode>|<AccessKeyId>|<InstanceId>).',
  'check.missing-instance-id.fix':
    'Enter the instance ID from the console (Instance details), e.g. post-cn-0pp12345678 — or set the instance type to "Legacy instance" for an instance using the legacy scheme.',
  'check.mode-needs-current-instance': 'Device credential mode exists only on current ApsaraMQ for MQTT instances, but the instance type is "Legacy instance".',
  'check.mode-needs-current-instance.fix': 'Set the instance type to "Current instance" and enter the instance ID, or choose signature or token mode.',
  'check.instance-id-unused-legacy':
    'Instance ID "{instanceId}" is entered, but the legacy scheme does not send it: a current instance will refuse the legacy user name and password.',
  'check.instance-id-unused-legacy.fix':
    'If the instance shows an instance ID in the console, set the instance type to "Current instance"; otherwise clear the instance ID.',
  'check.instance-host-mismatch':
    'The endpoint {host} belongs to instance {hostInstance}, but the instance ID is {instanceId}: the instance will refuse a user name naming another instance.',
  'check.instance-host-mismatch.fix': "Use the endpoint and the instance ID of the same instance (both are on the console's Instance details page).",
  'check.instance-id-invisible-chars': 'Instance ID "{instanceId}" contains invisible characters.',
  'check.instance-id-invisible-chars.fix': 'Re-paste the instance ID without spaces.',
  'check.missing-access-key': 'No AccessKey ID is set.',
  'check.missing-access-key.fix': 'Enter the AccessKey ID of a RAM user allowed to use this instance.',
  'check.missing-device-access-key-id': 'No DeviceAccessKeyId is set for device credential mode.',
  'check.missing-device-access-key-id.fix': 'Enter the DeviceAccessKeyId the device credential was registered with (RegisterDeviceCredential).',
  'check.group-id-format': 'Group ID "{groupId}" is not valid: {why}.',
  'check.group-id-format.prefix': 'it must start with GID_',
  'check.group-id-format.length': 'it is {length} characters (7-32 allowed)',
  'check.group-id-format.chars': 'only letters and digits may follow GID_',
  'check.group-id-format.fix': 'Use the Group ID exactly as created in the console: GID_ followed by letters and digits, 7-32 characters in all.',
  'check.device-id-separator': 'The Device ID contains "@@@", the separator between Group ID and Device ID.',
  'check.device-id-separator.fix': 'Remove "@@@" from the Device ID.',
  'check.aliyun-mq.client-id-too-long': 'Client ID "{clientId}" is {length} characters; MQ for IoT allows at most {max}.',
  'check.aliyun-mq.client-id-too-long.fix': 'Shorten the Device ID by at least {excess} characters.',
  'check.aliyun-mq.client-id-invisible-chars': 'Client ID "{clientId}" contains invisible characters (spaces, tabs, zero-width or control characters).',
  'check.aliyun-mq.client-id-invisible-chars.fix': 'Retype the Group ID and Device ID without spaces or pasted invisible characters.',
  'check.aliyun-mq.access-key-invisible-chars': 'The AccessKey contains spaces or invisible characters (often from copy and paste).',
  'check.aliyun-mq.access-key-invisible-chars.fix': 'Retype or re-paste the AccessKey without surrounding spaces.',
  'check.port-transport-mismatch': 'Transport {transport} normally uses port {expected} on MQ for IoT, not {port}.',
  'check.port-transport-mismatch.fix': 'Use port {expected} for {transport} (1883 TCP, 8883 TLS, 80 WebSocket, 443 WebSocket over TLS).',
  'check.keepalive-too-long': 'Keep-alive is {keepalive} s; MQ for IoT recommends under {max} s.',
  'check.keepalive-too-long.fix': 'Set keep-alive to 60-90 s so dead connections are noticed in time.',
  'check.mqtt5-unsupported': 'MQ for IoT is an MQTT 3.1.1 gateway; an MQTT 5 CONNECT may be refused.',
  'check.mqtt5-unsupported.fix': 'Set the protocol version to MQTT 3.1.1.',
  'check.payload-too-large': 'The message body is {size} bytes; MQ for IoT drops bodies over 64 KB ({max} bytes) without telling the sender.',
  'check.payload-too-large.fix': 'Keep the body under 64 KB: compress it, split it, or send a reference to the data instead.',
  'check.qos2-persistent-session.publish': 'Publishing with QoS 2 on a persistent session: MQ for IoT does not support QoS 2 with clean session off.',
  'check.qos2-persistent-session.publish.fix': 'Use QoS 1 (offline messages need QoS 1 with clean session off).',
  'check.qos2-persistent-session.subscribe':
    'Subscription "{filter}" uses QoS 2 with a persistent session (clean session off); MQ for IoT does not support that and treats it as a clean session.',
  'check.qos2-persistent-session.subscribe.fix': 'Use QoS 1 with clean session off for offline messages, or turn clean session on.',
  'check.topic-too-long': 'Topic "{topic}" is {length} characters; MQ for IoT allows at most {max}.',
  'check.topic-too-long.subscribe.fix': 'Shorten the topic (parent topic plus sub-levels) to 64 characters or fewer.',
  'check.topic-too-long.publish.fix': 'Shorten the topic to 64 characters or fewer.',
  'check.too-many-subscriptions': '{count} subscriptions: MQ for IoT keeps at most {max} per client and silently ignores the rest.',
  'check.too-many-subscriptions.fix': 'Use at most 30 subscriptions: merge them with wildcards (parent/#) or spread them over more clients.',
  'preview.mq.legacyToken':
    'Token mode: CONNECT carries only the Client ID; each token (R, W, RW) is then uploaded on $SYS/uploadToken with QoS 1, and nothing is subscribed or published before its PUBACK.',
  'preview.mq.legacySignature': 'Password = Base64(HmacSHA1(SecretKey, Group ID)): it does not change between connects.',
  'preview.mq.currentToken':
    'Token mode (current instance): the password lists the tokens held as type|token pairs (R|<token>|W|<token>); nothing is signed. The tokens are uploaded again on $SYS/uploadToken after connecting and whenever they are renewed.',
  'preview.mq.deviceCredential': 'Password = Base64(HmacSHA1(DeviceAccessKeySecret, Client ID)): the whole Client ID is signed.',
  'preview.mq.currentSignature': 'Password = Base64(HmacSHA1(AccessKey secret, Client ID)): the whole Client ID is signed, not only the Group ID.',
};
