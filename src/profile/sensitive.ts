// Syscalls a reviewer should look at twice when a profile starts allowing them.
// Source: moby's profiles/seccomp/default.json (the revision with CAP_BPF and CAP_PERFMON rules): the names it allows only under
// `includes.caps` (listed with that capability), and the ones it never allows. clone and clone3 are
// left out: every threaded program needs them, and Docker limits only their namespace flags.

const NEEDS_CAPABILITY: readonly (readonly [string, string])[] = [
  ['CAP_DAC_READ_SEARCH', 'open_by_handle_at'],
  ['CAP_SYS_ADMIN', 'bpf fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns syslog umount umount2 unshare'],
  ['CAP_SYS_BOOT', 'reboot'],
  ['CAP_SYS_CHROOT', 'chroot'],
  ['CAP_SYS_MODULE', 'delete_module init_module finit_module'],
  ['CAP_SYS_PACCT', 'acct'],
  ['CAP_SYS_PTRACE', 'kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace'],
  ['CAP_SYS_RAWIO', 'iopl ioperm'],
  ['CAP_SYS_TIME', 'settimeofday stime clock_settime clock_settime64'],
  ['CAP_SYS_TTY_CONFIG', 'vhangup'],
  ['CAP_SYS_NICE', 'get_mempolicy mbind set_mempolicy set_mempolicy_home_node'],
  ['CAP_SYSLOG', 'syslog'],
  ['CAP_BPF', 'bpf'],
  ['CAP_PERFMON', 'perf_event_open'],
];

const NEVER_ALLOWED =
  'add_key keyctl request_key kexec_load kexec_file_load swapon swapoff pivot_root userfaultfd nfsservctl uselib ' +
  'vm86 vm86old _sysctl create_module get_kernel_syms query_module afs_syscall bdflush ustat sysfs';

// Allowed by that default profile, yet worth a second look.
const OTHER_REASONS: readonly (readonly [string, string])[] = [
  ['name_to_handle_at', 'file handles: the lookup half of open_by_handle_at'],
  ['io_uring_setup', 'io_uring: a large kernel attack surface'],
  ['io_uring_enter', 'io_uring: a large kernel attack surface'],
  ['io_uring_register', 'io_uring: a large kernel attack surface'],
];

function buildReasons(): Map<string, string> {
  const reasons = new Map<string, string[]>();
  const add = (name: string, reason: string) => reasons.set(name, [...(reasons.get(name) ?? []), reason]);
  for (const [cap, names] of NEEDS_CAPABILITY) for (const name of names.split(' ')) add(name, `Docker allows it only with ${cap}`);
  for (const name of NEVER_ALLOWED.split(' ')) add(name, "Docker's default profile never allows it");
  for (const [name, reason] of OTHER_REASONS) add(name, reason);
  return new Map([...reasons].map(([name, list]) => [name, list.join('; ')]));
}

const REASONS = buildReasons();

/** Why a syscall is sensitive, or undefined when it is not. */
export function sensitiveReason(name: string): string | undefined {
  return REASONS.get(name);
}

export function sensitiveSyscalls(): string[] {
  return [...REASONS.keys()].sort();
}
