/**
 * Captures and support bundles arrive from customers and from support: a crafted file must not cost minutes of
 * CPU or gigabytes of memory (one 128 MiB line in a 586 KB .fscap.gz did both). Every file read is bounded by
 * these limits; a file over one is refused with the reason and the line where it was hit.
 */
export interface CaptureLimits {
  /** Longest line (one record), in characters. */
  maxLineChars: number;
  /** Most text read from one file, in bytes after decompression (the file's size for a plain file). */
  maxDecompressedBytes: number;
  /**
   * Most text per compressed byte, checked once RATIO_CHECK_AFTER_BYTES have been inflated. Real captures
   * compress about 30:1 (ordinary telemetry) to 55:1 (identical payloads, gzip -9); a gzip bomb about 1000:1.
   * So a 1 MB bomb is refused after ~100 MB of inflating, not after the size cap's gigabytes.
   */
  maxCompressionRatio: number;
}

/** Below this much text the ratio is not judged (a small file's gzip header and dictionary skew it). */
export const RATIO_CHECK_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * Defaults: one record holds one message, base64-encoded (4/3 of its payload) plus a few hundred characters of
 * fields; 16 Mi characters takes a 12 MB payload, far above what the cloud services carry (64 KB for MQ for
 * IoT, 256 KB for IoT Platform, 1 MB for IoTDA). A million-message capture of ordinary telemetry is ~250 MB of
 * text; 4 GiB takes a million messages of ~3 KB each.
 */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  maxLineChars: 16 * 1024 * 1024,
  maxDecompressedBytes: 4 * 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
};

export function captureLimits(overrides: Partial<CaptureLimits> | undefined): CaptureLimits {
  return { ...DEFAULT_CAPTURE_LIMITS, ...overrides };
}

/** 16777216 → "16 MiB", for messages. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString('en', { maximumFractionDigits: 1 })} ${units[u]}`;
}
