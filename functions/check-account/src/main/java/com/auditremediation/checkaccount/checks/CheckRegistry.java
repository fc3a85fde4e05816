package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.CatalogExport;
import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.core.catalog.CheckCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check CheckAccount can run, in the order they run: the one place that lists the check classes. The catalog
 * the other functions read ({@link CheckCatalog#RESOURCE}) is written from it at build time by {@link CatalogExport}.
 */
public final class CheckRegistry {

    private final Map<String, Check> checks;
    private final CheckCatalog catalog;

    private CheckRegistry(List<Check> checks) {
        Map<String, Check> byId = new LinkedHashMap<>();
        checks.forEach(check -> byId.put(check.id(), check));
        this.catalog = CheckCatalog.of(checks.stream().map(Check::descriptor).toList());
        this.checks = byId;
    }

    /** The checks that ship with the function. */
    public static CheckRegistry create() {
        return of(List.of(
                new CallerIdentityCheck(),
                new IamPasswordPolicyCheck(),
                new S3AccountPublicAccessBlockCheck(),
                new EbsDefaultEncryptionCheck(),
                new EbsSnapshotBlockPublicAccessCheck(),
                new EbsSnapshotsNotPublicCheck(),
                new AmiBlockPublicAccessCheck(),
                new Imdsv2DefaultCheck(),
                new RootAccountHygieneCheck(),
                new SecurityContactCheck(),
                new VpcDefaultSecurityGroupCheck(),
                new IamSupportRoleCheck(),
                new IamUnusedCredentialsCheck(),
                new IamConsoleUserMfaCheck(),
                new GuardDutyEnabledCheck(),
                new EmrBlockPublicAccessCheck(),
                new ConfigRecorderCheck(),
                new SsmDocumentsNotPublicCheck(),
                new SsmAutomationLoggingCheck(),
                new AccessAnalyzerEnabledCheck(),
                new KmsKeyRotationCheck(),
                new EcrScanOnPushCheck(),
                new IamAccessKeyRotationCheck(),
                new IamCloudShellFullAccessCheck(),
                new IamPolicyHygieneCheck(),
                new RootHardwareMfaCheck(),
                new IamExpiredServerCertificatesCheck(),
                new CloudTrailMultiRegionCheck(),
                new SecurityHubEnabledCheck(),
                new GuardDutyProtectionPlansCheck(),
                new InspectorScanningCheck(),
                new MacieEnabledCheck(),
                new RemoteAdminPortsCheck(),
                new VpcFlowLogsCheck(),
                new VpcBlockPublicAccessCheck()));
    }

    public static CheckRegistry of(List<Check> checks) {
        return new CheckRegistry(checks);
    }

    public CheckCatalog catalog() {
        return catalog;
    }

    public List<String> ids() {
        return catalog.ids();
    }

    public List<Check> all() {
        return List.copyOf(checks.values());
    }

    /** The check {@code id}; an unknown id is an {@link IllegalArgumentException} (the catalog's). */
    public Check get(String id) {
        return checks.get(catalog.get(id).id());
    }

    /** The check {@code id}, or empty when no check has it. */
    public Optional<Check> find(String id) {
        return catalog.find(id).map(descriptor -> checks.get(descriptor.id()));
    }

    /**
     * The checks named in {@code ids}, in registry order and each once; an empty list means every check. An unknown
     * id is an {@link com.auditremediation.core.error.InvalidInputException} on {@code field} that lists the valid ids.
     */
    public List<Check> select(String field, List<String> ids) {
        if (ids.isEmpty()) {
            return all();
        }
        List<String> wanted = catalog.validate(field, ids);
        return checks.values().stream().filter(check -> wanted.contains(check.id())).toList();
    }
}
