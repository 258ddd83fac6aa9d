/**
 * Script extraction for .vue, .svelte and .html files. The result has the same length as the
 * original text: everything outside <script> bodies is blanked to spaces (line breaks kept), so
 * parser offsets are offsets in the original file and positions need no mapping.
 */
export interface ScriptSource {
  /** The URL or path in `<script src="…">`. */
  src: string;
  /** Offsets of the attribute value in the original text. */
  start: number;
  end: number;
}

export interface ExtractedScripts {
  code: string;
  /** True when any block is TypeScript (`lang="ts"`). */
  typescript: boolean;
  srcs: ScriptSource[];
  /** True when at least one script body was found. */
  hasScript: boolean;
}

const SCRIPT_OPEN = /<script\b([^>]*)>/gi;
const NON_JS_TYPES = /^(text\/(template|html|x-template|x-handlebars-template|markdown|plain)|application\/(ld\+json|json)|importmap|speculationrules)$/i;

export function extractScripts(text: string): ExtractedScripts {
  const out: string[] = [];
  let cursor = 0;
  let typescript = false;
  let hasScript = false;
  const srcs: ScriptSource[] = [];
  SCRIPT_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCRIPT_OPEN.exec(text))) {
    const attrs = m[1];
    const openEnd = m.index + m[0].length;
    const close = text.toLowerCase().indexOf('</script', openEnd);
    const bodyEnd = close < 0 ? text.length : close;
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    if (src) {
      const value = src[1] ?? src[2] ?? src[3] ?? '';
      const valueStart = m.index + '<script'.length + src.index + src[0].indexOf(value);
      srcs.push({ src: value, start: valueStart, end: valueStart + value.length });
    }
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
    const lang = /\blang\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
    if (lang && /^(ts|tsx|typescript)$/i.test(lang)) typescript = true;
    const isJs = !type || !NON_JS_TYPES.test(type);
    if (isJs && !attrs.trimEnd().endsWith('/')) {
      out.push(blank(text.slice(cursor, openEnd)));
      out.push(text.slice(openEnd, bodyEnd));
      cursor = bodyEnd;
      hasScript = true;
    }
    SCRIPT_OPEN.lastIndex = bodyEnd;
  }
  out.push(blank(text.slice(cursor)));
  return { code: out.join(''), typescript, srcs, hasScript };
}

/**
 * Replaces every character but line breaks with a space, keeping the length. The first blanked
 * character becomes `;` so that two blocks on one line do not run into each other.
 */
function blank(s: string): string {
  let first = true;
  return s.replace(/[^\r\n]/g, () => {
    if (first) {
      first = false;
      return ';';
    }
    return ' ';
  });
}
