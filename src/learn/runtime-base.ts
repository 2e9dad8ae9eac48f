/**
 * What an OCI runtime itself does between loading the container's seccomp filter and exec'ing the
 * entrypoint. Used only when a container trace has no filter-load marker, so the runtime's own
 * post-filter calls could not be measured. Measured on Debian 12: runc 1.1 (Docker 20.10 and
 * Podman 4.3) and crun; the list is the union of what those runs showed after the marker, plus
 * the calls every process needs to end and handle signals.
 */
export const RUNTIME_BASE_SETS = {
  runc: [
    'brk', 'capget', 'capset', 'chdir', 'close', 'epoll_ctl', 'epoll_pwait', 'execve', 'exit', 'exit_group',
    'faccessat2', 'fchdir', 'fcntl', 'fstat', 'fstatfs', 'futex', 'getcwd', 'getdents64', 'getpid', 'getppid',
    'gettid', 'madvise', 'mmap', 'munmap', 'nanosleep', 'newfstatat', 'openat', 'prctl', 'read', 'rt_sigaction',
    'rt_sigprocmask', 'rt_sigreturn', 'sched_yield', 'setgid', 'setgroups', 'setuid', 'sigaltstack', 'tgkill',
    'write',
  ],
  crun: [
    'arch_prctl', 'brk', 'capget', 'capset', 'chdir', 'close', 'close_range', 'dup2', 'dup3', 'execve', 'exit',
    'exit_group', 'faccessat2', 'fchdir', 'fcntl', 'fstat', 'fstatfs', 'futex', 'getcwd', 'getdents64', 'getegid',
    'geteuid', 'getgid', 'getpid', 'getppid', 'getuid', 'ioctl', 'lseek', 'mmap', 'mprotect', 'munmap',
    'newfstatat', 'openat', 'prctl', 'pread64', 'read', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'setgid',
    'setgroups', 'setresgid', 'setresuid', 'setsid', 'setuid', 'sethostname', 'setdomainname', 'umask', 'write',
  ],
} as const;

export type RuntimeName = keyof typeof RUNTIME_BASE_SETS;

/**
 * Calls the runtime itself may or may not make after loading the filter, depending on scheduling:
 * runc is a Go program, and its runtime's scheduler and signal machinery (sched_yield, tgkill,
 * futex, …) ran after the filter load on some recordings and not on others. A profile learned from
 * one run must still let the next one start, so these are allowed for container recordings.
 */
export const RUNTIME_SCHEDULING_CALLS: Record<RuntimeName, readonly string[]> = {
  runc: ['futex', 'getpid', 'gettid', 'madvise', 'mmap', 'munmap', 'nanosleep', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'sched_yield', 'sigaltstack', 'tgkill'],
  crun: [],
};
