import * as vscode from 'vscode';

/** The extension's log (Output › Privacy by Design). Errors from every provider and command end up here. */
let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Privacy by Design', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel {
  return channel ?? createLog();
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e);
}

/** Runs a provider body; an exception is logged and `fallback` returned, so the editor never sees it. */
export function guard<T>(what: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    log().error(`${what} failed: ${describeError(e)}`);
    return fallback;
  }
}

/** Wraps a command handler: errors (sync or async) are logged and shown once, never an unhandled rejection. */
export function command<A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      log().error(`command ${name} failed: ${describeError(e)}`);
      void vscode.window.showErrorMessage(`Privacy by Design: ${name} failed: ${e instanceof Error ? e.message : String(e)}. See Output › Privacy by Design.`);
      return undefined;
    }
  };
}

/** Starts a promise without awaiting it, logging a rejection instead of leaving it unhandled. */
export function background(what: string, p: Thenable<unknown> | Promise<unknown>): void {
  Promise.resolve(p).catch((e) => log().error(`${what} failed: ${describeError(e)}`));
}
