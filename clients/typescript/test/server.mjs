// Starts the real tickplant jar (its embedded default: simulators, ingest, normalizer, gateway) on loopback for the
// tests: free ports picked by the server (port 0) and read back from its "ready" log line, bounded waits, and a
// stop that always ends the process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const JAR = process.env.TICKPLANT_JAR ?? resolve(here, '../../../deploy/target/tickplant.jar');
export const API_KEY = 'client-test-key';
const READY = /node \S+ ready roles=.*? gatewayPort=(\d+) managementPort=(\d+)/;
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export class TickplantServer {
  /** The gateway port; kept across restarts so a client can reconnect to the same URL. */
  port = 0;
  #dir = mkdtempSync(join(tmpdir(), 'tickplant-client-test-'));
  #child = undefined;
  #exited = undefined;
  log = [];

  get url() {
    return `ws://127.0.0.1:${this.port}/`;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    const conf = join(this.#dir, 'tickplant.json');
    writeFileSync(conf, JSON.stringify({
      gateway: { host: '127.0.0.1', port: this.port, apiKeys: [API_KEY] },
      management: { host: '127.0.0.1', port: 0 },
    }));
    const env = { ...process.env };
    delete env.TICKPLANT_API_KEYS;
    const child = spawn('java', ['-jar', JAR, '-conf', conf], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
    const ready = new Promise((resolveReady, rejectReady) => {
      const timer = setTimeout(() => rejectReady(new Error(`server not ready within ${READY_TIMEOUT_MS} ms:\n`
          + this.log.slice(-20).join('\n'))), READY_TIMEOUT_MS);
      let buffered = '';
      const onData = (chunk) => {
        buffered += chunk.toString();
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          this.log.push(line);
          if (this.log.length > 500) {
            this.log.shift();
          }
          const m = READY.exec(line);
          if (m) {
            clearTimeout(timer);
            this.port = Number(m[1]);
            resolveReady();
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      this.#exited.then(({ code, signal }) => {
        clearTimeout(timer);
        rejectReady(new Error(`server exited (${code ?? signal}) before it was ready:\n`
            + this.log.slice(-20).join('\n')));
      });
    });
    await ready;
    return this;
  }

  /** SIGKILL: the connections drop without a close handshake, as when a node dies. */
  kill() {
    return this.#stop('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown (the gateway tells its clients to reconnect, then closes with 1001). */
  stop() {
    return this.#stop('SIGTERM');
  }

  async #stop(signal) {
    const child = this.#child;
    if (!child) {
      return;
    }
    this.#child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(timer);
    }
  }

  async close() {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
