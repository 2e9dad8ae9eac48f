// tracer/oci-hook.mjs against a real strace and a real host process standing in for a container's
// init: the hook's contract does not depend on the engine that calls it.
import { createReadStream, promises as fs, symlinkSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { HOOK_SCRIPT, SESSION_ANNOTATION, STATE_DIR } from '../../src/engine/locations.js';
import { createSession, disposeSession, readAttachment, type Session } from '../../src/engine/session.js';
import { RECORD_STRACE_FLAGS } from '../../src/record/host.js';
import { findExecutable } from '../../src/io/which.js';
import { skipUnless } from '../helpers.js';
import { startStandIn, withStandIn } from '../container-stand-in.js';

const strace = findExecutable('strace');
const usable = strace !== undefined && process.getuid?.() === 0;
const what = 'root and strace';

function runHook(state: unknown, args: string[] = []) {
  const input = typeof state === 'string' ? state : JSON.stringify(state);
  return execa(process.execPath, [HOOK_SCRIPT, '--state-dir', STATE_DIR, ...args], { input, reject: false });
}

async function withSession(work: (session: Session) => Promise<void>): Promise<void> {
  const session = await createSession({ strace: strace!, straceFlags: RECORD_STRACE_FLAGS }, execa);
  try {
    await work(session);
  } finally {
    await disposeSession(session);
  }
}

const attach = suite('attaching strace');

attach('traces the process from the moment the hook returns, streams it, and reports the attachment', async () => {
  if (skipUnless(usable, what, 'oci-hook attach')) return;
  await withSession(async (session) => {
    // The learner's end of the FIFO: the open completes once strace opens its end.
    const reader = { stream: createReadStream(session.fifo) };
    let trace = '';
    reader.stream.on('data', (chunk: Buffer | string) => (trace += chunk.toString()));
    const ended = new Promise<void>((resolve) => reader.stream.on('end', () => resolve()));
    // Blocks on stdin like an init waiting for runc, so nothing happens before the hook returns.
    const { process: init } = await startStandIn('read go; cat /etc/hostname > /dev/null; echo "$go" > /dev/null');
    const hook = await runHook({ ociVersion: '1.0.2', id: 'c0ffee', status: 'created', pid: init.pid, bundle: '/nowhere', annotations: { [SESSION_ANNOTATION]: session.id } });
    assert.is(hook.exitCode, 0, hook.stderr);
    assert.is(hook.stderr, '');
    const attachment = await readAttachment(session);
    assert.equal({ ...attachment, stracePid: typeof attachment?.stracePid }, { containerId: 'c0ffee', pid: init.pid!, stracePid: 'number' });
    init.stdin!.end('go\n');
    await init;
    await ended;
    assert.match(trace, new RegExp(`^${init.pid}\\s+read\\(0, "g", 1\\)\\s+= 1$`, 'm'));
    assert.match(trace, /openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY\) = 3/);
    assert.match(trace, /\+\+\+ exited with 0 \+\+\+/);
  });
});

attach('--session and the annotation must agree when both are given', async () => {
  if (skipUnless(usable, what, 'oci-hook session mismatch')) return;
  await withSession((session) =>
    withStandIn(async (pid) => {
      const r = await runHook({ id: 'c1', pid, annotations: { [SESSION_ANNOTATION]: 'other' } }, ['--session', session.id]);
      assert.is(r.exitCode, 1);
      assert.is(r.stderr, 'seccomp-learner hook: the --session argument and the container annotation disagree');
    }),
  );
});

attach('no learner reading the FIFO: fails at once, so the container does not start untraced', async () => {
  if (skipUnless(usable, what, 'oci-hook no reader')) return;
  await withSession((session) =>
    withStandIn(async (pid) => {
      const r = await runHook({ id: 'c2', pid }, ['--session', session.id]);
      assert.is(r.exitCode, 1);
      assert.is(r.stderr, `seccomp-learner hook: no learner is reading ${session.fifo}`);
      assert.is(await readAttachment(session), undefined);
    }),
  );
});

const validate = suite('validating the OCI state and the session');

validate('state that is not a JSON object', async () => {
  if (skipUnless(usable, what, 'oci-hook bad state')) return;
  for (const [input, message] of [
    ['{"pid": 1', /the OCI state on stdin is not JSON/],
    ['[1]', /the OCI state on stdin is not a JSON object/],
    ['null', /the OCI state on stdin is not a JSON object/],
  ] as const) {
    const r = await runHook(input, ['--session', 'abc']);
    assert.is(r.exitCode, 1, input);
    assert.match(r.stderr, message);
  }
});

validate('a pid that is not a positive integer, or of no live process', async () => {
  if (skipUnless(usable, what, 'oci-hook bad pid')) return;
  const gone = execa('true');
  await gone;
  for (const [pid, message] of [
    ['1', /no valid pid \(got "1"\)/],
    [-4, /no valid pid \(got -4\)/],
    [0, /no valid pid \(got 0\)/],
    [2.5, /no valid pid \(got 2\.5\)/],
    [gone.pid, new RegExp(`process ${gone.pid} from the OCI state does not exist`)],
  ] as const) {
    const r = await runHook({ id: 'c3', pid }, ['--session', 'abc']);
    assert.is(r.exitCode, 1, String(pid));
    assert.match(r.stderr, message);
  }
});

validate('a container id or session that could leave the state dir', async () => {
  if (skipUnless(usable, what, 'oci-hook traversal')) return;
  await withStandIn(async (pid) => {
    const r1 = await runHook({ id: '../../etc', pid }, ['--session', 'abc']);
    assert.match(r1.stderr, /no valid container id \(got "..\/..\/etc"\)/);
    const r2 = await runHook({ id: 'c4', pid, annotations: { [SESSION_ANNOTATION]: '../../../etc' } });
    assert.match(r2.stderr, /no valid session id \(got "..\/..\/..\/etc"\)/);
    const r3 = await runHook({ id: 'c4', pid, annotations: {} });
    assert.match(r3.stderr, /no valid session id \(got undefined\)/);
    for (const r of [r1, r2, r3]) assert.is(r.exitCode, 1);
  });
});

validate('a session that does not exist, or is a symlink out of the state dir', async () => {
  if (skipUnless(usable, what, 'oci-hook session dir')) return;
  await withStandIn(async (pid) => {
    const r1 = await runHook({ id: 'c5', pid }, ['--session', 'no-such-session']);
    assert.match(r1.stderr, /session no-such-session does not exist under \/run\/seccomp-learner\/sessions/);
    const link = path.join(STATE_DIR, 'sessions', 'link-to-tmp');
    await fs.rm(link, { force: true });
    symlinkSync('/tmp', link);
    try {
      const r2 = await runHook({ id: 'c5', pid }, ['--session', 'link-to-tmp']);
      assert.is(r2.exitCode, 1);
      assert.match(r2.stderr, /session link-to-tmp resolves outside \/run\/seccomp-learner/);
    } finally {
      await fs.rm(link, { force: true });
    }
  });
});

validate('a session dir others can write is not trusted', async () => {
  if (skipUnless(usable, what, 'oci-hook session mode')) return;
  await withSession((session) =>
    withStandIn(async (pid) => {
      await fs.chmod(session.dir, 0o777);
      const r = await runHook({ id: 'c6', pid }, ['--session', session.id]);
      assert.is(r.exitCode, 1);
      assert.match(r.stderr, /must be a directory owned by uid 0 with mode 0700/);
    }),
  );
});

attach.run();
validate.run();
