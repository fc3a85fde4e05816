"""Cold-start benchmark of check-account against the original Python function, both against one moto_server.

Run it through scripts/cold-start.sh, which builds the artifact first. Every cold run is a new process, timed by this
script with os.wait4 (the child's own wall time, user+system CPU time and peak resident memory, as GNU time reports
them); the variants run alternately, one run each per round, so that drift on a shared machine hits them alike. The
warm latency is measured inside one process over many invocations (Java: core's Invoke --repeat; Python: a loop).

    python3 benchmark.py --jar functions/check-account/target/check-account.jar --work target/cold-start [--runs 10]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile

from runtime_api import RuntimeApi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HANDLER = "com.auditremediation.checkaccount.CheckAccountHandler::handleRequest"
BOOTSTRAP = "com.auditremediation.core.runtime.Invoke"
# AWS's runtime interface client, the way Lambda's managed Java runtimes start a function (its main class takes the
# handler); its classpath comes from scripts/cold-start/runtime-client/pom.xml (cold-start.sh resolves it).
RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
ACCOUNT_ID = "123456789012"


def template_jvm_options():
    """What template.yaml sets for every function (Globals, JAVA_TOOL_OPTIONS): passed on the command line here, so
    that the JVM does not print "Picked up JAVA_TOOL_OPTIONS" and the training runs see the same flags."""
    with open(os.path.join(ROOT, "template.yaml"), encoding="utf-8") as file:
        for line in file:
            if line.strip().startswith("JAVA_TOOL_OPTIONS:"):
                return line.split(":", 1)[1].split()
    return []


C1_ONLY = template_jvm_options()


def template_memory_mb():
    """The functions' MemorySize in template.yaml (Globals)."""
    with open(os.path.join(ROOT, "template.yaml"), encoding="utf-8") as file:
        for line in file:
            if line.strip().startswith("MemorySize:"):
                return int(line.split(":", 1)[1])
    return 1024


