/**
 * How a node lets go: the releases its resources register, run in reverse of registration, and the
 * stop sequence (drain the links, wait for in-flight transfers, close the sessions, then release).
 */
import type { Logger } from 'pino';
import type { LinkRegistry } from '../link/link-registry.js';

export type Release = () => unknown | Promise<unknown>;

/** Runs every release, last registered first; one that fails is logged and the rest still run. */
export async function releaseInReverse(releases: Release[], log: Logger): Promise<void> {
  for (const r of releases.reverse()) {
    try {
      await r();
    } catch (err) {
      log.error({ err }, 'release failed');
    }
  }
}

/** Stops taking work, lets in-flight transfers finish (up to `drainTimeoutMs`), closes the links, then releases. */
export async function drainAndStop(node: { draining: boolean }, registry: LinkRegistry, drainTimeoutMs: number, releaseAll: () => Promise<void>, log: Logger): Promise<void> {
  node.draining = true;
  log.info('draining: no new work, waiting for in-flight transfers');
  const sessions = registry.sessions();
  for (const s of sessions) s.drain();
  await Promise.all(sessions.map((s) => s.settle(drainTimeoutMs)));
  await new Promise((r) => setImmediate(r));
  for (const s of registry.sessions()) s.sayGoodbye('node shutting down');
  await Promise.all(registry.sessions().map((s) => s.close('node shutting down')));
  await releaseAll();
  log.info('node stopped');
}
