/**
 * Preloaded with `node --require out/test/reliability/netTrap.js`: every network entry point of Node
 * throws and is recorded in $PBD_NET_TRAP_LOG, one line per attempt. The first line, `installed`, proves
 * the trap was active, so a run that never loaded it cannot pass as "nothing touched".
 */
import * as fs from 'fs';

const log = process.env.PBD_NET_TRAP_LOG;

function record(what: string): never {
  if (log) fs.appendFileSync(log, `touched ${what}\n`);
  throw new Error(`network access blocked by the test trap: ${what}`);
}

function trap(mod: Record<string, unknown>, modName: string, names: string[]): void {
  for (const n of names) {
    if (typeof mod[n] !== 'function') continue;
    try {
      Object.defineProperty(mod, n, { value: () => record(`${modName}.${n}`), writable: true, configurable: true });
    } catch {
      if (log) fs.appendFileSync(log, `untrappable ${modName}.${n}\n`);
    }
  }
}

/* eslint-disable @typescript-eslint/no-require-imports */
const net = require('net');
const tls = require('tls');
const dns = require('dns');
const http = require('http');
const https = require('https');
const http2 = require('http2');
const dgram = require('dgram');

trap(net, 'net', ['connect', 'createConnection', 'createServer']);
net.Socket.prototype.connect = function connect() {
  return record('net.Socket.connect');
};
trap(tls, 'tls', ['connect', 'createServer']);
trap(dns, 'dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']);
trap(dns.promises, 'dns.promises', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']);
dns.Resolver.prototype.resolve = dns.Resolver.prototype.resolve4 = dns.Resolver.prototype.resolve6 = function resolve() {
  return record('dns.Resolver');
};
trap(http, 'http', ['request', 'get', 'createServer']);
trap(https, 'https', ['request', 'get', 'createServer']);
trap(http2, 'http2', ['connect', 'createServer', 'createSecureServer']);
trap(dgram, 'dgram', ['createSocket']);
const g = globalThis as Record<string, unknown>;
for (const name of ['fetch', 'WebSocket', 'EventSource']) {
  if (name in g) g[name] = () => record(name);
}
if (log) fs.appendFileSync(log, 'installed\n');
