// SPDX-License-Identifier: GPL-2.0
/* lazybench: machine and kernel facts for meta.json. Unknown is null, never guessed. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rundir/json.h"
#include "sysinfo.h"
#include "util.h"

extern char **environ;

const char *const lb_config_keys[LB_NCONFIG] = {
	"KASAN", "DEBUG_PAGEALLOC", "PARAVIRT", "XEN_PV", "ARCH_HAS_LAZY_MMU_MODE",
	"DEBUG_PAGEALLOC_ENABLE_DEFAULT",
};

void lb_config_parse(struct lb_sysinfo *si, const char *text)
{
	size_t k;

	for (k = 0; k < LB_NCONFIG; k++) {
		char key[64];
		const char *p;
		size_t kl;

		snprintf(si->config[k], sizeof(si->config[k]), "n");
		kl = (size_t)snprintf(key, sizeof(key), "\nCONFIG_%s=", lb_config_keys[k]);
		p = strstr(text, key + 1);
		/* the key must start a line */
		while (p && p != text && p[-1] != '\n')
			p = strstr(p + 1, key + 1);
		if (p) {
			p += kl - 1;
			if (*p == 'y' || *p == 'm')
				snprintf(si->config[k], sizeof(si->config[k]), "%c", *p);
		}
	}
}

/* /boot/config-$(uname -r), else /proc/config.gz through gzip -dc */
static char *read_config(const char **source, const char *release)
{
	char path[512];
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap + 1);
	int fd, pfd[2] = { -1, -1 };
	pid_t pid = -1;
	ssize_t n;

	if (!buf)
		return NULL;
	snprintf(path, sizeof(path), "/boot/config-%s", release);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		*source = "/boot/config";
	} else if (!access("/proc/config.gz", R_OK) && !pipe2(pfd, O_CLOEXEC)) {
		posix_spawn_file_actions_t fa;
		char *argv[] = { "gzip", "-dc", "/proc/config.gz", NULL };
		int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		if (devnull >= 0)
			posix_spawn_file_actions_adddup2(&fa, devnull, 2);
		if (posix_spawnp(&pid, "gzip", &fa, NULL, argv, environ))
			pid = -1;
		posix_spawn_file_actions_destroy(&fa);
		if (devnull >= 0)
			close(devnull);
		close(pfd[1]);
		fd = pfd[0];
		if (pid < 0) {
			close(fd);
			fd = -1;
		}
		*source = "/proc/config.gz";
	}
	if (fd < 0) {
		free(buf);
		*source = NULL;
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len)) > 0 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		len += (size_t)n;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	if (pid > 0) {
		int st;

		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			free(buf);
			*source = NULL;
			return NULL;
		}
	}
	if (!strstr(buf, "CONFIG_")) {
		free(buf);
		*source = NULL;
		return NULL;
	}
	return buf;
}

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
static void detect_emulated(struct lb_sysinfo *si)
{
	unsigned int a, b, c, d;
	char sig[13];

	snprintf(si->emulated, sizeof(si->emulated), "none");
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	if (!(c & (1u << 31))) {	/* no hypervisor bit */
		snprintf(si->emulated, sizeof(si->emulated), si->xen_pv ? "xen-pv" : "none");
		return;
	}
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	if (si->xen_pv)
		snprintf(si->emulated, sizeof(si->emulated), "xen-pv");
	else if (!strcmp(sig, "KVMKVMKVM"))
		snprintf(si->emulated, sizeof(si->emulated), "kvm");
	else if (!strcmp(sig, "TCGTCGTCGTCG"))
		snprintf(si->emulated, sizeof(si->emulated), "tcg");
	else
		snprintf(si->emulated, sizeof(si->emulated), "unknown");
}
#else
static void detect_emulated(struct lb_sysinfo *si)
{
	/* no reliable user-space test here: say so */
	snprintf(si->emulated, sizeof(si->emulated), si->xen_pv ? "xen-pv" : "unknown");
}
#endif

