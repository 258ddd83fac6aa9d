/**
 * The per-file time budget. Analysis is synchronous (one file at a time), so the deadline is module
 * state: analyzeText starts it, long loops call `checkBudget`, and analyzeText turns the thrown
 * `BudgetExceeded` into a skipped file with a reason. The parser itself cannot be interrupted.
 */
/** Per-file budget of analyzeText and of the summary pass of a scan, in milliseconds. */
export const DEFAULT_TIME_BUDGET_MS = 15000;

export class BudgetExceeded extends Error {}

let deadline = Infinity;

/** Starts the budget of one file; 0 or less means no budget. */
export function startBudget(ms: number): void {
  deadline = ms > 0 ? Date.now() + ms : Infinity;
}

export function endBudget(): void {
  deadline = Infinity;
}

/** Throws `BudgetExceeded` once the current file's budget is spent; a no-op outside analyzeText. */
export function checkBudget(): void {
  if (deadline !== Infinity && Date.now() > deadline) throw new BudgetExceeded();
}
