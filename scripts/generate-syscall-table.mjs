#!/usr/bin/env node
// Regenerates src/syscalls/table.generated.ts from the Linux uapi headers installed on this machine,
// and cross-checks every name against libseccomp (the library runc and crun load profiles with).
//
//   node scripts/generate-syscall-table.mjs           write src/syscalls/table.generated.ts
//   node scripts/generate-syscall-table.mjs --check   exit 1 if the committed file differs
//
// Needs (Debian package names): cpp (from gcc); linux-libc-dev (x86_64, x86 and x32 headers on an
// amd64 host, otherwise linux-libc-dev-amd64-cross); linux-libc-dev-arm64-cross,
// linux-libc-dev-armhf-cross, linux-libc-dev-riscv64-cross, linux-libc-dev-ppc64el-cross,
// linux-libc-dev-s390x-cross; seccomp (scmp_sys_resolver) for the libseccomp cross-check.
// It takes about a minute and a half: one scmp_sys_resolver run per name and per number.
//
// Each architecture's <asm/unistd.h> is run through the C preprocessor with that architecture's
// predefined macros, so the conditionals of asm-generic/unistd.h (aarch64, riscv64) and the ARM
// EABI base are resolved exactly as a compiler for that target would resolve them.
// x32 numbers are stored without __X32_SYSCALL_BIT (0x40000000): strace strips the bit before it
// names or prints an x32 syscall; the kernel and libseccomp (scmp_sys_resolver -a x32) include it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outputPath = path.join(root, 'src', 'syscalls', 'table.generated.ts');
const X32_SYSCALL_BIT = 0x40000000;

// Where each architecture's headers live: a -cross package's tree first, then a native multiarch tree.
const TARGETS = [
  { arch: 'x86_64', triplet: 'x86_64-linux-gnu', cross: 'linux-libc-dev-amd64-cross', defines: ['__x86_64__', '__LP64__'] },
  { arch: 'x86', triplet: 'x86_64-linux-gnu', cross: 'linux-libc-dev-amd64-cross', defines: ['__i386__', '__ILP32__'] },
  { arch: 'x32', triplet: 'x86_64-linux-gnu', cross: 'linux-libc-dev-amd64-cross', defines: ['__x86_64__', '__ILP32__'] },
  { arch: 'aarch64', triplet: 'aarch64-linux-gnu', cross: 'linux-libc-dev-arm64-cross', defines: ['__aarch64__', '__LP64__'] },
  { arch: 'arm', triplet: 'arm-linux-gnueabihf', cross: 'linux-libc-dev-armhf-cross', defines: ['__arm__', '__ARM_EABI__'] },
  {
    arch: 'riscv64',
    triplet: 'riscv64-linux-gnu',
    cross: 'linux-libc-dev-riscv64-cross',
    defines: ['__riscv', '__riscv_xlen=64', '__LP64__', '__SIZEOF_POINTER__=8'],
  },
  {
    arch: 'ppc64le',
    triplet: 'powerpc64le-linux-gnu',
    cross: 'linux-libc-dev-ppc64el-cross',
    defines: ['__powerpc64__', '__powerpc__', '__LITTLE_ENDIAN__', '__LP64__'],
  },
  { arch: 's390x', triplet: 's390x-linux-gnu', cross: 'linux-libc-dev-s390x-cross', defines: ['__s390x__', '__s390__', '__LP64__'] },
];

// Macros under __NR_ that name a range or a base, not a syscall.
const NOT_SYSCALLS = new Set(['syscalls', 'arch_specific_syscall']);

// Include directories for one target, with the package that provides them.
function headerTree(target) {
  const crossDir = `/usr/${target.triplet}/include`;
  if (existsSync(path.join(crossDir, 'asm', 'unistd.h'))) return { dirs: [crossDir], pkg: target.cross };
  const nativeDir = `/usr/include/${target.triplet}`;
  if (existsSync(path.join(nativeDir, 'asm', 'unistd.h'))) return { dirs: [nativeDir, '/usr/include'], pkg: 'linux-libc-dev' };
  throw new Error(`${target.arch}: no asm/unistd.h under ${crossDir} or ${nativeDir}; apt-get install ${target.cross}`);
}

