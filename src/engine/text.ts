import * as fs from 'fs';
import * as path from 'path';
import type { Position, Range } from './types';

/** Result of turning file bytes into text the parser can read. */
export interface DecodedText {
  text: string;
  encoding: 'utf8' | 'utf16le' | 'utf16be';
  /** True when a byte-order mark was removed; offsets are into `text` (after the BOM). */
  bom: boolean;
  /** Set when the bytes look binary; the file is skipped with this reason. */
  binaryReason?: string;
}

/** Decodes file bytes, honouring UTF-8 and UTF-16 byte-order marks and refusing binary content. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: Buffer.from(bytes.subarray(2)).toString('utf16le'), encoding: 'utf16le', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    if (swapped.length % 2 === 0) swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf16be', bom: true };
  }
  let start = 0;
  let bom = false;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    start = 3;
    bom = true;
  }
  const body = bytes.subarray(start);
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // Control bytes are ASCII and decode to themselves, and the first 8 Ki characters span at least the
  // first 8 KiB: text without a control character there cannot look binary (the byte loop is the slow path).
  if (CONTROL.test(text.length > 8192 ? text.slice(0, 8192) : text)) {
    const binaryReason = looksBinary(body);
    if (binaryReason) return { text: '', encoding: 'utf8', bom, binaryReason };
  }
  return { text, encoding: 'utf8', bom };
}

/** Reads whole files into one buffer reused from file to file (the bytes readFileSync would give, without a new buffer each time). */
export class ContentReader {
  private buf = Buffer.allocUnsafe(256 * 1024);

  /** `size` bytes as fstat gave it (fewer if the file shrank), or up to the end when `size` is 0. Valid until the next call. */
  read(fd: number, size: number): Buffer {
    if (this.buf.length < size) this.buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (size === 0 || n < size) {
      if (n === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, 0, n);
        this.buf = bigger;
      }
      const got = fs.readSync(fd, this.buf, n, (size === 0 ? this.buf.length : size) - n, null);
      if (got === 0) break;
      n += got;
    }
    return this.buf.subarray(0, n);
  }
}

const sharedReader = new ContentReader();

/**
 * A source file's text, or undefined when it is larger than `cap`, unreadable or binary (the analysis pass
 * reports why): one open, the size from the open file, one read into a reused buffer, then `decodeBytes`.
 */
export function readSourceText(abs: string, cap: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > cap) return undefined;
    const decoded = decodeBytes(sharedReader.read(fd, size));
    return decoded.binaryReason ? undefined : decoded.text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing more to do
      }
    }
  }
}

/** `path.relative(base, p)`; a plain path inside `base` (no `.` or `..` segment, no doubled or trailing `/`) is cut from it directly. */
export function relativeFrom(base: string): (p: string) => string {
  const root = path.resolve(base);
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const notPlain = /(?:^|\/)\.\.?(?:\/|$)|\/\/|^$|\/$/;
  return (p) => {
    if (path.sep === '/' && p.startsWith(prefix)) {
      const rest = p.slice(prefix.length);
      if (!notPlain.test(rest)) return rest;
    }
    return path.relative(root, p);
  };
}

/** The characters `looksBinary` counts (NUL included). */
const CONTROL = /[\x00-\x06\x0e-\x1a\x1c-\x1f]/;

/** A NUL byte or many control bytes in the first 8 KiB mark a file as binary (the heuristic git uses). */
function looksBinary(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return 'binary content (NUL byte) in a source-named file';
    if (b < 7 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (n > 0 && control / n > 0.1) return 'binary content (control bytes) in a source-named file';
  return undefined;
}

/** Maps offsets to 1-based line/column. Lines end at \n, \r\n or a lone \r, as editors count them. */
export class LineIndex {
  private startsCache?: number[];

  constructor(private readonly text: string) {}

  /** Line start offsets, computed on first use (a file without findings never needs them). */
  private get starts(): number[] {
    return (this.startsCache ??= lineStarts(this.text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { offset: o, line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** Offset just past the last character of a 1-based line (before its line break). */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] : this.text.length;
    let end = next;
    if (end > 0 && line < this.starts.length) {
      if (this.text.charCodeAt(end - 1) === 10) end--;
      if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return Math.max(end, this.starts[line - 1] ?? 0);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
