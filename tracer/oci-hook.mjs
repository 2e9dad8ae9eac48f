#!/usr/bin/env node
// seccomp-learner OCI prestart hook.
//
// runc (Podman through a hooks dir, Docker through tracer/docker-runtime-shim) runs this while the
// container's init process waits, before pivot_root and before the entrypoint is exec'd. It attaches
// a detached host `strace -f -p <init pid>` whose trace goes into the FIFO of the learner session,
// and returns only once every thread of the init process is traced, so nothing after that is missed.
//
// Usage:  oci-hook.mjs --state-dir <dir> [--session <id>]     (OCI state JSON on stdin)
// The session comes from --session or from the `io.seccomp-learner.session` annotation. It names
// <state-dir>/sessions/<id>/, created by the learner (root-owned, mode 0700) and holding:
//   request.json   {"strace": "/usr/bin/strace", "flags": ["-f", …]}
//   trace.fifo     the FIFO the learner reads
// and receiving from this hook:
//   strace.stderr  strace's own diagnostics
//   attached.json  {"containerId", "pid", "stracePid"}: the learner stops strace with it if needed
// Every input is checked: the state must name a live container process (never pid 1, never one in
// the hook's own mount namespace) and a sane container id, and the session path must stay inside the
// state dir. Any failure exits 1, so runc refuses to start the container rather than run it untraced.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SESSION_ANNOTATION = 'io.seccomp-learner.session';
const SESSION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CONTAINER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const MAX_STATE_BYTES = 1 << 20;
const ATTACH_TIMEOUT_MS = 10_000;

function fail(message) {
  process.stderr.write(`seccomp-learner hook: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = { stateDir: undefined, session: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--state-dir' && value !== undefined) options.stateDir = value;
    else if (flag === '--session' && value !== undefined) options.session = value;
    else fail(`unexpected argument ${JSON.stringify(flag)} (usage: oci-hook.mjs --state-dir DIR [--session ID])`);
    i++;
  }
  if (!options.stateDir || !path.isAbsolute(options.stateDir)) fail('--state-dir must be an absolute path');
  return options;
}

// Reads at most one byte past the limit, so an endless stdin cannot fill the memory first.
function readStdin() {
  const buffer = Buffer.alloc(MAX_STATE_BYTES + 1);
  let length = 0;
  for (;;) {
    let count;
    try {
      count = fs.readSync(0, buffer, length, buffer.length - length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      fail(`cannot read the OCI state on stdin: ${error.message}`);
    }
    if (count === 0) return buffer.subarray(0, length);
    length += count;
    if (length > MAX_STATE_BYTES) fail(`the OCI state on stdin is larger than ${MAX_STATE_BYTES} bytes`);
  }
}

function readState() {
  const data = readStdin();
  if (data.length === 0) fail('the OCI state on stdin is empty (the hook must be run by the container runtime)');
  let state;
  try {
    state = JSON.parse(data.toString('utf8'));
  } catch (error) {
    fail(`the OCI state on stdin is not JSON: ${error.message}`);
  }
  if (state === null || typeof state !== 'object' || Array.isArray(state)) fail('the OCI state on stdin is not a JSON object');
  return state;
}

// runc and crun always give a container its own mount namespace, so a process in the hook's own
// is a host process, whatever the state says: tracing it would record (and slow) the wrong program.
function containerPid(state) {
  const pid = state.pid;
  if (!Number.isSafeInteger(pid) || pid <= 0) fail(`the OCI state has no valid pid (got ${JSON.stringify(pid)?.slice(0, 80)})`);
  if (pid === 1) fail('the OCI state names pid 1, the init of the runtime\'s own pid namespace, not a container process');
  let status;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    fail(`process ${pid} from the OCI state does not exist`);
  }
  if (/^State:\s+[ZX]/m.test(status)) fail(`process ${pid} from the OCI state has already exited`);
  let namespace;
  try {
    namespace = fs.readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch (error) {
    fail(`cannot tell whether process ${pid} from the OCI state is a container process (its mount namespace: ${error.code ?? error.message})`);
  }
  if (namespace === fs.readlinkSync('/proc/self/ns/mnt')) {
    fail(`process ${pid} from the OCI state is not a container process (it shares the hook's mount namespace)`);
  }
  return pid;
}

function containerId(state) {
  const id = state.id;
  if (typeof id !== 'string' || !CONTAINER_ID_PATTERN.test(id)) fail(`the OCI state has no valid container id (got ${JSON.stringify(id)?.slice(0, 80)})`);
  return id;
}

function sessionId(state, fromArgs) {
  const annotations = state.annotations !== null && typeof state.annotations === 'object' ? state.annotations : {};
  const fromAnnotation = Object.hasOwn(annotations, SESSION_ANNOTATION) ? annotations[SESSION_ANNOTATION] : undefined;
  const session = fromArgs ?? fromAnnotation;
  if (typeof session !== 'string' || !SESSION_PATTERN.test(session)) fail(`no valid session id (got ${JSON.stringify(session)?.slice(0, 80)})`);
  if (fromArgs !== undefined && fromAnnotation !== undefined && fromArgs !== fromAnnotation) fail('the --session argument and the container annotation disagree');
  return session;
}

// A directory others may write to could have its entries swapped after the checks below.
function privateDir(dir, what) {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory() || stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0) {
    fail(`${what} ${dir} must be a directory owned by uid ${process.getuid()} that only its owner can write`);
  }
}

