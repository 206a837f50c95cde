// CRC-32 (IEEE 802.3, the zlib/PNG one: reflected polynomial 0xEDB88320) of a byte string, as
// PayPal puts it into the signed message of a webhook. Node 20 has no zlib.crc32 (added in 22).
// Pure.

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of the bytes as an unsigned 32-bit integer (0 … 4294967295). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
