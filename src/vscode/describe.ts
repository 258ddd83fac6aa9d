/**
 * Plain-language text about findings, shared by the hover, the findings view and the impact summary.
 * Pure (no `vscode` import), so it is unit-tested outside the editor.
 */
import type { Category, Finding } from '../engine/types';

export type Family = 'biometric' | 'location' | 'retention' | 'sharing' | 'consent' | 'suppression' | 'other';

/** The area of personal data a category belongs to. */
export function familyOf(category: Category | string): Family {
  if (category === 'biometric-import' || category === 'biometric-capture' || category.startsWith('face-') || category === 'emotion-inference') return 'biometric';
  if (category.startsWith('location-')) return 'location';
  if (category === 'retention-unbounded') return 'retention';
  if (category === 'sensitive-data-shared') return 'sharing';
  if (category === 'consent-missing') return 'consent';
  if (category === 'suppression-invalid') return 'suppression';
  return 'other';
}

export const FAMILY_LABELS: Record<Family, string> = {
  biometric: 'biometric (faces, emotions)',
  location: 'location',
  retention: 'retention',
  sharing: 'sharing with third parties',
  consent: 'consent',
  suppression: 'suppressions',
  other: 'other',
};

/** Why a category matters to the person whose data it is, in plain words. */
export function whyItMatters(category: Category | string): string {
  switch (category) {
    case 'biometric-import':
    case 'biometric-capture':
      return 'A face is a permanent identifier: a person cannot change it if the data leaks or is reused, and may not be able to refuse the capture.';
    case 'face-verify':
      return 'Comparing a face with a claimed identity decides whether a person is believed; an error falls on them and they need a way to contest it.';
    case 'face-identify':
      return 'Searching a face against a gallery can put a name on anyone who walks past, including people who never agreed to be enrolled.';
    case 'face-enrol':
      return 'Enrolling a face builds a lasting gallery that can later be searched for purposes the person never agreed to.';
    case 'emotion-inference':
      return 'Guessing feelings, age or gender from a face has no sound scientific basis, and the guess can be used to judge the person.';
    case 'location-watch':
    case 'location-background':
      return 'Continuous location is a record of where a person lives, works, prays and whom they meet.';
    case 'location-once':
    case 'location-precision':
    case 'location-ip':
      return 'A precise position reveals where a person is, and repeated positions reveal their movements.';
    case 'retention-unbounded':
      return 'Data kept without an end date can be reused later against the person it describes, long after the original purpose is over.';
    case 'sensitive-data-shared':
      return 'Once sensitive data leaves the device, the person loses control over who sees it and what it is combined with.';
    case 'consent-missing':
      return 'The person is not asked, so they cannot refuse, withdraw or contest the processing.';
    case 'suppression-invalid':
      return 'A silenced finding without a recorded reason cannot be reviewed or challenged later.';
    default:
      return 'This code processes personal data; check that it is needed and that the person knows about it.';
  }
}

export interface RecommendationInfo {
  id: string;
  title: string;
  citation?: string;
}

export interface HoverInput {
  finding: Finding;
  ruleTitle: string;
  recommendations: ReadonlyMap<string, RecommendationInfo>;
  /** A link target (command: URI) that opens the rule documentation. */
  docLink: string;
  /** Renders a related location as `file:line` text. */
  where?: (file: string, line: number) => string;
}

/** Escapes Markdown punctuation in text that comes from code or rule data. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+|<>]/g, (c) => '\\' + c);
}

/** What the matched code does, from the evidence (the diagnostic message itself is already in the hover). */
export function whatItDoes(f: Finding): string {
  const mod = f.evidence.module && f.evidence.module !== 'global' ? f.evidence.module : undefined;
  if (f.evidence.callee) return `It calls \`${f.evidence.callee}\`${mod ? ` from \`${mod}\`` : ''}.`;
  if (mod) return `It loads \`${mod}\`.`;
  return escapeMarkdown(f.message);
}

/** The hover for one finding: what the code does, why it matters, the recommendations it serves, the evidence chain. */
export function hoverMarkdown(input: HoverInput): string {
  const { finding: f, ruleTitle, recommendations, docLink } = input;
  const where = input.where ?? ((file: string, line: number) => `${file}:${line}`);
  const out: string[] = [];
  out.push(`**${escapeMarkdown(ruleTitle)}** · [${f.ruleId}](${docLink})`, '');
  out.push(`**What the code does.** ${whatItDoes(f)}`, '');
  out.push(`**Why it matters to the person.** ${whyItMatters(f.category)}`, '');
  if (f.recommendations.length) {
    const recs = f.recommendations.map((id) => `${escapeMarkdown(recommendations.get(id)?.title ?? id)} (\`${id}\`)`);
    out.push(`**Serves the recommendations** ${recs.join('; ')} (Amnesty International, *The Digital Border*, POL 40/7772/2024).`, '');
  }
  const evidence: string[] = [];
  for (const step of f.evidence.chain ?? []) evidence.push(escapeMarkdown(step));
  for (const r of f.related) evidence.push(`${escapeMarkdown(r.message)} (${escapeMarkdown(where(r.file, r.range.start.line))})`);
  if (evidence.length) out.push(`**Evidence.** ${evidence.join(' → ')}`, '');
  return out.join('\n').trimEnd();
}
