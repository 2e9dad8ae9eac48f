// Where the learner and the pieces in tracer/ meet: both sides must agree on these names.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root-owned (0700) state dir: sessions/<id>/ per recording, containers/<id> per Docker request. */
export const STATE_DIR = '/run/seccomp-learner';

/** The annotation that enables the Podman hook for one container and names its session. */
export const SESSION_ANNOTATION = 'io.seccomp-learner.session';

/** The name `setup docker` registers the shim under, and `record --engine docker` selects. */
export const DOCKER_RUNTIME_NAME = 'seccomp-learner';

// This module runs as dist/src/engine/locations.js, three levels below the package root.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const TRACER_DIR = path.join(packageRoot, 'tracer');
export const HOOK_SCRIPT = path.join(TRACER_DIR, 'oci-hook.mjs');
export const DOCKER_SHIM = path.join(TRACER_DIR, 'docker-runtime-shim');

/** The PATH hooks run with: runc gives a hook only the environment its config names. */
export const HOOK_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
