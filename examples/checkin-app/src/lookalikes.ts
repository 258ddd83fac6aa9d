// Code that mentions faces, comparison, verification or fingerprints but processes no personal data.
import * as crypto from 'crypto';
import jwt from 'jsonwebtoken';

interface Card {
  rank: number;
  suit: string;
}

/** Sorts playing cards so that face cards come last. */
export function compareFaces(a: Card, b: Card): number {
  return a.rank - b.rank;
}

export function verifySession(token: string, secret: string): unknown {
  return jwt.verify(token, secret);
}

export const fontCss = '@font-face { font-family: "Inter"; src: url(inter.woff2); }';

export function buildFingerprint(files: string[]): string {
  return crypto.createHash('sha256').update(files.join('\n')).digest('hex');
}

export function redirectHome(): void {
  window.location.assign('/');
}
