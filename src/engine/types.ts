/** Public types of the engine. The engine never imports `vscode`. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export const CATEGORIES = [
  'biometric-import',
  'biometric-capture',
  'face-verify',
  'face-identify',
  'face-enrol',
  'emotion-inference',
  'location-once',
  'location-watch',
  'location-background',
  'location-precision',
  'location-ip',
  'retention-unbounded',
  'sensitive-data-shared',
  'consent-missing',
  'suppression-invalid',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** A position in the original file: offset is a UTF-16 index into the decoded text; line and column are 1-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text edit on the decoded file text (offsets, end exclusive). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  /** `fix` is safe to apply automatically (fix-all); `suggestion` changes behaviour and needs a human. */
  kind: 'fix' | 'suggestion';
  edits: TextEdit[];
  /** Set for a suggestion that only opens documentation (no edit). */
  docOnly?: boolean;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Evidence {
  /** The module a call or import resolves to (`global` for browser/Node globals). */
  module?: string;
  /** The resolved callee path, e.g. `navigator.geolocation.watchPosition` or `Rekognition().compareFaces`. */
  callee?: string;
  /** Steps of a data flow from source to sink, in order. */
  chain?: string[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  evidence: Evidence;
  related: RelatedLocation[];
  recommendations: string[];
  fixes: Fix[];
  suppressed: boolean;
  justification?: string;
}

export interface FileError {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  errors: FileError[];
  skipped?: SkippedFile;
}
