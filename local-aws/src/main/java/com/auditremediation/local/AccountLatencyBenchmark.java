package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Json;
import com.auditremediation.local.standin.Caller;
import com.auditremediation.local.standin.MotoCalls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * What running an account's checks side by side buys: one account's wall time against the slowest of its checks
 * alone, with every AWS call held {@code --latency-ms} by the fault proxy's latency rule (a network and a service
 * that answer in that time), for two check-account.jar files in the same run (today's and an earlier one). Behind
 * {@code scripts/account-latency.sh}, which builds both jars.
 *
 * <p>It starts moto (with its stand-in, and AWS managed policies, as the local run has them), gives the member
 * account {@value #ACCOUNT_ID} {@code --iam-users} IAM users with a console password and an access key (the rest is
 * as moto makes an account: a default VPC in each region), and puts a {@link FaultProxy} with the latency rule in
 * front. Then, {@code --passes} times, for each jar in turn: a fresh JVM runs {@link AccountLatencyProbe} against
 * the proxy ({@code --rounds} rounds of the account with every check and of each check alone, after a warm-up).
 * Prints each jar's medians: the account with every check, its slowest check alone, their ratio, and each check's
 * time alone; the load average before and after; and whether both jars gave the same results. The Security Hub
 * export is off (it runs after the checks, the same way in both): the figures are the checks'.
 *
 * <pre>java -cp &lt;local-aws's classpath&gt; com.auditremediation.local.AccountLatencyBenchmark --probe-classes local-aws/target/classes \
 *     --jar before=target/account-latency/before.jar --jar after=functions/check-account/target/check-account.jar</pre>
 */
public final class AccountLatencyBenchmark {

    static final String ACCOUNT_ID = "111122223333";
    private static final String IAM_VERSION = "2010-05-08";
    private static final ObjectMapper JSON = Json.mapper();

    private AccountLatencyBenchmark() {
    }

    /** A jar to measure, by a label of its own ("before", "after"). */
    record Variant(String label, Path jar) {
    }

    record Settings(List<Variant> variants, Path probeClasses, Duration latency, List<String> regions, int rounds,
                    int passes, int iamUsers) {
    }

    /** One check-account.jar's measurements: every invocation's milliseconds by event, and the results each gave. */
    static final class Measured {
        final Map<String, List<Double>> millis = new LinkedHashMap<>();
        final Map<String, String> results = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = settings(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AccountLatencyBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(settings));
    }

    static Settings settings(String[] args) {
        List<Variant> variants = new ArrayList<>();
        Path probeClasses = null;
        long latencyMs = 60;
        List<String> regions = List.of("eu-west-1", "us-east-1");
        int rounds = 5;
        int passes = 2;
        int iamUsers = 3;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--jar" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--jar takes label=path, for example before=target/before.jar");
                    }
                    variants.add(new Variant(value.substring(0, eq), Path.of(value.substring(eq + 1))));
                }
                case "--probe-classes" -> probeClasses = Path.of(value);
                case "--latency-ms" -> latencyMs = Long.parseLong(value);
                case "--regions" -> regions = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--passes" -> passes = Integer.parseInt(value);
                case "--iam-users" -> iamUsers = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (variants.isEmpty() || probeClasses == null) {
            throw new IllegalArgumentException("give --probe-classes DIR and at least one --jar label=path");
        }
        for (Variant variant : variants) {
            if (!Files.isRegularFile(variant.jar())) {
                throw new IllegalArgumentException(variant.jar() + " (" + variant.label() + ") is not a file");
            }
        }
        if (rounds < 1 || passes < 1 || latencyMs < 0 || iamUsers < 0) {
            throw new IllegalArgumentException("--rounds and --passes must be 1 or more, --latency-ms and --iam-users 0 or more");
        }
        return new Settings(variants, probeClasses, Duration.ofMillis(latencyMs), regions, rounds, passes, iamUsers);
    }

    static int run(Settings settings) throws IOException, InterruptedException {
        String loadBefore = loadAverage();
        Map<String, Measured> measured = new LinkedHashMap<>();
        settings.variants().forEach(variant -> measured.put(variant.label(), new Measured()));
        try (MotoServer moto = MotoServer.start(0, true); FaultProxy proxy = FaultProxy.inFrontOf(moto)) {
            seed(new MotoCalls(moto.endpoint()), settings);
            proxy.add(FaultRule.latency(settings.latency()));
            for (int pass = 1; pass <= settings.passes(); pass++) {
                for (Variant variant : settings.variants()) {
                    System.out.printf("pass %d/%d: %s (%s)%n", pass, settings.passes(), variant.label(), variant.jar());
                    probe(settings, variant, proxy, measured.get(variant.label()));
                }
            }
        }
        String loadAfter = loadAverage();
        return report(settings, measured, loadBefore, loadAfter);
    }

    /** The member account's IAM users, straight into moto (not through the latency): a console password and a key each. */
    private static void seed(MotoCalls moto, Settings settings) {
        Caller account = new Caller(ACCOUNT_ID, settings.regions().get(0), "arn:" + AwsClients.partition(Region.of(settings.regions().get(0))) + ":iam::" + ACCOUNT_ID + ":root");
        for (int i = 1; i <= settings.iamUsers(); i++) {
            String user = "person-" + i;
            for (String form : List.of("Action=CreateUser&UserName=" + user,
                    "Action=CreateLoginProfile&UserName=" + user + "&Password=Benchmark-Passw0rd!",
                    "Action=CreateAccessKey&UserName=" + user)) {
                MotoCalls.Answer answer = moto.query(account, "iam", form + "&Version=" + IAM_VERSION);
                if (!answer.ok()) {
                    throw new IllegalStateException("moto refused " + form + ": " + answer.body());
                }
            }
        }
    }

    private static void probe(Settings settings, Variant variant, FaultProxy proxy, Measured into) throws IOException, InterruptedException {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBinary.toString(), "-cp",
                settings.probeClasses() + File.pathSeparator + variant.jar(),
                AccountLatencyProbe.class.getName(), ACCOUNT_ID, String.join(",", settings.regions()),
                String.valueOf(settings.rounds()))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        env.put("AWS_REGION", settings.regions().get(0));
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("SECURITY_HUB_FINDINGS", "false");
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                String name = event.path("event").asText();
                List<Double> millis = into.millis.computeIfAbsent(name, key -> new ArrayList<>());
                event.path("ms").forEach(ms -> millis.add(ms.asDouble()));
                into.results.put(name, event.path("results").toString());
                if (!"SUCCEEDED".equals(event.path("status").asText())) {
                    into.failures.add(name + ": " + event.path("status").asText() + " " + event.path("results"));
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the probe of " + variant.label() + " exited with " + exit);
        }
    }

    private static int report(Settings settings, Map<String, Measured> measured, String loadBefore, String loadAfter) {
        System.out.printf("%nOne account, every check, regions %s, %d ms added to every AWS call; %d IAM users; medians of %d"
                        + " invocations each (%d rounds x %d passes), warm JVM, Security Hub export off%n",
                String.join(" and ", settings.regions()), settings.latency().toMillis(), settings.iamUsers(),
                settings.rounds() * settings.passes(), settings.rounds(), settings.passes());
        System.out.printf("%-10s %14s %14s  %-28s %13s %16s%n", "jar", "account ms", "slowest ms", "(slowest check)", "account/slow",
                "sum of checks ms");
        Map<String, Double> accountMedians = new LinkedHashMap<>();
        for (Map.Entry<String, Measured> entry : measured.entrySet()) {
            Measured m = entry.getValue();
            double account = median(m.millis.get(AccountLatencyProbe.EVERY_CHECK));
            String slowestId = null;
            double slowest = 0;
            double sum = 0;
            for (Map.Entry<String, List<Double>> check : m.millis.entrySet()) {
                if (check.getKey().equals(AccountLatencyProbe.EVERY_CHECK)) {
                    continue;
                }
                double alone = median(check.getValue());
                sum += alone;
                if (alone > slowest) {
                    slowest = alone;
                    slowestId = check.getKey();
                }
            }
            accountMedians.put(entry.getKey(), account);
            System.out.printf(Locale.ROOT, "%-10s %14.0f %14.0f  %-28s %13.2f %16.0f%n", entry.getKey(), account, slowest,
                    "(" + slowestId + ")", account / slowest, sum);
        }
        List<String> labels = new ArrayList<>(measured.keySet());
        if (labels.size() >= 2) {
            String first = labels.get(0);
            for (String other : labels.subList(1, labels.size())) {
                System.out.printf(Locale.ROOT, "account wall time, %s / %s: %.2f%n", other, first,
                        accountMedians.get(other) / accountMedians.get(first));
            }
        }
        System.out.printf("%nEach check alone (median ms):%n%-34s", "check");
        labels.forEach(label -> System.out.printf("%12s", label));
        System.out.println();
        for (String event : measured.get(labels.get(0)).millis.keySet()) {
            System.out.printf("%-34s", event.equals(AccountLatencyProbe.EVERY_CHECK) ? "(every check)" : event);
            for (String label : labels) {
                List<Double> millis = measured.get(label).millis.get(event);
                System.out.printf(Locale.ROOT, "%12s", millis == null ? "-" : String.format(Locale.ROOT, "%.0f", median(millis)));
            }
            System.out.println();
        }
        System.out.printf("%nload average (1, 5, 15 min): before %s, after %s; %d processors%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors());
        int exit = 0;
        for (Map.Entry<String, Measured> entry : measured.entrySet()) {
            for (String failure : entry.getValue().failures) {
                System.out.println("NOT SUCCEEDED with " + entry.getKey() + ": " + failure);
                exit = 1;
            }
        }
        Map<String, String> reference = measured.get(labels.get(0)).results;
        for (String label : labels.subList(1, labels.size())) {
            if (!reference.equals(measured.get(label).results)) {
                System.out.println("RESULTS DIFFER between " + labels.get(0) + " and " + label + ":\n  " + reference + "\n  "
                        + measured.get(label).results);
                exit = 1;
            }
        }
        if (exit == 0) {
            System.out.println("every invocation SUCCEEDED" + (labels.size() > 1 ? ", with the same results from every jar" : ""));
        }
        return exit;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.asList(fields).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
