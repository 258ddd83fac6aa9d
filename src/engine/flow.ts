import type { ParsedFile } from './parse';
import type { FileModel } from './resolve';
import type { CompiledMatcher, Hit } from './match';
import type { RuleSet } from './rules';

/** Everything the data-flow analysis gets for one file. */
export interface FlowContext {
  file: string;
  text: string;
  parsed: ParsedFile;
  model: FileModel;
  ruleSet: RuleSet;
}

/**
 * Runs the flow matchers of a file and returns the hits of each. Placeholder until the taint
 * analysis lands (issue "Location, data flow and retention rules"): no flow matcher reports yet.
 */
export function runFlowMatchers(_ctx: FlowContext, matchers: CompiledMatcher[]): Map<CompiledMatcher, Hit[]> {
  return new Map(matchers.map((m) => [m, []]));
}
