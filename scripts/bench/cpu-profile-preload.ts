/**
 * Preloaded into a node process (NODE_OPTIONS=--import=<this file>, since Node 20 refuses
 * --cpu-prof there) when the bench runs with --cpu-prof-dir: profiles the whole process with the
 * in-process inspector and writes <pid>.cpuprofile into $LIENTHONG_BENCH_CPU_PROF_DIR on exit.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.LIENTHONG_BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // The in-process session answers synchronously, so this works inside 'exit'.
    session.post('Profiler.stop', (err, res) => {
      if (!err && res?.profile) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
