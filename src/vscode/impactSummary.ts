/**
 * Builds a Markdown draft of a data-protection / human-rights impact assessment from workspace
 * findings. Pure (no `vscode` import): the command in extension.ts gathers the findings, calls
 * `buildImpactSummary` and opens the result in an editor.
 */
import type { Finding, SkippedFile } from '../engine/types';
import { familyOf, whyItMatters, type Family } from './describe';

export interface SummaryRecommendation {
  id: string;
  title: string;
  summary?: string;
  citation?: string;
}

export interface ImpactSummaryInput {
  workspaceName: string;
  /** ISO date of the draft. */
  date: string;
  filesScanned: number;
  /** Every finding of the scan, suppressed ones included; `file` is a workspace-relative path. */
  findings: Finding[];
  skipped: SkippedFile[];
  rules: ReadonlyMap<string, { title: string }>;
  recommendations: ReadonlyMap<string, SummaryRecommendation>;
}

export const REPORT_CITATION = 'Amnesty International, *The Digital Border: Migration, Technology & Inequality*, POL 40/7772/2024';

/** The section headings, in order (the in-editor test checks them). */
export const SUMMARY_SECTIONS = [
  '## 1. Scope and method',
  '## 2. Personal data processed',
  '## 3. Storage and retention',
  '## 4. Third parties',
  '## 5. Suppressed findings and their justifications',
  '## 6. Questions to answer before deployment',
  '## 7. Recommendations referenced',
] as const;

/** Modules that send what they process to a vendor's servers (a third party), as opposed to on-device libraries. */
const THIRD_PARTY_MODULE = /^(aws-sdk$|@aws-sdk\/|@azure\/|@azure-rest\/|@google-cloud\/|faceio$|onfido-sdk-ui$|@onfido\/|@sumsub\/|persona$|persona-react$|@veriff\/|@jumio\/|firebase$|@firebase\/|@mapbox\/|mapbox-gl$|@googlemaps\/|@react-native-firebase\/)/;

const AREA_QUESTIONS: Array<{ title: string; families: Family[] | 'all'; recommendation: string; questions: Record<string, string[]> }> = [
  {
    title: 'Necessity and proportionality',
    families: 'all',
    recommendation: 'necessity-proportionality',
    questions: {
      biometric: [
        'What legitimate aim does processing faces serve here, and why would a non-biometric method (a document check, a PIN, a human review) not be enough?',
        'If faces are compared, is it one-to-one verification against a claimed identity rather than a search of a gallery (one-to-many identification)?',
      ],
      location: [
        'Would a single position, a city-level area or a user-entered address serve the purpose instead of precise or continuous tracking?',
        'For how long, and how often, is the position really needed?',
      ],
      other: ['Is each kind of personal data found here needed for the stated purpose, and is the least intrusive option used?'],
    },
  },
  {
    title: 'Consent and information',
    families: 'all',
    recommendation: 'consent',
    questions: {
      biometric: [
        'Is the person told, before capture, that their face is processed, by whom and why, and can they refuse without losing access to the service?',
        'Can the person withdraw consent later, and does withdrawal delete the templates and images?',
      ],
      location: ['Is the person told when tracking starts and stops, and can they switch it off at any time?'],
      other: ['Can the person find out what is collected about them and object to it?'],
    },
  },
  {
    title: 'Data minimisation and security',
    families: 'all',
    recommendation: 'data-minimization-security',
    questions: {
      biometric: ['Are raw images discarded once a template or a yes/no result exists? Are attributes (age, gender, emotion) switched off?'],
      location: ['Are coordinates coarsened to the precision the purpose needs before they are stored or sent?'],
      other: ['Is the data encrypted in transit and at rest, and is access limited to the people who need it?'],
    },
  },
  {
    title: 'Retention limits',
    families: 'all',
    recommendation: 'safeguards-against-abuse',
    questions: {
      biometric: ['When are face images, templates and collections deleted, and what deletes them (code, not a policy document)?'],
      location: ['When is the location history deleted, and can it be reused for a purpose other than the one it was collected for?'],
      other: ['Does every store of personal data have an expiry, and is deletion tested?'],
    },
  },
  {
    title: 'Remedy',
    families: 'all',
    recommendation: 'effective-remedy',
    questions: {
      biometric: ['If a face match or an inference is wrong, how does the person learn about it, and who reviews and corrects the decision?'],
      location: ['Can a person see the location history held about them and have it corrected or deleted?'],
      other: ['Are decisions and their inputs logged so that a person harmed by them can obtain an explanation and redress?'],
    },
  },
];

