/*
 * seccomp-exec — load a seccomp filter through libseccomp, then exec a command under it.
 *
 *   seccomp-exec [--check] SPEC_FILE -- COMMAND [ARG...]
 *
 * `seccomp-learner verify` runs this under `strace -f`: the filter is built from SPEC_FILE (written
 * by src/verify/filter-spec.ts), NO_NEW_PRIVS is set, the filter is loaded (the trace shows it as
 * `seccomp(SECCOMP_SET_MODE_FILTER, ...)`), and COMMAND is exec'd with PATH lookup. Nothing runs
 * between the load and execvp, so every traced call after the marker belongs to the workload.
 *
 *   --check   build the filter but neither load it nor exec anything (validates a spec; no COMMAND);
 *             a filter longer than the kernel's BPF_MAXINSNS (4096) instructions is an error here
 *
 * SPEC_FILE is plain text, one directive per line (at most 4096 characters), tokens separated by
 * spaces or tabs; blank lines and lines starting with `#` are ignored. The first directive is the
 * header, the second `default`; the native architecture is always in the filter:
 *
 *   seccomp-exec-spec 1
 *   default ACTION DATA                      the action for calls no rule matches
 *   arch NAME                                libseccomp arch name: x86_64, x86, x32, aarch64 ...
 *   flag log|spec_allow|tsync                SECCOMP_FILTER_FLAG_* for the load
 *   rule ACTION DATA SYSCALL [INDEX OP VALUE VALUE_TWO]...   up to 6 conditions, AND-ed
 *
 *   ACTION  allow | log | errno | trace | trap | kill_thread | kill_process | notify
 *   DATA    decimal; the errno for `errno` (0..4095), the message for `trace` (0..65535), else 0
 *   OP      ne | lt | le | eq | ge | gt | masked_eq    (masked_eq: (arg & VALUE) == VALUE_TWO)
 *   VALUE   unsigned 64-bit decimal; VALUE_TWO is 0 when the operator does not use it
 *
 * Syscall names are resolved by libseccomp for every architecture in the filter; a name no
 * architecture knows is an error. A rule whose action equals the default action is skipped, as
 * runc does (libseccomp would refuse it).
 *
 * Exit status, as env(1) and docker use it, so a caller can tell this helper from the command:
 *   125  usage, unreadable or invalid spec, libseccomp failure (message on stderr, prefixed
 *        "seccomp-exec: ")
 *   126  COMMAND was found but could not be executed (e.g. EACCES, or execve denied by the filter)
 *   127  COMMAND was not found
 *   otherwise COMMAND's own status (the process image is replaced).
 *
 * Build: cc -O2 -Wall -Wextra -o tracer/build/seccomp-exec tracer/seccomp-exec.c -lseccomp
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

enum { EXIT_HELPER = 125, EXIT_CANNOT_EXEC = 126, EXIT_NOT_FOUND = 127 };
enum { MAX_TOKENS = 4 + 6 * 4 + 1, MAX_ARCHES = 16, MAX_CONDITIONS = 6 };

#define USAGE "usage: seccomp-exec [--check] SPEC_FILE -- COMMAND [ARG...]"

static const char *spec_path = "spec";
static unsigned long line_number;

static void die(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *format, ...)
{
	va_list ap;
	fputs("seccomp-exec: ", stderr);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_HELPER);
}

/* Errors about the spec name the file and line so the TypeScript side can show them as they are. */
static void die_spec(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die_spec(const char *format, ...)
{
	va_list ap;
	fprintf(stderr, "seccomp-exec: %s:%lu: ", spec_path, line_number);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_HELPER);
}

/* strtoull accepts signs, spaces and empty strings; a spec number is digits only, no overflow. */
static uint64_t parse_number(const char *text, uint64_t max, const char *what)
{
	if (text[0] < '0' || text[0] > '9')
		die_spec("%s \"%.40s\" is not an unsigned decimal number", what, text);
	errno = 0;
	char *end = NULL;
	unsigned long long value = strtoull(text, &end, 10);
	if (errno == ERANGE || *end != '\0' || value > max)
		die_spec("%s \"%.40s\" is not a number in 0..%llu", what, text, (unsigned long long)max);
	return (uint64_t)value;
}

static uint32_t parse_action(const char *name, const char *data_text)
{
	if (strcmp(name, "errno") == 0)
		return SCMP_ACT_ERRNO((uint32_t)parse_number(data_text, 4095, "errno"));
	if (strcmp(name, "trace") == 0)
		return SCMP_ACT_TRACE((uint32_t)parse_number(data_text, 65535, "trace message"));
	parse_number(data_text, 0, "action data");
	if (strcmp(name, "allow") == 0)
		return SCMP_ACT_ALLOW;
	if (strcmp(name, "log") == 0)
		return SCMP_ACT_LOG;
	if (strcmp(name, "trap") == 0)
		return SCMP_ACT_TRAP;
	if (strcmp(name, "kill_thread") == 0)
		return SCMP_ACT_KILL_THREAD;
	if (strcmp(name, "kill_process") == 0)
		return SCMP_ACT_KILL_PROCESS;
	if (strcmp(name, "notify") == 0)
		return SCMP_ACT_NOTIFY;
	die_spec("unknown action \"%.40s\" (expected allow, log, errno, trace, trap, kill_thread, kill_process or notify)", name);
}

