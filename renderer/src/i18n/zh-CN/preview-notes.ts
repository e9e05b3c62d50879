import type { previewNotes as en } from '../en/preview-notes';

// Simplified Chinese for the credential preview's notes: the same keys as ../en/preview-notes.ts.
export const previewNotes: Record<keyof typeof en, string> = {
  'previewNote.randomClientId': '连接时会生成随机的 Client ID。',
  'previewNote.mqTokenMode': '令牌鉴权：CONNECT 中只携带 Client ID；随后每个令牌（R、W、RW）都通过 $SYS/uploadToken 以 QoS 1 上传，在收到对应的 PUBACK 之前不会订阅或发布任何消息。',
  'previewNote.mqSignature': '密码 = Base64(HmacSHA1(SecretKey, Group ID))：每次连接都相同。',
  'previewNote.huaweiAccessCode': '密码就是接入凭证本身（不做签名）。每次连接或重连都会重新取时间戳，且必须与服务端时钟相差在 5 分钟以内。',
  'previewNote.amqpTimestamp': '每次连接或重连都会对新的时间戳重新签名。',
  'previewNote.amqpStsMissing': 'ststoken 模式需要 STS 安全令牌（securityToken）。',
  'previewNote.saslAnonymous': 'SASL ANONYMOUS：不发送用户名和密码。',
};
