// One recording's private directory under the state dir: the FIFO the trace comes through, the
// request the hook reads, the filter the container is recorded under, and what the hook reports back.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TracerError } from '../errors.js';
import { STATE_DIR } from './locations.js';
import type { Runner } from './runner.js';

/** What tracer/oci-hook.mjs writes to attached.json once strace traces the container's init. */
export interface Attachment {
  containerId: string;
  pid: number;
  stracePid: number;
}

export interface Session {
  id: string;
  dir: string;
  fifo: string;
  /** Holds only the Podman hook JSON: Podman refuses a hooks dir with any other JSON in it. */
  hooksDir: string;
  straceStderr: string;
  attachedFile: string;
}

export interface SessionRequest {
  strace: string;
  straceFlags: readonly string[];
}

// The hook trusts what it finds under the state dir, so it must be private to this user.
async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.lstat(dir);
  const uid = process.getuid?.() ?? 0;
  if (!stat.isDirectory() || stat.uid !== uid) {
    throw new TracerError(`${dir} must be a directory owned by uid ${uid}`, { hint: `remove it (rm -rf ${dir}) and record again` });
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

export async function ensureStateDir(): Promise<void> {
  for (const dir of [STATE_DIR, path.join(STATE_DIR, 'sessions'), path.join(STATE_DIR, 'containers')]) {
    await ensurePrivateDir(dir);
  }
}

export async function createSession(request: SessionRequest, run: Runner): Promise<Session> {
  await ensureStateDir();
  const id = randomBytes(8).toString('hex');
  const dir = path.join(STATE_DIR, 'sessions', id);
  await fs.mkdir(dir, { mode: 0o700 });
  const session: Session = {
    id,
    dir,
    fifo: path.join(dir, 'trace.fifo'),
    hooksDir: path.join(dir, 'hooks'),
    straceStderr: path.join(dir, 'strace.stderr'),
    attachedFile: path.join(dir, 'attached.json'),
  };
  try {
    await fs.mkdir(session.hooksDir, { mode: 0o700 });
    await fs.writeFile(path.join(dir, 'request.json'), `${JSON.stringify({ strace: request.strace, flags: request.straceFlags })}\n`, { mode: 0o600 });
    await run('mkfifo', ['-m', '0600', session.fifo]);
  } catch (error) {
    await disposeSession(session);
    throw new TracerError(`cannot prepare the recording session in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return session;
}

/** A file in the session dir, for the filter or profile the container runs under. */
export async function writeSessionFile(session: Session, name: string, content: string): Promise<string> {
  const file = path.join(session.dir, name);
  await fs.writeFile(file, content, { mode: 0o600 });
  return file;
}

function isAttachment(value: unknown): value is Attachment {
  const v = value as Partial<Attachment> | null;
  return typeof v === 'object' && v !== null && typeof v.containerId === 'string' &&
    Number.isSafeInteger(v.pid) && Number.isSafeInteger(v.stracePid) && (v.stracePid ?? 0) > 0;
}

/** Undefined until the hook has attached strace. */
export async function readAttachment(session: Session): Promise<Attachment | undefined> {
  let text: string;
  try {
    text = await fs.readFile(session.attachedFile, 'utf8');
  } catch {
    return undefined;
  }
  const value: unknown = JSON.parse(text);
  if (!isAttachment(value)) throw new TracerError(`${session.attachedFile} is not what the hook writes: ${text.slice(0, 200)}`);
  return value;
}

/** strace's own complaints, minus attach/detach chatter. */
export async function straceWarnings(session: Session): Promise<string[]> {
  const text = await fs.readFile(session.straceStderr, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '' && !/^strace: Process \d+ (attached|detached)/.test(line));
}

export async function disposeSession(session: Session): Promise<void> {
  await fs.rm(session.dir, { recursive: true, force: true });
}