static enum scmp_compare parse_operator(const char *name)
{
	static const struct { const char *name; enum scmp_compare op; } operators[] = {
		{ "ne", SCMP_CMP_NE }, { "lt", SCMP_CMP_LT }, { "le", SCMP_CMP_LE }, { "eq", SCMP_CMP_EQ },
		{ "ge", SCMP_CMP_GE }, { "gt", SCMP_CMP_GT }, { "masked_eq", SCMP_CMP_MASKED_EQ },
	};
	for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
		if (strcmp(name, operators[i].name) == 0)
			return operators[i].op;
	die_spec("unknown operator \"%.40s\" (expected ne, lt, le, eq, ge, gt or masked_eq)", name);
}

struct filter {
	scmp_filter_ctx ctx;
	uint32_t default_action;
	uint32_t arches[MAX_ARCHES];
	size_t arch_count;
};

/* A name counts as known when any architecture of the filter has it (pseudo numbers included). */
static int resolve_syscall(const struct filter *filter, const char *name)
{
	for (size_t i = 0; i < filter->arch_count; i++)
		if (seccomp_syscall_resolve_name_arch(filter->arches[i], name) != __NR_SCMP_ERROR)
			return seccomp_syscall_resolve_name(name);
	die_spec("unknown syscall name \"%.64s\" (no architecture of the filter has it)", name);
}

static void add_arch(struct filter *filter, const char *name)
{
	uint32_t arch = seccomp_arch_resolve_name(name);
	if (arch == 0)
		die_spec("unknown architecture \"%.40s\" (expected a libseccomp name such as x86_64, x86, x32, aarch64)", name);
	for (size_t i = 0; i < filter->arch_count; i++)
		if (filter->arches[i] == arch)
			return;
	if (filter->arch_count == MAX_ARCHES)
		die_spec("more than %d architectures", MAX_ARCHES);
	int rc = seccomp_arch_add(filter->ctx, arch);
	if (rc != 0 && rc != -EEXIST)
		die_spec("cannot add architecture %s: %s%s", name, strerror(-rc),
			 rc == -EDOM ? " (libseccomp cannot mix its byte order or word size with the native one)" : "");
	filter->arches[filter->arch_count++] = arch;
}

static void set_flag(struct filter *filter, const char *name)
{
	enum scmp_filter_attr attr;
	if (strcmp(name, "log") == 0)
		attr = SCMP_FLTATR_CTL_LOG;
	else if (strcmp(name, "spec_allow") == 0)
		attr = SCMP_FLTATR_CTL_SSB;
	else if (strcmp(name, "tsync") == 0)
		attr = SCMP_FLTATR_CTL_TSYNC;
	else
		die_spec("unknown flag \"%.40s\" (expected log, spec_allow or tsync)", name);
	int rc = seccomp_attr_set(filter->ctx, attr, 1);
	if (rc != 0)
		die_spec("cannot set flag %s: %s", name, strerror(-rc));
}

static void add_rule(struct filter *filter, char **tokens, size_t count)
{
	if (count < 4 || (count - 4) % 4 != 0)
		die_spec("a rule is: rule ACTION DATA SYSCALL [INDEX OP VALUE VALUE_TWO]...");
	size_t condition_count = (count - 4) / 4;
	if (condition_count > MAX_CONDITIONS)
		die_spec("more than %d argument conditions", MAX_CONDITIONS);
	uint32_t action = parse_action(tokens[1], tokens[2]);
	int syscall_number = resolve_syscall(filter, tokens[3]);
	struct scmp_arg_cmp conditions[MAX_CONDITIONS];
	memset(conditions, 0, sizeof conditions);
	for (size_t i = 0; i < condition_count; i++) {
		char **condition = tokens + 4 + i * 4;
		conditions[i].arg = (unsigned int)parse_number(condition[0], MAX_CONDITIONS - 1, "argument index");
		conditions[i].op = parse_operator(condition[1]);
		conditions[i].datum_a = parse_number(condition[2], UINT64_MAX, "value");
		conditions[i].datum_b = parse_number(condition[3], UINT64_MAX, "valueTwo");
	}
	if (action == filter->default_action)
		return;
	int rc = seccomp_rule_add_array(filter->ctx, action, syscall_number, (unsigned int)condition_count, conditions);
	if (rc != 0)
		die_spec("libseccomp refused the rule for %s: %s", tokens[3], strerror(-rc));
}

