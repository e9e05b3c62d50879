import { generate } from 'selfsigned';

export interface TlsMaterial {
  /** PEM of the sandbox CA: clients trust this (written to the data dir as a file for profiles). */
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * A throw-away CA and a server certificate for localhost/127.0.0.1 signed by it, made with node crypto via
 * `selfsigned` (no openssl at run time). Clients verify the server against the CA instead of turning
 * verification off.
 */
export async function makeTlsMaterial(): Promise<TlsMaterial> {
  const now = new Date(Date.now() - 24 * 3600_000);
  const later = new Date(Date.now() + 365 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'Fieldscope local sandbox CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: later,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: later,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
