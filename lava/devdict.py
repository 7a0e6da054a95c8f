#!/usr/bin/python3
"""devdict.py: LAVA device dictionaries rendered with lava-server's own device-type templates.

usage: devdict.py render DEVICE.jinja2|TYPE [--job JOB.yaml] [--set KEY=VALUE]...
       devdict.py instantiate DEVICE.jinja2 [--set KEY=VALUE]...
       devdict.py type DEVICE.jinja2

  render       print the device dictionary as a LAVA server hands it to its dispatcher:
               the jinja2 file (or `{% extends 'TYPE.jinja2' %}` for a bare device type)
               rendered with the job's context, by lava-server's own rules
               (lava_scheduler_app.environment: a sandboxed jinja2 environment over the
               server's device-type directories, autoescape off, trim_blocks)
  instantiate  print the device dictionary as a server stores it: the file with the
               variables it takes from the machine (lazybench_dir, tftp_dir, and --set)
               written in, for /etc/lava-server/dispatcher-config/devices/NAME.jinja2
  type         print the device type a dictionary is of (the template it extends)

The templates are lava-server's (Debian 12: lava-server 2023.01, /usr/share/lava-server/
device-types/ and the admin's /etc/lava-server/dispatcher-config/device-types/). Nothing
of LAVA's is copied here: the dictionaries in lava/devices/ hold only what is particular
to a board (its connection and power commands, console, load addresses).
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# lava_server.settings.common.DEVICE_TYPES_PATHS, in the server's order
TEMPLATE_DIRS = ["/etc/lava-server/dispatcher-config/device-types",
                 "/usr/share/lava-server/device-types"]
EXTENDS = re.compile(r"""\{%-?\s*extends\s+['"]([^'"]+)\.jinja2['"]\s*-?%\}""")


class Error(Exception):
    pass


def template_dirs():
    dirs = [d for d in TEMPLATE_DIRS if os.path.isfile(os.path.join(d, "base.jinja2"))]
    if not dirs:
        raise Error("lava-server's device-type templates not found in %s (apt-get install lava-server)"
                    % " or ".join(TEMPLATE_DIRS))
    return dirs


def device_types():
    """The device types the installed lava-server has a template for."""
    names = set()
    for d in template_dirs():
        names.update(f[:-7] for f in os.listdir(d) if f.endswith(".jinja2") and not f.startswith("base"))
    return sorted(names)


def has_type(name):
    return any(os.path.isfile(os.path.join(d, name + ".jinja2")) for d in template_dirs())


def tftp_dir():
    """The TFTP root LAVA's dispatcher uses (lava_dispatcher.utils.filesystem.tftpd_dir)."""
    try:
        for line in open("/etc/default/tftpd-hpa"):
            m = re.match(r'\s*TFTP_DIRECTORY="?([^"\n]*)"?', line)
            if m:
                return m.group(1)
    except OSError:
        pass
    return "/srv/tftp"


def machine_vars(extra=None):
    v = {"lazybench_dir": HERE, "tftp_dir": tftp_dir()}
    v.update(extra or {})
    return v


def _quote(v):
    return "'" + str(v).replace("\\", "\\\\").replace("'", "\\'") + "'"


def instantiate(path, extra=None):
    """The dictionary's text with the machine's variables set at its top (as stored on a server)."""
    try:
        text = open(path).read()
    except OSError as e:
        raise Error("device dictionary '%s': %s" % (path, e.strerror))
    if not EXTENDS.search(text):
        raise Error("'%s' is not a LAVA device dictionary (no {%% extends 'TYPE.jinja2' %%})" % path)
    head = "".join("{%% set %s = %s %%}\n" % (k, _quote(v)) for k, v in sorted(machine_vars(extra).items()))
    return head + text


def type_of(text):
    m = EXTENDS.search(text)
    return m.group(1) if m else None


def render_text(text, job_ctx=None):
    """Render a device dictionary's text as lava-server does (models.Device.load_configuration)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    dtype = type_of(text)
    if dtype is None:
        raise Error("not a LAVA device dictionary (no {% extends 'TYPE.jinja2' %})")
    if not has_type(dtype):
        raise Error("no device type '%s' in lava-server's templates (%s)" % (dtype, ", ".join(template_dirs())))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({"device.jinja2": text}),
                                    jinja2.FileSystemLoader(template_dirs())]),
        autoescape=False, trim_blocks=True, cache_size=-1)
    try:
        return env.get_template("device.jinja2").render(**(job_ctx or {}))
    except jinja2.TemplateError as e:
        raise Error("rendering the '%s' template failed: %s" % (dtype, e))


def load(device, job_ctx=None, extra=None):
    """(device type, rendered YAML text) of a dictionary file or a bare device type name."""
    if os.path.sep in device or device.endswith(".jinja2"):
        text = instantiate(device, extra)
    else:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+-]*", device) or not has_type(device):
            raise Error("no device type '%s' in lava-server's templates (%s)" % (device, ", ".join(template_dirs())))
        text = "{%% extends '%s.jinja2' %%}\n" % device
    return type_of(text), render_text(text, job_ctx)


def _parse(argv):
    o = {"cmd": None, "device": None, "job": None, "set": {}}
    if not argv or argv[0] not in ("render", "instantiate", "type"):
        raise Error("usage: devdict.py render|instantiate|type DEVICE [--job JOB.yaml] [--set K=V]...")
    o["cmd"] = argv[0]
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--job", "--set") and i + 1 < len(argv):
            if a == "--job":
                o["job"] = argv[i + 1]
            else:
                k, eq, v = argv[i + 1].partition("=")
                if not eq or not re.fullmatch(r"[a-z_][a-z0-9_]*", k):
                    raise Error("--set wants KEY=VALUE, not '%s'" % argv[i + 1])
                o["set"][k] = v
            i += 2
        elif o["device"] is None and not a.startswith("-"):
            o["device"] = a
            i += 1
        else:
            raise Error("unknown argument '%s'" % a)
    if not o["device"]:
        raise Error("name a device dictionary (or, for render, a device type)")
    return o


def main(argv):
    o = _parse(argv)
    if o["cmd"] == "type":
        print(type_of(instantiate(o["device"])) or "")
        return 0
    if o["cmd"] == "instantiate":
        sys.stdout.write(instantiate(o["device"], o["set"]))
        return 0
    ctx = {}
    if o["job"]:
        import yaml
        try:
            job = yaml.safe_load(open(o["job"]))
        except (OSError, yaml.YAMLError) as e:
            raise Error("job '%s': %s" % (o["job"], getattr(e, "strerror", None) or str(e).splitlines()[0]))
        ctx = (job or {}).get("context") or {} if isinstance(job, dict) else {}
    sys.stdout.write(load(o["device"], ctx, o["set"])[1])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Error as e:
        print("devdict: %s" % e, file=sys.stderr)
        sys.exit(2)