static void cpu_model(struct lb_sysinfo *si)
{
	char *buf = malloc(65536);
	static const char *const keys[] = { "model name", "Hardware", "cpu model" };
	size_t k;

	si->cpu_model[0] = '\0';
	if (!buf)
		return;
	if (lb_read_text("/proc/cpuinfo", buf, 65536))
		buf[0] = '\0';
	{
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && !si->cpu_model[0]; k++) {
			char *p = strstr(buf, keys[k]), *e;

			if (!p || !(p = strchr(p, ':')))
				continue;
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			e = strchr(p, '\n');
			snprintf(si->cpu_model, sizeof(si->cpu_model), "%.*s",
				 (int)(e ? e - p : (long)strlen(p)), p);
		}
	}
	/* arm64 has no model name: implementer and part identify the core */
	if (!si->cpu_model[0]) {
		char impl[16] = "", part[16] = "";
		char *p;

		p = strstr(buf, "CPU implementer");
		if (p && (p = strchr(p, ':')))
			sscanf(p + 1, "%15s", impl);
		p = strstr(buf, "CPU part");
		if (p && (p = strchr(p, ':')))
			sscanf(p + 1, "%15s", part);
		if (impl[0] || part[0])
			snprintf(si->cpu_model, sizeof(si->cpu_model),
				 "CPU implementer %s, CPU part %s", impl, part);
	}
	free(buf);
}

/* x86's tlb_single_page_flush_ceiling from debugfs ($LAZYBENCH_DEBUGFS overrides the root) */
static void tlb_ceiling(struct lb_sysinfo *si)
{
	const char *root = getenv("LAZYBENCH_DEBUGFS");
	char path[320], buf[32];
	int r;

	si->tlb_ceiling = -1;
#if defined(__x86_64__) || defined(__i386__)
	if (!root || !*root)
		root = "/sys/kernel/debug";
	snprintf(path, sizeof(path), "%.256s/x86/tlb_single_page_flush_ceiling", root);
	r = lb_read_text(path, buf, sizeof(buf));
	if (!r) {
		char *end;
		long v = strtol(buf, &end, 10);

		if (end != buf && !*end && v >= 0) {
			si->tlb_ceiling = v;
			snprintf(si->tlb_ceiling_why, sizeof(si->tlb_ceiling_why), "%.120s", path);
			return;
		}
		snprintf(si->tlb_ceiling_why, sizeof(si->tlb_ceiling_why), "unreadable value in "
			 "%.90s", path);
		return;
	}
	snprintf(si->tlb_ceiling_why, sizeof(si->tlb_ceiling_why), "%.80s: %.40s%s", path,
		 strerror(-r), r == -ENOENT ? " (debugfs not mounted?)" : "");
#else
	(void)root;
	(void)path;
	(void)buf;
	(void)r;
	snprintf(si->tlb_ceiling_why, sizeof(si->tlb_ceiling_why), "x86 only");
#endif
}

void lb_sysinfo_collect(struct lb_sysinfo *si, int cpu)
{
	struct utsname u;
	char path[256], buf[64], *cfg;
	const char *env;

	memset(si, 0, sizeof(*si));
	if (!uname(&u)) {
		snprintf(si->hostname, sizeof(si->hostname), "%s", u.nodename);
		snprintf(si->arch, sizeof(si->arch), "%s", u.machine);
		snprintf(si->release, sizeof(si->release), "%s", u.release);
		snprintf(si->version, sizeof(si->version), "%s", u.version);
	}
	cpu_model(si);
	si->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	si->page_size = sysconf(_SC_PAGESIZE);
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor",
		 cpu < 0 ? 0 : cpu);
	lb_read_text(path, si->governor, sizeof(si->governor));
	if (lb_read_text("/sys/devices/system/cpu/cpufreq/boost", si->boost, sizeof(si->boost)))
		si->boost[0] = '\0';
	lb_read_text("/proc/cmdline", si->cmdline, sizeof(si->cmdline));
	if (!lb_read_text("/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof(buf))) {
		char *l = strchr(buf, '['), *r = l ? strchr(l, ']') : NULL;

		if (l && r)
			snprintf(si->thp, sizeof(si->thp), "%.*s", (int)(r - l - 1), l + 1);
	}
	lb_read_text("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		     si->clocksource, sizeof(si->clocksource));
	tlb_ceiling(si);

	cfg = read_config(&si->config_source, si->release);
	if (cfg) {
		lb_config_parse(si, cfg);
		free(cfg);
	}
	/* debug_pagealloc: on when the cmdline says so, or by config default */
	si->debug_pagealloc = -1;
	if (strstr(si->cmdline, "debug_pagealloc=on") || strstr(si->cmdline, "debug_pagealloc=1"))
		si->debug_pagealloc = 1;
	else if (si->config_source && !strcmp(si->config[1], "n"))
		si->debug_pagealloc = 0;
	else if (strstr(si->cmdline, "debug_pagealloc=off") ||
		 strstr(si->cmdline, "debug_pagealloc=0"))
		si->debug_pagealloc = 0;
	else if (si->config_source)
		si->debug_pagealloc = !strcmp(si->config[5], "y");

	si->xen_pv = 0;
	if (!lb_read_text("/sys/hypervisor/type", buf, sizeof(buf)) && !strcmp(buf, "xen")) {
		char gt[32];

		if (!lb_read_text("/sys/hypervisor/guest_type", gt, sizeof(gt)))
			si->xen_pv = !strcmp(gt, "PV");
		else
			si->xen_pv = !access("/proc/xen", F_OK);
	}
	env = getenv("LAZYBENCH_EMULATED");
	if (env && *env)
		snprintf(si->emulated, sizeof(si->emulated), "%s", env);
	else
		detect_emulated(si);
}

/* the kinds host.emulated may hold (docs/FORMAT.md); LAZYBENCH_EMULATED must be one */
static const char *const emulated_kinds[] = { "tcg", "kvm", "xen-pv", "none", "unknown" };

int lb_emulated_ok(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(emulated_kinds) / sizeof(emulated_kinds[0]); i++)
		if (!strcmp(kind, emulated_kinds[i]))
			return 1;
	return 0;
}