// The session dir must be a real directory inside the state dir, private to the user running runc.
function sessionDir(stateDir, session) {
  let root;
  try {
    root = fs.realpathSync(stateDir);
  } catch (error) {
    fail(`the state dir ${stateDir} cannot be used (${error.code ?? error.message}); is the learner running?`);
  }
  privateDir(root, 'the state dir');
  privateDir(path.join(root, 'sessions'), 'the sessions dir');
  const dir = path.join(root, 'sessions', session);
  let real;
  try {
    real = fs.realpathSync(dir);
  } catch {
    fail(`session ${session} does not exist under ${root}/sessions (has the learner already ended?)`);
  }
  if (real !== dir || !real.startsWith(`${root}${path.sep}`)) fail(`session ${session} resolves outside ${root}`);
  const stat = fs.lstatSync(real);
  if (!stat.isDirectory() || stat.uid !== process.getuid() || (stat.mode & 0o077) !== 0) {
    fail(`${real} must be a directory owned by uid ${process.getuid()} with mode 0700`);
  }
  return real;
}

// Files in the session dir are opened without following symlinks: the hook never reads or writes elsewhere.
const NO_FOLLOW = fs.constants.O_NOFOLLOW;

function readPrivateFile(file) {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readRequest(dir) {
  let request;
  try {
    request = JSON.parse(readPrivateFile(path.join(dir, 'request.json')));
  } catch (error) {
    fail(`cannot read ${dir}/request.json: ${error.message}`);
  }
  const { strace, flags } = request ?? {};
  if (typeof strace !== 'string' || !path.isAbsolute(strace)) fail('request.json: "strace" must be an absolute path');
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) fail('request.json: "flags" must be a list of strings');
  if (flags.some((f) => f === '-o' || f === '-p' || f.startsWith('--output') || f.startsWith('--attach'))) {
    fail('request.json: "flags" must not choose the output or the traced pid');
  }
  return { strace, flags };
}

// A non-blocking open fails (ENXIO) when nobody reads the FIFO; holding it until strace has its
// own writer open keeps the learner from seeing an early end of file.
function openTraceWriter(dir) {
  const fifo = path.join(dir, 'trace.fifo');
  if (!fs.lstatSync(fifo, { throwIfNoEntry: false })?.isFIFO()) fail(`${fifo} is not a FIFO`);
  try {
    return { fifo, fd: fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK) };
  } catch (error) {
    fail(error.code === 'ENXIO' ? `no learner is reading ${fifo}` : `cannot open ${fifo}: ${error.message}`);
  }
}

// Attached means: every thread of the init process names strace as its tracer.
function allThreadsTracedBy(pid, tracer) {
  let tasks;
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tasks.length > 0 && tasks.every((tid) => {
    try {
      return /^TracerPid:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))?.[1] === String(tracer);
    } catch {
      return true; // the thread ended meanwhile
    }
  });
}

function waitForAttach(child, pid) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const onExit = (code, signal) => reject(new Error(`strace ended before attaching (${signal ?? `exit ${code}`})`));
    child.once('exit', onExit);
    child.once('error', (error) => reject(new Error(`cannot run strace: ${error.message}`)));
    const poll = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (allThreadsTracedBy(pid, child.pid)) {
        child.off('exit', onExit);
        resolve();
      } else if (Date.now() - started > ATTACH_TIMEOUT_MS) {
        reject(new Error(`strace did not attach to ${pid} within ${ATTACH_TIMEOUT_MS} ms`));
      } else {
        setTimeout(poll, 5);
      }
    };
    poll();
  });
}

function writeAttached(dir, record) {
  const temp = path.join(dir, `.attached.${process.pid}.tmp`);
  fs.rmSync(temp, { force: true });
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NO_FOLLOW, 0o600);
  fs.writeFileSync(fd, `${JSON.stringify(record)}\n`);
  fs.closeSync(fd);
  fs.renameSync(temp, path.join(dir, 'attached.json'));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const state = readState();
  const pid = containerPid(state);
  const id = containerId(state);
  const dir = sessionDir(options.stateDir, sessionId(state, options.session));
  const request = readRequest(dir);
  const writer = openTraceWriter(dir);
  let stderr;
  try {
    stderr = fs.openSync(path.join(dir, 'strace.stderr'), fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | NO_FOLLOW, 0o600);
  } catch (error) {
    fail(`cannot open ${dir}/strace.stderr: ${error.code === 'ELOOP' ? 'it is a symlink' : error.message}`);
  }
  // Detached and with no stdout/stderr of ours: runc waits for the hook's pipes to close.
  const child = spawn(request.strace, [...request.flags, '-o', writer.fifo, '-p', String(pid)], {
    detached: true,
    stdio: ['ignore', 'ignore', stderr],
  });
  try {
    await waitForAttach(child, pid);
  } catch (error) {
    child.kill('SIGKILL');
    const said = fs.readFileSync(path.join(dir, 'strace.stderr'), 'utf8').trim().split('\n').slice(-3).join('; ');
    fail(`${error.message}${said ? `: ${said}` : ''}`);
  }
  writeAttached(dir, { containerId: id, pid, stracePid: child.pid });
  fs.closeSync(writer.fd);
  fs.closeSync(stderr);
  child.unref();
}

await main();