function loc(f: Finding): string {
  return `\`${f.file}:${f.range.start.line}\``;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The impact-assessment draft as Markdown. */
export function buildImpactSummary(input: ImpactSummaryInput): string {
  const active = input.findings.filter((f) => !f.suppressed);
  const suppressed = input.findings.filter((f) => f.suppressed);
  const byFamily = (fam: Family) => active.filter((f) => familyOf(f.category) === fam);
  const title = (id: string) => input.rules.get(id)?.title ?? id;
  const families = new Set(active.map((f) => familyOf(f.category)));
  const out: string[] = [];

  out.push(`# Privacy and human-rights impact assessment (draft): ${input.workspaceName}`, '');
  out.push(
    `> Generated on ${input.date} by Privacy by Design Review from a static scan of the source code. It lists what the code shows and the questions to answer; it is not a finished assessment. ` +
      `Fill in the answers, involve the people affected, and revisit it whenever the system changes. Recommendations are those of ${REPORT_CITATION}, Conclusion and Recommendations.`,
    '',
  );

  out.push(SUMMARY_SECTIONS[0], '');
  out.push(`- Files analysed: ${input.filesScanned}`);
  out.push(`- Findings: ${active.length} open, ${suppressed.length} suppressed`);
  const famCounts = [...families].sort().map((fam) => `${fam} ${byFamily(fam).length}`);
  if (famCounts.length) out.push(`- By area: ${famCounts.join(', ')}`);
  out.push(`- Files skipped: ${input.skipped.length}${input.skipped.length ? '' : ' (none)'}`);
  for (const s of input.skipped.slice(0, 20)) out.push(`  - \`${s.file}\`: ${s.reason}`);
  if (input.skipped.length > 20) out.push(`  - … and ${input.skipped.length - 20} more`);
  out.push('', 'Static analysis finds the code paths the rules know about. Data handled by servers, configuration or other repositories is not covered and must be added by hand.', '');

  out.push(SUMMARY_SECTIONS[1], '');
  const dataTable = (fam: Family, heading: string, none: string) => {
    out.push(`### ${heading}`, '');
    const list = byFamily(fam);
    if (!list.length) {
      out.push(none, '');
      return;
    }
    out.push(`Why it matters: ${whyItMatters(list[0].category)}`, '');
    out.push('| Where | What | Rule |', '| --- | --- | --- |');
    for (const f of list) out.push(`| ${loc(f)} | ${cell(f.message)} | ${cell(title(f.ruleId))} (\`${f.ruleId}\`) |`);
    out.push('');
  };
  dataTable('biometric', 'Biometric data (faces, face templates, inferred emotions or attributes)', 'No biometric processing was found by the rules.');
  dataTable('location', 'Location data', 'No location processing was found by the rules.');
  const others = active.filter((f) => !['biometric', 'location', 'retention', 'sharing', 'suppression'].includes(familyOf(f.category)));
  if (others.length) {
    out.push('### Other findings', '');
    for (const f of others) out.push(`- ${loc(f)}: ${f.message} (\`${f.ruleId}\`)`);
    out.push('');
  }

  out.push(SUMMARY_SECTIONS[2], '');
  const retention = byFamily('retention');
  if (retention.length) {
    out.push('Stores that keep personal data without an end date:', '');
    for (const f of retention) out.push(`- ${loc(f)}: ${f.message}${f.evidence.callee ? ` (store: \`${f.evidence.callee}\`)` : ''}`);
  } else out.push('No store without an expiry was found by the rules. For each place that keeps biometric or location data, record where it is kept and when it is deleted.');
  out.push('', '| Store | Data kept | Retention period | What deletes it |', '| --- | --- | --- | --- |', '| _to fill in_ | | | |', '');

  out.push(SUMMARY_SECTIONS[3], '');
  const sharing = byFamily('sharing');
  const vendors = new Map<string, Finding[]>();
  for (const f of active) {
    const m = f.evidence.module;
    if (m && THIRD_PARTY_MODULE.test(m)) vendors.set(m, [...(vendors.get(m) ?? []), f]);
  }
  if (!sharing.length && !vendors.size) out.push('No transfer to a third party was found by the rules. List any service (cloud API, analytics, identity vendor) that receives the data.');
  for (const [m, list] of [...vendors].sort()) out.push(`- \`${m}\` (a vendor service that receives the data it processes): ${list.map(loc).join(', ')}`);
  for (const f of sharing) out.push(`- ${loc(f)}: ${f.message}`);
  out.push('', 'For each recipient: the legal basis, the contract or data-processing agreement, where the data is stored, and the vendor\'s own human-rights due diligence (recommendation `vendor-due-diligence`).', '');

  out.push(SUMMARY_SECTIONS[4], '');
  if (!suppressed.length) out.push('No finding is suppressed.');
  else {
    out.push('| Where | Rule | Justification given |', '| --- | --- | --- |');
    for (const f of suppressed) out.push(`| ${loc(f)} | \`${f.ruleId}\` | ${cell(f.justification ?? '(none)')} |`);
    out.push('', 'Review each justification: does it explain why the processing is necessary and what protects the person?');
  }
  const invalid = byFamily('suppression');
  if (invalid.length) {
    out.push('', `${invalid.length} suppression comment(s) are invalid or unused and suppress nothing:`, '');
    for (const f of invalid) out.push(`- ${loc(f)}: ${f.message}`);
  }
  out.push('');

  out.push(SUMMARY_SECTIONS[5], '');
  out.push('Answer each question in writing before the system is deployed; the recommendation it comes from is named after the heading.', '');
  const areas: Array<'biometric' | 'location' | 'other'> = [];
  if (families.has('biometric')) areas.push('biometric');
  if (families.has('location')) areas.push('location');
  if (!areas.length) areas.push('other');
  for (const q of AREA_QUESTIONS) {
    const rec = input.recommendations.get(q.recommendation);
    out.push(`### ${q.title} (\`${q.recommendation}\`${rec ? `: ${rec.title}` : ''})`, '');
    for (const area of areas) for (const line of q.questions[area] ?? []) out.push(`- [ ] ${line}`);
    for (const line of areas.includes('other') ? [] : q.questions.other ?? []) out.push(`- [ ] ${line}`);
    out.push('');
  }

  out.push(SUMMARY_SECTIONS[6], '');
  const recCount = new Map<string, number>();
  for (const f of active) for (const r of f.recommendations) recCount.set(r, (recCount.get(r) ?? 0) + 1);
  const ids = [...new Set([...recCount.keys(), ...AREA_QUESTIONS.map((q) => q.recommendation)])];
  for (const id of ids) {
    const r = input.recommendations.get(id);
    const n = recCount.get(id) ?? 0;
    out.push(`- **${r?.title ?? id}** (\`${id}\`), ${n} finding${n === 1 ? '' : 's'}.${r?.summary ? ` ${r.summary}` : ''}`);
  }
  out.push('', `Source: ${REPORT_CITATION}, Conclusion and Recommendations.`, '');
  return out.join('\n');
}