int lb_is_tcg(const struct lb_sysinfo *si)
{
	return !strcmp(si->emulated, "tcg");
}

static void str_or_null(FILE *f, const char *s)
{
	json_put_str(f, s && *s ? s : NULL);
}

void lb_sysinfo_json(FILE *f, const struct lb_sysinfo *si, const char *ref_counter)
{
	size_t k;

	fputs("  \"host\": {\"hostname\": ", f);
	str_or_null(f, si->hostname);
	fputs(", \"arch\": ", f);
	str_or_null(f, si->arch);
	fputs(", \"cpu_model\": ", f);
	str_or_null(f, si->cpu_model);
	fprintf(f, ", \"ncpus\": %ld, \"governor\": ", si->ncpus);
	str_or_null(f, si->governor);
	fputs(", \"boost\": ", f);
	str_or_null(f, si->boost);
	fputs(", \"emulated\": ", f);
	str_or_null(f, si->emulated);
	fputs("},\n  \"kernel\": {\"release\": ", f);
	str_or_null(f, si->release);
	fputs(", \"version\": ", f);
	str_or_null(f, si->version);
	fputs(", \"cmdline\": ", f);
	str_or_null(f, si->cmdline);
	fprintf(f, ", \"page_size\": %ld, \"thp\": ", si->page_size);
	str_or_null(f, si->thp);
	fputs(",\n             \"config_source\": ", f);
	json_put_str(f, si->config_source);
	fputs(", \"config\": {", f);
	for (k = 0; k < LB_NCONFIG; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", lb_config_keys[k]);
		json_put_str(f, si->config_source ? si->config[k] : NULL);
	}
	fputs("},\n             \"debug_pagealloc_enabled\": ", f);
	fputs(si->debug_pagealloc < 0 ? "null" : si->debug_pagealloc ? "true" : "false", f);
	fprintf(f, ", \"xen_pv_domain\": %s, \"lazy_mmu_api\": null,\n",
		si->xen_pv ? "true" : "false");
	fputs("             \"tlb_single_page_flush_ceiling\": ", f);
	if (si->tlb_ceiling >= 0)
		fprintf(f, "%ld", si->tlb_ceiling);
	else
		fputs("null", f);
	fputs(", \"tlb_single_page_flush_ceiling_source\": ", f);
	str_or_null(f, si->tlb_ceiling_why);
	fputs("},\n", f);
	fputs("  \"clock\": {\"timer\": \"CLOCK_MONOTONIC_RAW\", \"clocksource\": ", f);
	str_or_null(f, si->clocksource);
	fputs(", \"ref_counter\": ", f);
	json_put_str(f, ref_counter);
	fputs("},\n", f);
}
