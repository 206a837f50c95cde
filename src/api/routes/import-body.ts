// An uploaded file's bytes as text: UTF-8 or refused, with the line of the first bad byte (a
// newline byte never occurs inside a multi-byte UTF-8 character, so lines can be checked apart).
import { isUtf8 } from 'node:buffer';

export type DecodedFile = { ok: true; text: string } | { ok: false; line: number };

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8File(bytes: Uint8Array): DecodedFile {
  if (isUtf8(bytes)) return { ok: true, text: decoder.decode(bytes) };
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) return { ok: false, line };
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return { ok: false, line };
}
