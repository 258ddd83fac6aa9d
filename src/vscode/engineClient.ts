import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Handlers } from './engineWorker';
import { log } from './logging';

type Method = keyof Handlers;
type Result<M extends Method> = ReturnType<Handlers[M]>;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Worker bootstrap: runs the engine bundle through vm.Script with V8's code cache, which cuts the
 * bundle's compile time and the parser's first-use compilation (about 720 → 280 ms of CPU to the
 * first diagnostics on this project's 2-core test machine). Without a usable cache it still works,
 * only slower; the cache is written after the first analysis.
 */
const BOOTSTRAP = `
const __pbdT0 = performance.timeOrigin + performance.now();
const { workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const { file, cacheFile } = workerData;
let cachedData;
try { if (cacheFile) cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const fresh = !cachedData || script.cachedDataRejected;
globalThis.__pbdCodeCacheState = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
globalThis.__pbdBoot = { started: __pbdT0, compiled: performance.timeOrigin + performance.now() };
globalThis.__pbdSaveCodeCache = () => {
  if (!fresh || !cacheFile) return 0;
  const data = script.createCachedData();
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  fs.writeFileSync(cacheFile + '.tmp', data);
  fs.renameSync(cacheFile + '.tmp', cacheFile);
  return data.length;
};
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
globalThis.__pbdBoot.ran = performance.timeOrigin + performance.now();
`;

/** Where an engine worker's start went, in ms: thread start-up, compiling the bundle, running it, rules and parser warm-up. */
export interface EngineStartSteps {
  thread: number;
  compile: number;
  run: number;
  warmUp: number;
  /** CPU time of the worker thread from its start to the end of the warm-up, and of the warm-up alone (Linux only). */
  cpu?: number;
  warmUpCpu?: number;
}

/** A request that runs longer than this is abandoned and the worker restarted (a pathological file must not wedge the editor). */
const REQUEST_TIMEOUT_MS = 60000;
/** The summary pass of a scan reads the whole workspace at once: it gets longer. */
const LONG_REQUEST_TIMEOUT_MS: Partial<Record<Method, number>> = { scanBegin: 15 * 60000 };

/**
 * Talks to the engine worker (engineWorker.ts). The worker starts on the first request; if it
 * crashes or hangs, pending requests fail with a clear error and the next request starts a new one.
 */
export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Time from starting the worker to the parser being ready. */
  startMs: number | undefined;
  /** Whether the worker's bundle was compiled from V8's code cache: none (no cache file yet), accepted, rejected. */
  codeCache: string | undefined;
  /** The parts of the last start, in ms. */
  startSteps: EngineStartSteps | undefined;

  /** @param cacheDir where V8's code cache of the engine bundle is kept (the extension's global storage). */
  constructor(
    private readonly dir: string,
    private readonly cacheDir?: string,
  ) {}

  private cacheFile(file: string): string | undefined {
    if (!this.cacheDir) return undefined;
    try {
      const st = fs.statSync(file);
      return path.join(this.cacheDir, `engineWorker-${st.size}-${Math.round(st.mtimeMs)}-${process.versions.v8}.cache`);
    } catch {
      return undefined;
    }
  }

  get started(): boolean {
    return this.worker !== undefined;
  }

  private start(): Worker {
    const t = performance.now();
    const wall = performance.timeOrigin + t;
    const file = path.join(this.dir, 'engineWorker.js');
    const w = new Worker(BOOTSTRAP, { eval: true, workerData: { file, cacheFile: this.cacheFile(file) } });
    w.unref(); // never keeps the extension host alive on shutdown
    w.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
    w.on('error', (e) => {
      log().error(`engine worker failed: ${e.stack ?? e.message}`);
      this.reset(w, `engine worker failed: ${e.message}`);
    });
    w.on('exit', (code) => {
      if (this.worker === w) {
        log().warn(`engine worker exited with code ${code}`);
        this.reset(w, `engine worker exited with code ${code}`);
      }
    });
    this.worker = w;
    this.send('warmUp', [this.cacheDir]).then(
      (r) => {
        this.startMs = performance.now() - t;
        this.codeCache = r.codeCache;
        const b = r.boot;
        // Where the start went: thread start-up, compiling the bundle, running it, then the rules and parser warm-up.
        const steps = (this.startSteps = b ? { thread: b.started - wall, compile: b.compiled - b.started, run: b.ran - b.compiled, warmUp: r.ms, cpu: r.cpuMs, warmUpCpu: r.warmUpCpuMs } : undefined);
        const parts = steps ? `thread ${steps.thread.toFixed(0)} ms, compile ${steps.compile.toFixed(0)} ms, run ${steps.run.toFixed(0)} ms, ` : '';
        const cpu = r.cpuMs !== undefined ? `; the worker thread used ${r.cpuMs} ms of CPU, ${r.warmUpCpuMs ?? '?'} ms of it in the warm-up` : '';
        log().info(`engine worker ready in ${this.startMs.toFixed(0)} ms (${parts}parser warm-up ${r.ms.toFixed(0)} ms, code cache ${r.codeCache})${cpu}`);
      },
      () => undefined,
    );
    return w;
  }

  private reset(w: Worker, reason: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      this.pending.delete(id);
    }
    void w.terminate().catch(() => undefined);
  }

  /** Calls a worker method; resolves with its result. */
  send<M extends Method>(method: M, args: Parameters<Handlers[M]>): Promise<Result<M>> {
    const w = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const limit = LONG_REQUEST_TIMEOUT_MS[method] ?? REQUEST_TIMEOUT_MS;
      const timer = setTimeout(() => {
        log().error(`engine request ${method} took more than ${limit / 1000} s; restarting the engine worker`);
        this.reset(w, `${method} timed out`);
      }, limit);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      w.postMessage({ id, method, args });
    });
  }

  dispose(): void {
    if (this.worker) this.reset(this.worker, 'engine stopped');
    this.startMs = undefined;
    this.codeCache = undefined;
    this.startSteps = undefined;
  }
}