/* Splits in place; returns the token count, or MAX_TOKENS when the line has too many. */
static size_t tokenize(char *line, char **tokens)
{
	size_t count = 0;
	char *save = NULL;
	for (char *token = strtok_r(line, " \t\r\n", &save); token; token = strtok_r(NULL, " \t\r\n", &save)) {
		if (count == MAX_TOKENS)
			return MAX_TOKENS;
		tokens[count++] = token;
	}
	return count;
}

static void read_spec(FILE *input, struct filter *filter)
{
	char *line = NULL;
	size_t capacity = 0;
	bool seen_header = false;
	ssize_t length;
	while ((length = getline(&line, &capacity, input)) != -1) {
		line_number++;
		if (length > 4096)
			die_spec("line longer than 4096 characters");
		if (strlen(line) != (size_t)length)
			die_spec("a NUL byte inside the line");
		char *tokens[MAX_TOKENS];
		size_t count = tokenize(line, tokens);
		if (count == 0 || tokens[0][0] == '#')
			continue;
		if (count == MAX_TOKENS)
			die_spec("too many fields (at most %d)", MAX_TOKENS - 1);
		if (!seen_header) {
			if (count != 2 || strcmp(tokens[0], "seccomp-exec-spec") != 0 || strcmp(tokens[1], "1") != 0)
				die_spec("expected the header \"seccomp-exec-spec 1\"");
			seen_header = true;
		} else if (strcmp(tokens[0], "default") == 0) {
			if (filter->ctx)
				die_spec("a second default directive");
			if (count != 3)
				die_spec("expected: default ACTION DATA");
			filter->default_action = parse_action(tokens[1], tokens[2]);
			filter->ctx = seccomp_init(filter->default_action);
			if (!filter->ctx)
				die_spec("libseccomp could not create a filter with this default action");
			filter->arches[filter->arch_count++] = seccomp_arch_native();
		} else if (!filter->ctx) {
			die_spec("expected the default directive before \"%.40s\"", tokens[0]);
		} else if (strcmp(tokens[0], "arch") == 0) {
			if (count != 2)
				die_spec("expected: arch NAME");
			add_arch(filter, tokens[1]);
		} else if (strcmp(tokens[0], "flag") == 0) {
			if (count != 2)
				die_spec("expected: flag NAME");
			set_flag(filter, tokens[1]);
		} else if (strcmp(tokens[0], "rule") == 0) {
			add_rule(filter, tokens, count);
		} else {
			die_spec("unknown directive \"%.40s\" (expected default, arch, flag or rule)", tokens[0]);
		}
	}
	if (ferror(input))
		die("cannot read %s: %s", spec_path, strerror(errno));
	free(line);
	if (!filter->ctx)
		die("%s: no default directive", spec_path);
}

/*
 * The kernel refuses a filter longer than BPF_MAXINSNS instructions, and libseccomp then reports only
 * "Operation canceled". Counting the exported program says why; runc and crun fail the same way.
 */
static void check_length(const struct filter *filter)
{
	int fd = memfd_create("seccomp-exec-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return;
	off_t bytes = seccomp_export_bpf(filter->ctx, fd) == 0 ? lseek(fd, 0, SEEK_END) : -1;
	close(fd);
	long instructions = bytes < 0 ? 0 : (long)(bytes / (off_t)sizeof(struct sock_filter));
	if (instructions > BPF_MAXINSNS)
		die("the filter is %ld BPF instructions, more than the %d the kernel loads in one filter (runc and crun cannot load it either): fewer argument conditions or rules are needed",
		    instructions, BPF_MAXINSNS);
}

int main(int argc, char **argv)
{
	int i = 1;
	bool check_only = i < argc && strcmp(argv[i], "--check") == 0;
	if (check_only)
		i++;
	if (i >= argc || (argv[i][0] == '-' && argv[i][1] != '\0'))
		die(USAGE);
	spec_path = argv[i++];
	char **command = NULL;
	if (!check_only) {
		if (i + 1 >= argc || strcmp(argv[i], "--") != 0)
			die(USAGE);
		command = argv + i + 1;
	} else if (i != argc) {
		die(USAGE);
	}

	FILE *input = fopen(spec_path, "re");
	if (!input)
		die("cannot open %s: %s", spec_path, strerror(errno));
	struct filter filter = { 0 };
	read_spec(input, &filter);
	fclose(input);

	if (check_only) {
		check_length(&filter);
		seccomp_release(filter.ctx);
		return 0;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die("cannot set no_new_privs: %s", strerror(errno));
	/* Already set above, visibly; libseccomp would otherwise set it again inside the load. */
	seccomp_attr_set(filter.ctx, SCMP_FLTATR_CTL_NNP, 0);
	int rc = seccomp_load(filter.ctx);
	if (rc != 0)
		die("cannot load the filter: %s", strerror(-rc));
	/* No seccomp_release: freeing could munmap, a syscall the workload's profile may not allow. */
	execvp(command[0], command);
	int exec_errno = errno;
	fprintf(stderr, "seccomp-exec: cannot execute %s: %s\n", command[0], strerror(exec_errno));
	return exec_errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}