FUNCTION_MEMORY_MB = template_memory_mb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True, help="check-account's deployable artifact")
    parser.add_argument("--work", required=True, help="folder for events, AOT caches and logs")
    parser.add_argument("--runs", type=int, default=10, help="cold runs per variant (default 10)")
    parser.add_argument("--warm", type=int, default=200, help="warm invocations per language (default 200; 0 skips)")
    parser.add_argument("--java", default=shutil.which("java"), help="the JDK 17+ java (default: java on the PATH)")
    parser.add_argument("--java25", default=None, help="a JDK 25+ java for the AOT-cache variants (default: found)")
    parser.add_argument("--baseline-jar", default=None, help="an earlier build of check-account.jar: adds its caller-identity and every-check runs (JDK 25 + its own AOT cache, else AppCDS) to compare a change in one run")
    parser.add_argument("--runtime-client-cp", default=None, help="classpath of AWS's runtime interface client: adds the rows that start the handler as Lambda does (from cold-start.sh)")
    parser.add_argument("--floor-jar", default=None, help="scripts/cold-start/floor's jar: adds the floor rows (a handler that does nothing; the Python function with the plain SDK) on the runtime-client path")
    parser.add_argument("--only-runtime-client", action="store_true", help="only the Python rows and the runtime-client rows (shorter runs while working on that path)")
    parser.add_argument("--class-timeline", action="store_true", help="instead of the benchmark: one runtime-client run with -Xlog:class+load, and where its time goes")
    parser.add_argument("--stand-in-cp", default=None, help="classpath of local-aws (from cold-start.sh): puts the stand-in in front of moto, so that every check (the calls moto lacks included) gives a real verdict")
    parser.add_argument("--cli", action="store_true", help="also time the CLI's invoke (java -jar cli/target/audit-remediation-cli.jar invoke: the CLI's JVM too)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    java25 = args.java25 or find_java25()

    events = write_events(args.work)
    with Moto(args.work, args.java, args.stand_in_cp) as moto, RuntimeApi() as runtime_api:
        env = function_env(moto.endpoint)
        if args.class_timeline:
            return class_timeline(args, events, env, runtime_api)
        variants = build_variants(args, java25, events, env, runtime_api)
        print(f"== {len(variants)} variants, {args.runs} cold runs each, alternating; moto at {moto.endpoint}; "
              f"load average {' '.join('%.2f' % load for load in os.getloadavg())}")
        for variant in variants:
            print(f"   {variant.name:<22} {variant.description}")
        print("== one uncounted run of each (moto builds an account's backends on first use)")
        for variant in variants:
            variant.run(counted=False)
        for run in range(1, args.runs + 1):
            line = []
            for variant in variants:
                sample = variant.run()
                line.append(f"{variant.name} {sample['wall']:.2f}s")
            print(f"run {run:2d}: " + "  ".join(line), flush=True)
        warm = measure_warm(args, java25, events, env) if args.warm > 0 else {}
    report(args, variants, warm, java25)
    print(f"== load average at the end: {' '.join('%.2f' % load for load in os.getloadavg())}")


def find_java25():
    """JDK 25 or later: JAVA25_HOME, then Temurin's usual place, then java on the PATH if it is 25+."""
    candidates = []
    if os.environ.get("JAVA25_HOME"):
        candidates.append(os.path.join(os.environ["JAVA25_HOME"], "bin", "java"))
    if os.path.isdir("/usr/lib/jvm"):
        for name in sorted(os.listdir("/usr/lib/jvm"), reverse=True):
            candidates.append(os.path.join("/usr/lib/jvm", name, "bin", "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for java in candidates:
        if os.access(java, os.X_OK) and java_major(java) >= 25:
            return java
    return None


def java_major(java):
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    version = out.split('"')[1] if '"' in out else "0"
    return int(version.split(".")[0].split("-")[0] or 0)


def write_events(work):
    events = {
        # The walkthrough's event, as is: the Java function then runs every check (its default).
        "walkthrough": {"TargetAccountId": ACCOUNT_ID},
        # Like for like with the Python function: AssumeRole + GetCallerIdentity only.
        "identity": {"TargetAccountId": ACCOUNT_ID, "Checks": ["caller-identity"]},
    }
    paths = {}
    for name, event in events.items():
        paths[name] = os.path.join(work, name + ".json")
        with open(paths[name], "w", encoding="utf-8") as file:
            json.dump(event, file)
    return paths


def function_env(endpoint):
    env = dict(os.environ)
    env.update({
        "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "EXECUTION_ROLE_NAME": "aws-controltower-AdministratorExecutionRole",
        "AWS_LAMBDA_FUNCTION_NAME": "audit-remediation-check-account", "AWS_LAMBDA_FUNCTION_TIMEOUT": "240",
    })
    env.pop("JAVA_TOOL_OPTIONS", None)
    return env


class Variant:
    def __init__(self, name, description, command, event, env, expect, runner=None, snapstart=False):
        self.name, self.description, self.command, self.event, self.env, self.expect = name, description, command, event, env, expect
        self.runner = runner or timed
        self.snapstart = snapstart
        self.samples = []

    def run(self, counted=True):
        sample = self.runner(self.command, self.event, self.env, self.expect, self.name)
        if counted:
            self.samples.append(sample)
        return sample

    def median(self, key):
        return statistics.median(sample[key] for sample in self.samples)


def build_variants(args, java25, events, env, runtime_api):
    python = [sys.executable, os.path.join(HERE, "invoke_python.py")]
    java17 = [args.java] + C1_ONLY
    variants = [
        Variant("python", "boto3, the original function (AssumeRole + GetCallerIdentity)",
                python + [events["walkthrough"]], None, env, '"status": "success"'),
    ]
    if args.runtime_client_cp:
        variants += runtime_client_variants(args, java25, events, env, runtime_api)
    if args.only_runtime_client:
        return variants
    variants += [
        Variant("java", "our Invoke bootstrap, JDK %d, template flags (C1), walkthrough event (every check)" % java_major(args.java),
                java17 + ["-cp", args.jar, BOOTSTRAP, HANDLER], events["walkthrough"], env, '"status":"SUCCEEDED"'),
        Variant("java-identity", "our Invoke bootstrap, JDK %d, template flags (C1), caller-identity only (like for like)" % java_major(args.java),
                java17 + ["-cp", args.jar, BOOTSTRAP, HANDLER], events["identity"], env, '"status":"SUCCEEDED"'),
    ]
    # Every JDK since 13 can archive the classes a training run loaded (AppCDS); the fallback where JDK 25 is missing.
    cds = train_cache([args.java], "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", args.jar, events["walkthrough"],
                      os.path.join(args.work, "check-account.jsa"), env)
    variants += [
        Variant("cds", "our Invoke bootstrap, JDK %d + AppCDS archive, C1, walkthrough event (every check)" % java_major(args.java),
                java17 + [cds, "-cp", args.jar, BOOTSTRAP, HANDLER], events["walkthrough"], env, '"status":"SUCCEEDED"'),
        Variant("cds-identity", "our Invoke bootstrap, JDK %d + AppCDS archive, C1, caller-identity only" % java_major(args.java),
                java17 + [cds, "-cp", args.jar, BOOTSTRAP, HANDLER], events["identity"], env, '"status":"SUCCEEDED"'),
    ]
    if java25 is None:
        print("== no JDK 25 or later found (set JAVA25_HOME): the AOT-cache variants are left out")
    else:
        aot = train_cache([java25], "-XX:AOTCacheOutput=", "-XX:AOTCache=", args.jar, events["walkthrough"],
                          os.path.join(args.work, "check-account.aot"), env)
        java25_c1 = [java25] + C1_ONLY
        variants += [
            Variant("jdk25-identity", "our Invoke bootstrap, JDK 25, C1, no AOT cache, caller-identity only",
                    java25_c1 + ["-cp", args.jar, BOOTSTRAP, HANDLER], events["identity"], env, '"status":"SUCCEEDED"'),
            Variant("aot", "our Invoke bootstrap, JDK 25 + AOT cache, C1, walkthrough event (every check)",
                    java25_c1 + [aot, "-cp", args.jar, BOOTSTRAP, HANDLER],
                    events["walkthrough"], env, '"status":"SUCCEEDED"'),
            Variant("aot-identity", "our Invoke bootstrap, JDK 25 + AOT cache, C1, caller-identity only",
                    java25_c1 + [aot, "-cp", args.jar, BOOTSTRAP, HANDLER],
                    events["identity"], env, '"status":"SUCCEEDED"'),
        ]
    if args.baseline_jar:
        variants.append(baseline_variant(args, java25, events, env))
    if args.cli:
        variants.append(Variant("cli-invoke", "the CLI's invoke check-account (CLI JVM + function JVM), walkthrough event",
                                [args.java, "-Daudit.home=" + ROOT, "-jar", os.path.join(ROOT, "cli", "target", "audit-remediation-cli.jar"),
                                 "invoke", "check-account", "--event", events["walkthrough"]], None, env, '"status":"SUCCEEDED"'))
    return variants


def runtime_client_variants(args, java25, events, env, runtime_api):
    """check-account started as Lambda's managed Java runtime starts it: AWS's runtime interface client (AWSLambda)
    on the JVM, the function's jar extracted into a task root as Lambda extracts the deployment package to /var/task
    (the client's class loader reads that folder and its lib/*.jar), the template's JAVA_TOOL_OPTIONS, and one event
    from the Runtime API that this script serves. Timed from process start to the response's arrival."""
    rows = []
    jdks = [(f"JDK {java_major(args.java)}", "", args.java)]
    if java25:
        jdks.append(("JDK 25", "-jdk25", java25))
    jars = [("", args.jar)]
    if args.baseline_jar:
        jars.append(("baseline-", os.path.abspath(args.baseline_jar)))
    for jar_prefix, jar in jars:
        task_root = extract_task_root(jar, os.path.join(args.work, jar_prefix + "task"))
        runtime_env = dict(env)
        runtime_env.update({
            "AWS_LAMBDA_RUNTIME_API": runtime_api.address, "LAMBDA_TASK_ROOT": task_root, "_HANDLER": HANDLER,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(FUNCTION_MEMORY_MB),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/audit-remediation-check-account",
            "AWS_LAMBDA_LOG_STREAM_NAME": "cold-start", "AWS_EXECUTION_ENV": "AWS_Lambda_java21", "TZ": ":UTC",
        })
        # The JVM sizes its heap from the memory it sees, which on Lambda is the function's (1,024 MB): an initial heap
        # of 16 MB, so the serial collector runs young collections during the start, as it would there. (Whatever
        # heap options Lambda's runtime adds of its own are not reproduced.)
        command = C1_ONLY + [f"-XX:MaxRAM={FUNCTION_MEMORY_MB}m", "-cp", args.runtime_client_cp, RUNTIME_CLIENT, HANDLER]
        runner = RuntimeClientRun(runtime_api, task_root)
        # Like for like: the Python function exports no findings, so these rows run with the Security Hub export off
        # (SECURITY_HUB_FINDINGS=false; the template's default is on, and ric-every keeps it on).
        identity_env = dict(runtime_env, SECURITY_HUB_FINDINGS="false")
        for label, suffix, java in jdks:
            if jar_prefix and suffix:
                continue  # the earlier jar on the first JDK only: enough to see what a change gave
            rows.append(Variant(f"{jar_prefix}ric{suffix}", f"{label}, runtime interface client, caller-identity only" +
                                (f", jar {jar}" if jar_prefix else ""), [java] + command, events["identity"],
                                identity_env, '"status":"SUCCEEDED"', runner))
        # SnapStart's init as the runtime client runs it when Lambda takes a snapshot: the client calls the CRaC
        # hooks (beforeCheckpoint, GET .../restore/next, afterRestore) when AWS_LAMBDA_INITIALIZATION_TYPE is
        # snap-start, and org.crac reaches the client's CRaC context through org.crac.Core.Compat. No snapshot is
        # taken: the same JVM goes on, so the first invocation's time is what priming leaves to do after a restore,
        # without the restore itself (which only AWS can measure).
        snap_env = dict(identity_env, AWS_LAMBDA_INITIALIZATION_TYPE="snap-start")
        snap_command = [args.java] + C1_ONLY + ["-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"] + command[len(C1_ONLY):]
        rows.append(Variant(f"{jar_prefix}snapstart", f"{jdks[0][0]}, runtime interface client, SnapStart init with its hooks, "
                            "caller-identity" + (f", jar {jar}" if jar_prefix else ""), snap_command, events["identity"],
                            snap_env, '"status":"SUCCEEDED"', runner, snapstart=True))
        if not jar_prefix and args.floor_jar:
            rows += floor_variants(args, events, runtime_env, command, runtime_api)
        # Every check, so that a change to a check's clients (the EC2 module, for one) shows against the earlier jar too.
        rows.append(Variant(f"{jar_prefix}ric-every", f"{jdks[0][0]}, runtime interface client, walkthrough event (every check)" +
                            (f", jar {jar}" if jar_prefix else ""), [args.java] + command, events["walkthrough"], runtime_env,
                            '"status":"SUCCEEDED"', runner))
    return rows


FLOOR_HANDLERS = [
    ("ric-floor-empty", "com.auditremediation.coldstart.EmptyHandler::handleRequest",
     "a handler that reads the event and answers: the JVM and the runtime client alone", '"status":"success"'),
    ("ric-floor-sdk", "com.auditremediation.coldstart.PlainSdkHandler::handleRequest",
     "the Python function with the plain SDK (AssumeRole + GetCallerIdentity; no Jackson, no code of ours)",
     '"status":"success"'),
]


def floor_variants(args, events, runtime_env, command, runtime_api):
    """What any Java function pays on the runtime-client path before our code (scripts/cold-start/floor): the same
    JVM, flags, runtime client, SDK and HTTP client as the ric row, with a handler that does nothing, and with the
    Python function written with the plain SDK. The gap between ric-floor-sdk and ric is what our code adds."""
    task_root = extract_task_root(os.path.abspath(args.floor_jar), os.path.join(args.work, "floor-task"))
    runner = RuntimeClientRun(runtime_api, task_root)
    rows = []
    for name, handler, description, expect in FLOOR_HANDLERS:
        env = dict(runtime_env, LAMBDA_TASK_ROOT=task_root, _HANDLER=handler, SECURITY_HUB_FINDINGS="false")
        rows.append(Variant(name, f"JDK {java_major(args.java)}, runtime interface client, {description}",
                            [args.java] + command[:-1] + [handler], events["identity"], env, expect, runner))
    return rows


# Classes whose first loading marks a phase of the runtime-client path (caller-identity event).
TIMELINE_MARKS = [
    ("runtime client started", "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"),
    ("handler class loaded (init starts)", "com.auditremediation.checkaccount.CheckAccountHandler"),
    ("SDK: STS client being built", "software.amazon.awssdk.services.sts.DefaultStsBaseClientBuilder"),
    ("SDK: all services' metadata (signing region)", "software.amazon.awssdk.regions.GeneratedServiceMetadataProvider"),
    ("first invocation: context built", "com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext"),
    ("Jackson: mapper built", "com.fasterxml.jackson.databind.ObjectMapper"),
    ("Jackson: event bound to ExecutionInput", "com.auditremediation.core.model.ExecutionInput"),
    ("checker: AssumeRole marshalled", "software.amazon.awssdk.services.sts.transform.AssumeRoleRequestMarshaller"),
    ("SDK: request being signed (SigV4)", "software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils"),
    ("JCA: HMAC set up (security providers)", "javax.crypto.Mac"),
    ("HTTP: first response being read", "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream"),
    ("SDK: XML response parsed (StAX)", "com.sun.xml.internal.stream.XMLInputFactoryImpl"),
    ("checker: role assumed, member client next", "com.auditremediation.checkaccount.session.AssumedSession"),
    ("result built", "com.auditremediation.core.model.AccountResult"),
]


def class_timeline(args, events, env, runtime_api):
    """One runtime-client run of the caller-identity event with -Xlog:class+load (uptime-stamped): when each phase
    starts, and how many classes come from where. Logging every class slows the run; read shares, not totals."""
    task_root = extract_task_root(args.jar, os.path.join(args.work, "task"))
    log = os.path.join(args.work, "class-load.log")
    variant = runtime_client_variants(args, None, events, env, runtime_api)[0]
    variant.command = [variant.command[0], f"-Xlog:class+load:file={log}:uptime"] + variant.command[1:]
    variant.run(counted=False)  # moto builds the account's backends on first use
    sample = variant.run()
    import re
    loaded = []
    for line in open(log, encoding="utf-8"):
        match = re.match(r"\[(\d+\.\d+)s\]\s*(\S+) source: (.*)", line)
        if match:
            loaded.append((float(match.group(1)), match.group(2), match.group(3)))
    first = {}
    for uptime, name, _ in loaded:
        first.setdefault(name, uptime)
    print(f"== one runtime-client run, caller-identity, JDK {java_major(args.java)}: {len(loaded)} classes, "
          f"{sample['wall']:.2f} s wall with class logging (log: {log})")
    print(f"{'uptime s':>9}  phase (first class loaded)")
    for label, name in TIMELINE_MARKS:
        if name in first:
            print(f"{first[name]:9.3f}  {label}")
    print(f"{loaded[-1][0]:9.3f}  last class loaded")

    def origin(source):
        if "shared objects file" in source:
            return "JDK, from its CDS archive"
        if source.startswith("jrt:"):
            return "JDK, from its modules"
        if task_root in source:
            return "function (task root)"
        if ".m2" in source or "runtime-interface-client" in source:
            return "runtime client"
        return "generated (lambdas, proxies)"

    def group(name):
        for prefix, label in (("software.amazon.awssdk.regions.servicemetadata.", "SDK service metadata (all services)"),
                              ("software.amazon.awssdk.", "SDK, the rest"), ("com.fasterxml.jackson.", "Jackson"),
                              ("com.auditremediation.", "ours"), ("com.amazonaws.", "runtime client"),
                              ("org.slf4j.", "SLF4J"), ("com.sun.org.apache.xerces.", "JDK XML (StAX)")):
            if name.startswith(prefix):
                return label
        return "JDK and generated"

    for title, key in (("by origin", lambda item: origin(item[2])), ("by owner", lambda item: group(item[1]))):
        counts = {}
        for item in loaded:
            counts[key(item)] = counts.get(key(item), 0) + 1
        print(f"-- classes {title}: " + ", ".join(f"{name} {count}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1])))


def extract_task_root(jar, folder):
    """The deployment package as Lambda lays it out: the jar's entries extracted into one folder (/var/task there)."""
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(jar) as archive:
        archive.extractall(folder)
    return folder


class RuntimeClientRun:
    """Runs one runtime process against the Runtime API: arms the event, starts the process in the task root, waits
    for its response, then stops it (it would wait for the next event for ever) and reads its rusage."""

    def __init__(self, runtime_api, task_root):
        self.runtime_api, self.task_root = runtime_api, task_root

    def __call__(self, command, event, env, expect, name):
        with open(event, "rb") as file:
            self.runtime_api.arm(file.read())
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=self.task_root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=env)
        drained = bytearray()
        reader = threading.Thread(target=lambda: drained.extend(process.stdout.read()), daemon=True)
        reader.start()
        answer = self.runtime_api.wait_for_result(120)
        wall = time.perf_counter() - start
        process.kill()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = 0  # reaped by os.wait4
        self.runtime_api.release()
        reader.join(10)
        if answer is None or answer[0] != "response" or expect.encode() not in answer[1]:
            sys.exit(f"{name} failed: {answer and answer[0]} {answer and answer[1][:1000]} {bytes(drained)[-3000:].decode(errors='replace')}")
        times = answer[2]
        sample = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}
        if "next" in times:
            sample["first_invocation"] = times["result"] - times["next"]
        if "restore" in times:
            sample["snapshot_init"] = times["restore"] - start
            sample["after_restore"] = times["next"] - times["restore"]
        return sample


def baseline_variant(args, java25, events, env):
    """The same like-for-like run with an earlier jar and a class cache trained on it, as the best variant of this
    run is built, so that one run shows what a change gave."""
    jar = os.path.abspath(args.baseline_jar)
    if java25 is None:
        cache = train_cache([args.java], "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", jar, events["walkthrough"],
                            os.path.join(args.work, "baseline.jsa"), env)
        return Variant("baseline-cds-identity", "JDK %d + AppCDS, C1, caller-identity only, jar %s" % (java_major(args.java), jar),
                       [args.java] + C1_ONLY + [cache, "-cp", jar, BOOTSTRAP, HANDLER], events["identity"], env, '"status":"SUCCEEDED"')
    cache = train_cache([java25], "-XX:AOTCacheOutput=", "-XX:AOTCache=", jar, events["walkthrough"],
                        os.path.join(args.work, "baseline.aot"), env)
    return Variant("baseline-aot-identity", "JDK 25 + AOT cache, C1, caller-identity only, jar " + jar,
                   [java25] + C1_ONLY + [cache, "-cp", jar, BOOTSTRAP, HANDLER], events["identity"], env, '"status":"SUCCEEDED"')


def train_cache(java, output_option, use_option, jar, event, cache, env):
    """A training run that does the real work and writes what it loaded (JDK 25's AOT cache with -XX:AOTCacheOutput,
    or an AppCDS archive with -XX:ArchiveClassesAtExit); returns the option that uses it in every later run."""
    for stale in (cache, cache + ".config"):
        if os.path.exists(stale):
            os.remove(stale)
    with open(event, "rb") as stdin:
        result = subprocess.run(java + C1_ONLY + [output_option + cache, "-cp", jar, BOOTSTRAP, HANDLER],
                                stdin=stdin, capture_output=True, env=env, timeout=300)
    if result.returncode != 0 or not os.path.exists(cache):
        sys.exit(f"training run for {cache} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    print(f"== {os.path.basename(cache)}: {os.path.getsize(cache) / 1048576:.0f} MB ({use_option}{cache})")
    return use_option + cache


def timed(command, event, env, expect, name):
    """Runs one process to its end: wall seconds, user+system CPU seconds and peak RSS in MB (os.wait4's rusage)."""
    stdin = open(event, "rb") if event else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out, err = communicate_keeping_zombie(process)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    finally:
        if event:
            stdin.close()
    output = out.decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0 or expect not in output:
        sys.exit(f"{name} failed (exit {os.waitstatus_to_exitcode(status)}): {output[-1000:]} {err.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def communicate_keeping_zombie(process):
    """Reads stdout and stderr to their end without reaping the child, so that os.wait4 still gets its rusage."""
    import selectors
    selector = selectors.DefaultSelector()
    buffers = {process.stdout: bytearray(), process.stderr: bytearray()}
    for stream in buffers:
        selector.register(stream, selectors.EVENT_READ)
    while selector.get_map():
        for key, _ in selector.select():
            chunk = os.read(key.fileobj.fileno(), 65536)
            if chunk:
                buffers[key.fileobj].extend(chunk)
            else:
                selector.unregister(key.fileobj)
                key.fileobj.close()
    process.returncode = 0  # reaped by os.wait4 below; stops Popen from waiting for it itself
    return bytes(buffers[process.stdout]), bytes(buffers[process.stderr])


def measure_warm(args, java25, events, env):
    """Per-account latency once warm: one process, the same event many times, timed inside the process."""
    print(f"== warm: {args.warm} invocations in one process each")
    runs = {
        "python": [sys.executable, os.path.join(HERE, "invoke_python.py"), events["identity"], "--repeat", str(args.warm)],
        "java-identity (C1)": [args.java] + C1_ONLY + ["-cp", args.jar, BOOTSTRAP, HANDLER, "--repeat", str(args.warm)],
        "java-identity (C2)": [args.java, "-cp", args.jar, BOOTSTRAP, HANDLER, "--repeat", str(args.warm)],
    }
    results = {}
    for name, command in runs.items():
        stdin = None if name == "python" else open(events["identity"], "rb")
        result = subprocess.run(command, stdin=stdin or subprocess.DEVNULL, capture_output=True, env=env, timeout=600)
        if stdin:
            stdin.close()
        lines = [line for line in result.stderr.decode(errors="replace").splitlines() if '"harness": "warm"' in line or '"harness":"warm"' in line]
        if result.returncode != 0 or not lines:
            sys.exit(f"warm run {name} failed: {result.stderr.decode(errors='replace')[-2000:]}")
        results[name] = json.loads(lines[-1])
        print(f"   {name:<20} median {results[name]['medianMs']:7.2f} ms  p90 {results[name]['p90Ms']:7.2f} ms  min {results[name]['minMs']:7.2f} ms")
    return results


def report(args, variants, warm, java25):
    base = next(v for v in variants if v.name == "python")
    print()
    print(f"== cold start: medians of {args.runs} runs each ({os.cpu_count()} CPUs shared with other work; "
          f"java {java_major(args.java)}{', java 25: ' + java25 if java25 else ''})")
    print(f"{'variant':<22} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}   {'wall/py':>7} {'CPU/py':>7} {'mem/py':>7}"
          f"   {'1st invocation s':>16}")
    for v in [v for v in variants if not v.snapstart]:
        wall, cpu, rss = v.median("wall"), v.median("cpu"), v.median("rss")
        # Runtime-client rows: from the event handed out to the response (the rest of the wall time is init).
        first = f"{v.median('first_invocation'):16.3f}" if all("first_invocation" in s for s in v.samples) else ""
        print(f"{v.name:<22} {wall:7.2f} {cpu:7.2f} {rss:8.0f}   {wall / base.median('wall'):7.2f} "
              f"{cpu / base.median('cpu'):7.2f} {rss / base.median('rss'):7.2f}   {first}")
    snapstart = [v for v in variants if v.snapstart]
    if snapstart:
        print()
        print("== SnapStart's init through the runtime client, without a snapshot (medians, s): init to the snapshot "
              "(hooks included), afterRestore hooks, then the first invocation")
        print(f"{'variant':<22} {'init s':>7} {'restore hooks s':>16} {'1st invocation s':>17} {'CPU s':>7}")
        for v in snapstart:
            print(f"{v.name:<22} {v.median('snapshot_init'):7.3f} {v.median('after_restore'):16.3f} "
                  f"{v.median('first_invocation'):17.3f} {v.median('cpu'):7.2f}")
    if warm:
        py = warm["python"]["medianMs"]
        print()
        print("== warm, per account (caller-identity: AssumeRole + GetCallerIdentity against moto), median ms")
        for name, result in warm.items():
            print(f"{name:<22} {result['medianMs']:7.2f}   ratio to python {result['medianMs'] / py:5.2f}")


class Moto:
    """A moto_server on a free port for the benchmark's lifetime."""

    def __init__(self, work, java=None, stand_in_cp=None):
        self.work = work
        self.java = java
        self.stand_in_cp = stand_in_cp
        self.process = None
        self.front = None
        self.endpoint = None

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        executable = os.environ.get("MOTO_SERVER") or shutil.which("moto_server")
        if not executable:
            sys.exit("moto_server not found: pip install 'moto[server]' or set MOTO_SERVER")
        log = open(os.path.join(self.work, "moto.log"), "wb")
        self.process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log,
                                        start_new_session=True)
        self.endpoint = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1)
                if self.stand_in_cp:
                    self.start_front()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__(None, None, None)
        sys.exit("moto_server did not start; see " + os.path.join(self.work, "moto.log"))

    def start_front(self):
        """local-aws's stand-in in front of moto (StandInFront): the functions and the Python row call it, as in `local`."""
        log = open(os.path.join(self.work, "stand-in.log"), "wb")
        self.front = subprocess.Popen([self.java, "-cp", self.stand_in_cp, "com.auditremediation.local.StandInFront", self.endpoint],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        line = self.front.stdout.readline().decode().strip()
        if not line.startswith("endpoint "):
            self.__exit__(None, None, None)
            sys.exit("the stand-in did not start; see " + os.path.join(self.work, "stand-in.log"))
        self.endpoint = line.split(" ", 1)[1]

    def __exit__(self, *exc):
        if self.front and self.front.poll() is None:
            self.front.stdin.close()
            try:
                self.front.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.front.kill()
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
