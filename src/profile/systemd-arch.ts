// systemd's SystemCallArchitectures= names (seccomp_arch_to_string) and the SCMP_ARCH_* they stand for.
const PAIRS: readonly (readonly [string, string])[] = [
  ['native', 'SCMP_ARCH_NATIVE'],
  ['x86', 'SCMP_ARCH_X86'],
  ['x86-64', 'SCMP_ARCH_X86_64'],
  ['x32', 'SCMP_ARCH_X32'],
  ['arm', 'SCMP_ARCH_ARM'],
  ['arm64', 'SCMP_ARCH_AARCH64'],
  ['loongarch64', 'SCMP_ARCH_LOONGARCH64'],
  ['mips', 'SCMP_ARCH_MIPS'],
  ['mips64', 'SCMP_ARCH_MIPS64'],
  ['mips64-n32', 'SCMP_ARCH_MIPS64N32'],
  ['mips-le', 'SCMP_ARCH_MIPSEL'],
  ['mips64-le', 'SCMP_ARCH_MIPSEL64'],
  ['mips64-le-n32', 'SCMP_ARCH_MIPSEL64N32'],
  ['parisc', 'SCMP_ARCH_PARISC'],
  ['parisc64', 'SCMP_ARCH_PARISC64'],
  ['ppc', 'SCMP_ARCH_PPC'],
  ['ppc64', 'SCMP_ARCH_PPC64'],
  ['ppc64-le', 'SCMP_ARCH_PPC64LE'],
  ['riscv64', 'SCMP_ARCH_RISCV64'],
  ['s390', 'SCMP_ARCH_S390'],
  ['s390x', 'SCMP_ARCH_S390X'],
];

const TO_SCMP = new Map(PAIRS);
const FROM_SCMP = new Map(PAIRS.map(([systemd, scmp]) => [scmp, systemd]));

export const SYSTEMD_ARCH_NAMES: readonly string[] = PAIRS.map(([name]) => name);

export function systemdArchToScmp(name: string): string | undefined {
  return TO_SCMP.get(name);
}

export function scmpArchToSystemd(scmpArch: string): string | undefined {
  return FROM_SCMP.get(scmpArch);
}