async function preprocess(source, tree, target, extraFlags) {
  const dir = mkdtempSync(path.join(tmpdir(), 'syscall-table-'));
  try {
    const file = path.join(dir, 'unistd.c');
    writeFileSync(file, source);
    const flags = ['-undef', '-nostdinc', ...tree.dirs.map((d) => `-I${d}`), ...target.defines.map((d) => `-D${d}`)];
    const { stdout } = await run('cpp', [...flags, ...extraFlags, file], { maxBuffer: 64 << 20 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Evaluates the few expression forms the headers use: integers, +, -, parentheses.
function evaluate(expression) {
  const tokens = expression.match(/0x[0-9a-fA-F]+|\d+|[()+-]|\S/g) ?? [];
  let at = 0;
  const primary = () => {
    const token = tokens[at++];
    if (token === '(') {
      const value = sum();
      if (tokens[at++] !== ')') throw new Error(`unbalanced expression: ${expression}`);
      return value;
    }
    if (token === '-') return -primary();
    if (token !== undefined && /^(0x[0-9a-fA-F]+|\d+)$/.test(token)) return Number(token);
    throw new Error(`cannot evaluate syscall number expression: ${expression}`);
  };
  const sum = () => {
    let value = primary();
    while (tokens[at] === '+' || tokens[at] === '-') value = tokens[at++] === '+' ? value + primary() : value - primary();
    return value;
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(`trailing tokens in expression: ${expression}`);
  return value;
}

// One architecture: macro names from `cpp -dM`, then each expanded by a second cpp pass.
async function kernelTable(target) {
  const tree = headerTree(target);
  const include = '#include <asm/unistd.h>\n';
  const macros = await preprocess(include, tree, target, ['-dM']);
  const wanted = [];
  for (const match of macros.matchAll(/^#define (__NR_|__ARM_NR_)([a-z][a-z0-9_]*)\s/gm)) {
    const [, prefix, name] = match;
    if (!NOT_SYSCALLS.has(name)) wanted.push({ macro: `${prefix}${name}`, name });
  }
  const probe = include + wanted.map((w) => `@@${w.name}@@ ${w.macro}\n`).join('');
  const expanded = await preprocess(probe, tree, target, ['-P']);
  const table = new Map();
  for (const match of expanded.matchAll(/^@@([a-z0-9_]+)@@ (.+)$/gm)) {
    const [, name, expression] = match;
    let number = evaluate(expression);
    if (target.arch === 'x32') number &= ~X32_SYSCALL_BIT;
    if (!Number.isSafeInteger(number) || number < 0) throw new Error(`${target.arch}: ${name} has number ${number}`);
    table.set(name, number);
  }
  if (table.size !== wanted.length) throw new Error(`${target.arch}: expanded ${table.size} of ${wanted.length} macros`);
  return { table, pkg: tree.pkg };
}

async function packageVersion(pkg) {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f', '${Version}', pkg]);
    return stdout.trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

async function inPool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// libseccomp's answer for one name or number: a number (-1 = unknown name), a name or UNKNOWN.
async function resolve(arch, query) {
  const { stdout } = await run('scmp_sys_resolver', ['-a', arch, String(query)]);
  return stdout.trim();
}

// Numbers libseccomp may name beyond what the headers have: the regular range with headroom for
// newer kernels, plus the ARM-private block (x32 callers add the bit themselves).
function numbersToScan(arch, table) {
  const regular = [...table.values()].filter((n) => n < 0x0f0000);
  const top = Math.max(...regular) + 64;
  const numbers = Array.from({ length: top + 1 }, (_, n) => n);
  if (arch === 'arm') numbers.push(...Array.from({ length: 16 }, (_, n) => 0x0f0000 + n));
  return numbers;
}

// Names runc would skip, names libseccomp maps elsewhere, and newer names only libseccomp has.
async function libseccompCheck(arch, table, allNames) {
  const names = [...allNames].sort();
  const answers = await inPool(names, 32, (name) => resolve(arch, name));
  const unknown = [];
  const different = [];
  const extra = [];
  names.forEach((name, i) => {
    const answer = Number(answers[i]);
    const kernel = table.get(name);
    const expected = kernel === undefined ? undefined : arch === 'x32' ? kernel + X32_SYSCALL_BIT : kernel;
    if (kernel !== undefined && answer === -1) unknown.push(name);
    else if (kernel !== undefined && answer !== expected) different.push([name, answer]);
    else if (kernel === undefined && answer >= 0) extra.push(`${name}=${answer}`);
  });
  const numbers = numbersToScan(arch, table);
  const named = await inPool(numbers, 32, (n) => resolve(arch, arch === 'x32' ? n + X32_SYSCALL_BIT : n));
  const kernelNumbers = new Set(table.values());
  const reverse = new Map();
  const only = [];
  const renamed = [];
  numbers.forEach((number, i) => {
    const name = named[i];
    if (name === undefined || name === 'UNKNOWN' || !/^[a-z][a-z0-9_]*$/.test(name)) return;
    reverse.set(number, name);
    if (!kernelNumbers.has(number) && !table.has(name)) only.push([name, number]);
    else if (table.get(name) !== number) renamed.push(`${number}=${name}`);
  });
  return { unknown, different, extra, only, renamed, reverse };
}

function wrap(prefix, words, width = 100) {
  const lines = [];
  let line = prefix;
  for (const word of words) {
    if (line.length + word.length + 1 > width && line !== prefix) {
      lines.push(line);
      line = prefix;
    }
    line += (line === prefix ? '' : ' ') + word;
  }
  lines.push(line);
  return lines;
}

// Per number with several names, the one libseccomp prints wins; the others become aliases.
function aliasesOf(table, reverse) {
  const byNumber = new Map();
  for (const [name, number] of table) byNumber.set(number, [...(byNumber.get(number) ?? []), name]);
  const aliases = [];
  for (const [number, names] of byNumber) {
    if (names.length < 2) continue;
    const preferred = reverse.get(number);
    const canonical = preferred !== undefined && names.includes(preferred) ? preferred : [...names].sort()[0];
    for (const name of names) if (name !== canonical) aliases.push([name, canonical]);
  }
  return aliases.sort(([a], [b]) => (a < b ? -1 : 1));
}

const quote = (name) => `'${name}'`;

function renderRecord(out, doc, declaration, results, entries) {
  out.push('', `/** ${doc} */`, `export const ${declaration} = {`);
  for (const r of results) {
    const items = entries(r);
    const oneLine = `  ${r.arch}: [${items.join(', ')}],`;
    if (oneLine.length <= 110) out.push(oneLine);
    else out.push(`  ${r.arch}: [`, ...items.map((item) => `    ${item},`), '  ],');
  }
  out.push('};');
}

function render(results, versions, libseccompVersion) {
  const out = [];
  out.push('// Generated by scripts/generate-syscall-table.mjs; regenerate instead of editing.');
  out.push("// Source: Linux uapi <asm/unistd.h> per architecture, expanded by cpp with that target's macros:");
  for (const r of results) out.push(`//   ${r.arch.padEnd(8)} ${r.pkg} ${versions.get(r.pkg)}`);
  out.push('// x32 numbers omit __X32_SYSCALL_BIT (0x40000000), as strace prints them; the kernel and');
  out.push('// libseccomp add the bit. arm holds the EABI table plus the ARM-private calls at 0x0f0000.');
  out.push(`// Cross-checked with libseccomp ${libseccompVersion} (scmp_sys_resolver -a ARCH NAME|NUMBER):`);
  out.push('// syscalls newer than the headers that libseccomp already names are added (LIBSECCOMP_ONLY),');
  out.push('// and names it resolves to another number are listed in LIBSECCOMP_NUMBERS: -100..-299 are');
  out.push('// socketcall/ipc multiplexed calls libseccomp still filters; <= -10000 means "not on this');
  out.push('// arch", so a profile rule with that name allows nothing there.');
  const unknown = results.filter((r) => r.check.unknown.length);
  if (unknown.length === 0) out.push(`// Every header name resolves in libseccomp ${libseccompVersion} (LIBSECCOMP_UNKNOWN is empty).`);
  for (const r of unknown) out.push(...wrap(`// Unknown to libseccomp on ${r.arch}: `, r.check.unknown));
  const notes = results.flatMap((r) => [
    ...r.check.extra.filter((e) => !r.check.only.some(([name]) => e.startsWith(`${name}=`))).map((e) => `${r.arch}:${e}`),
    ...r.check.renamed.map((e) => `${r.arch}:${e}`),
  ]);
  if (notes.length) out.push(...wrap('// libseccomp names a header number differently: ', notes));
  out.push('');
  out.push(`export type GeneratedArch = ${results.map((r) => quote(r.arch)).join(' | ')};`);
  out.push('');
  out.push('/** Per architecture, every syscall name with its number, sorted by name. */');
  out.push('export const SYSCALL_TABLES: Readonly<Record<GeneratedArch, readonly (readonly [string, number])[]>> = {');
  for (const r of results) {
    out.push(`  ${r.arch}: [`);
    for (const name of [...r.table.keys()].sort()) out.push(`    [${quote(name)}, ${r.table.get(name)}],`);
    out.push('  ],');
  }
  out.push('};');
  renderRecord(
    out,
    'Second names for a number: [alias, the name the number maps back to].',
    'SYSCALL_ALIASES: Readonly<Record<GeneratedArch, readonly (readonly [string, string])[]>>',
    results,
    (r) => r.aliases.map(([alias, canonical]) => `[${quote(alias)}, ${quote(canonical)}]`),
  );
  renderRecord(
    out,
    `Names absent from the headers above, taken from libseccomp ${libseccompVersion}.`,
    'LIBSECCOMP_ONLY: Readonly<Record<GeneratedArch, readonly string[]>>',
    results,
    (r) => r.check.only.map(([name]) => name).sort().map(quote),
  );
  renderRecord(
    out,
    `Header names libseccomp ${libseccompVersion} cannot resolve: runc skips them.`,
    'LIBSECCOMP_UNKNOWN: Readonly<Record<GeneratedArch, readonly string[]>>',
    results,
    (r) => r.check.unknown.map(quote),
  );
  renderRecord(
    out,
    `Names libseccomp ${libseccompVersion} resolves to a number other than the kernel's.`,
    'LIBSECCOMP_NUMBERS: Readonly<Record<GeneratedArch, readonly (readonly [string, number])[]>>',
    results,
    (r) => r.check.different.map(([name, number]) => `[${quote(name)}, ${number}]`),
  );
  out.push('');
  return out.join('\n');
}

async function main() {
  const kernel = await Promise.all(TARGETS.map(async (target) => ({ arch: target.arch, ...(await kernelTable(target)) })));
  const allNames = new Set(kernel.flatMap((k) => [...k.table.keys()]));
  const results = [];
  for (const k of kernel) {
    const check = await libseccompCheck(k.arch, k.table, allNames);
    const table = new Map([...k.table, ...check.only]);
    results.push({ arch: k.arch, pkg: k.pkg, table, check, aliases: aliasesOf(table, check.reverse) });
  }
  const versions = new Map();
  for (const pkg of new Set(results.map((r) => r.pkg))) versions.set(pkg, await packageVersion(pkg));
  const text = render(results, versions, await packageVersion('libseccomp2'));
  if (process.argv.includes('--check')) {
    const current = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(root, outputPath)} is out of date: run node scripts/generate-syscall-table.mjs`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(outputPath, text);
  for (const r of results) {
    const only = r.check.only.map(([name]) => name).join(' ') || '-';
    const unknownNames = r.check.unknown.join(' ') || '-';
    console.log(`${r.arch}: ${r.table.size} syscalls (from libseccomp only: ${only}); unknown to libseccomp: ${unknownNames}`);
  }
}

await main();
