// The Podman hooks-dir entry that runs tracer/oci-hook.mjs for containers of one session only.
import { HOOK_PATH_ENV, HOOK_SCRIPT, SESSION_ANNOTATION, STATE_DIR } from './locations.js';

const HOOK_TIMEOUT_S = 30;

function exactly(text: string): string {
  return `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

export function podmanHookConfig(session: string, node: string): string {
  const config = {
    version: '1.0.0',
    hook: {
      path: node,
      args: ['node', HOOK_SCRIPT, '--state-dir', STATE_DIR, '--session', session],
      env: [HOOK_PATH_ENV],
      timeout: HOOK_TIMEOUT_S,
    },
    when: { annotations: { [exactly(SESSION_ANNOTATION)]: exactly(session) } },
    stages: ['prestart'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
