package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RegistryScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.ScanFrequency;
import software.amazon.awssdk.services.ecr.model.ScanType;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilter;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilterType;

/**
 * Every private ECR repository in each region swept scans its images on push (Security Hub ECR.1, HIGH,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1: "The control fails if the private
 * ECR repository isn't configured for scan on push or continuous scanning"; AWS Config rule
 * ecr-private-image-scanning-enabled).
 *
 * <p>What scans a repository on push, read from the registry's scanning configuration
 * ({@code GetRegistryScanningConfiguration}):
 * <ul>
 *   <li>{@code ENHANCED} scanning: Amazon Inspector scans the registry, on push or continuously. Inspector is run by
 *   whoever enabled it (often a delegated administrator), so the check passes such a region and never changes it.</li>
 *   <li>{@code BASIC} scanning with scan-on-push rules: a repository scans on push when one of the rules' filters
 *   matches its name ("Any repositories not matching a basic scanning scan on push filter will be set to the manual
 *   scan frequency", ECR User Guide, "Filters to choose which repositories are scanned"). The filter {@code *}
 *   matches every repository, present and future, so the repositories are not even listed then.</li>
 *   <li>{@code BASIC} scanning without any rule (a registry never configured): each repository's own
 *   {@code imageScanningConfiguration.scanOnPush}, the older per-repository setting that AWS now deprecates in favour
 *   of the registry's.</li>
 * </ul>
 * That is what {@code DescribeRepositories} is for: the repositories a filter does not cover, and their own setting
 * where the registry has no rule. A region without repositories has nothing ECR.1 would fail and is compliant; the
 * repositories not scanned on push are listed by name, at most {@link Evidence#MAX_LISTED}, then a count.
 *
 * <p>The fix writes the registry's configuration as basic scanning with one scan-on-push rule for {@code *}
 * ({@code PutRegistryScanningConfiguration} replaces the whole configuration; with basic scanning, scan on push is the
 * only frequency, so {@code *} covers whatever filters there were). Basic scanning costs nothing.
 */
public final class EcrScanOnPushCheck extends SettingCheck<EcrScanOnPushCheck.Scanning> {

    static final String EVERY_REPOSITORY = "*";
    private static final String SCAN_TYPE = "ScanType";
    private static final String FILTERS = "ScanOnPushFilters";
    private static final String NOT_SCANNED = "RepositoriesNotScannedOnPush";
    private static final int NAMED_IN_DETAIL = 3;

    /** The registry's scan type and scan-on-push filters, and the repositories that do not scan on push. */
    public record Scanning(String scanType, List<String> scanOnPushFilters, List<String> notScannedOnPush) {
        public Scanning {
            scanOnPushFilters = List.copyOf(scanOnPushFilters);
            notScannedOnPush = List.copyOf(notScannedOnPush);
        }
    }

    public EcrScanOnPushCheck() {
        super(CheckDescriptor.builder("ecr-scan-on-push")
                .title("Every private ECR repository scans images on push in each region swept")
                .controls("ECR.1")
                .severity(Severity.HIGH)
                .regional()
                .reads("ecr:GetRegistryScanningConfiguration", "ecr:DescribeRepositories")
                .fixes("ecr:PutRegistryScanningConfiguration")
                .recommendation("Scan every private repository on push: set the registry's basic scanning to scan on push"
                        + " with the filter * in every region in use (ECR console, Private registry, Scanning), or use"
                        + " enhanced scanning with Amazon Inspector; remediate mode sets basic scanning.")
                .build());
    }

    @Override
    protected Scanning read(CheckContext context, Region region) {
        EcrClient ecr = context.client(EcrClient.builder(), region);
        RegistryScanningConfiguration configuration = ecr.getRegistryScanningConfiguration(r -> { }).scanningConfiguration();
        List<String> filters = configuration.rules().stream()
                .filter(rule -> rule.scanFrequency() == ScanFrequency.SCAN_ON_PUSH)
                .flatMap(rule -> rule.repositoryFilters().stream())
                .map(ScanningRepositoryFilter::filter)
                .toList();
        String scanType = configuration.scanTypeAsString();
        if (configuration.scanType() == ScanType.ENHANCED || filters.contains(EVERY_REPOSITORY)) {
            return new Scanning(scanType, filters, List.of());
        }
        boolean registryHasRules = !configuration.rules().isEmpty();
        List<String> notScanned = ecr.describeRepositoriesPaginator(r -> { }).repositories().stream()
                .filter(repository -> registryHasRules ? filters.stream().noneMatch(filter -> matches(filter, repository.repositoryName()))
                        : !scansOnPushItself(repository))
                .map(Repository::repositoryName)
                .sorted()
                .toList();
        return new Scanning(scanType, filters, notScanned);
    }

    /**
     * A scan filter as ECR reads it: without {@code *} it matches every name that contains it; with {@code *}, the
     * whole name, each {@code *} standing for zero or more characters.
     */
    static boolean matches(String filter, String repositoryName) {
        if (!filter.contains("*")) {
            return repositoryName.contains(filter);
        }
        String regex = Arrays.stream(filter.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, repositoryName);
    }

    private static boolean scansOnPushItself(Repository repository) {
        return repository.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush());
    }

    @Override
    protected Map<String, Object> failing(Scanning scanning) {
        return scanning.notScannedOnPush().isEmpty() ? Map.of() : settings(scanning);
    }

    @Override
    protected Map<String, Object> settings(Scanning scanning) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SCAN_TYPE, scanning.scanType());
        settings.put(FILTERS, scanning.scanOnPushFilters());
        settings.put(NOT_SCANNED, Evidence.capped(scanning.notScannedOnPush()));
        return settings;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String problem(Map<String, Object> failing) {
        List<String> repositories = (List<String>) failing.get(NOT_SCANNED);
        String named = String.join(", ", repositories.subList(0, Math.min(NAMED_IN_DETAIL, repositories.size())))
                + (repositories.size() > NAMED_IN_DETAIL ? ", ..." : "");
        return "ECR repositories not scanned on push (" + named + "); scan every repository on push";
    }

    @Override
    protected void fix(CheckContext context, Region region, Scanning scanning) {
        context.client(EcrClient.builder(), region).putRegistryScanningConfiguration(r -> r.scanType(ScanType.BASIC)
                .rules(rule -> rule.scanFrequency(ScanFrequency.SCAN_ON_PUSH).repositoryFilters(filter -> filter
                        .filter(EVERY_REPOSITORY).filterType(ScanningRepositoryFilterType.WILDCARD))));
    }
}
