/**
 * The depth checksum of the client protocol: CRC32 (the zlib polynomial, unsigned 32-bit) of the UTF-8 string
 * made of the bid levels as sent, `price:size` best first joined by `|`, then `#`, then the ask levels the same
 * way, with the numbers exactly as they appear in the message (`65000.10:0.50000000|65000.00:1.00000000#65000.20:1.2`).
 * An empty book is `#`. This only works on the exact number texts, which {@link parseExact} keeps.
 */
import type { Level } from './messages.js';

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();

/** CRC32 of the UTF-8 bytes of `text`, as an unsigned 32-bit number. */
export function crc32(text: string): number {
  const bytes = encoder.encode(text);
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The string the checksum is computed over. */
export function checksumText(bids: readonly Level[], asks: readonly Level[]): string {
  const side = (levels: readonly Level[]) => levels.map(([price, size]) => `${price}:${size}`).join('|');
  return `${side(bids)}#${side(asks)}`;
}

/** The checksum a depth message with these levels must carry. */
export function depthChecksum(bids: readonly Level[], asks: readonly Level[]): number {
  return crc32(checksumText(bids, asks));
}
