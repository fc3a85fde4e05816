package com.auditremediation.local;

import com.auditremediation.core.AwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorAdditionalConfiguration;
import software.amazon.awssdk.services.guardduty.model.DetectorFeatureConfiguration;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.ResourceScanType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.macie2.Macie2Client;
import software.amazon.awssdk.services.macie2.model.MacieStatus;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentPermissionType;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;

/**
 * Creates an {@link OrganizationSpec} in moto's Organizations and says which accounts ended up where; then, acting in
 * the accounts, enables Security Hub and creates the demo's resources where the spec asks for them.
 */
public final class DemoOrganization {

    private static final String PUBLIC_SSM_DOCUMENT = "public-ssm-document";
    private static final String KMS_KEY_WITHOUT_ROTATION = "kms-key-without-rotation";
    private static final String ECR_REPOSITORY_WITHOUT_SCAN_ON_PUSH = "ecr-repository-without-scan-on-push";
    private static final String MULTI_REGION_TRAIL = "multi-region-trail";
    private static final String GUARDDUTY_ALL_PLANS = "guardduty-all-plans";
    private static final String INSPECTOR_ALL_SCANS = "inspector-all-scans";
    private static final String MACIE = "macie";
    private static final String VPC_FLOW_LOGS = "vpc-flow-logs";

    /**
     * What {@link #createResources} can put into an account (OrganizationSpec's {@code resources}): a document of the
     * account shared with everyone, a customer managed KMS key without rotation, an ECR repository that does not scan on
     * push; and the security services a member cannot turn on itself in an organisation (audit-only checks): a logging
     * multi-Region trail of all management events, a GuardDuty detector with every protection plan, Amazon Inspector
     * scanning every resource type, Macie enabled; a flow log of rejected traffic for each VPC.
     */
    public static final List<String> RESOURCES = List.of(PUBLIC_SSM_DOCUMENT, KMS_KEY_WITHOUT_ROTATION, ECR_REPOSITORY_WITHOUT_SCAN_ON_PUSH,
            MULTI_REGION_TRAIL, GUARDDUTY_ALL_PLANS, INSPECTOR_ALL_SCANS, MACIE,
            VPC_FLOW_LOGS);

    public record SeededAccount(String id, String name, String ouId, String ouPath, boolean suspended, boolean executionRoleMissing,
                                List<String> compliantWith, boolean securityHubEnabled, List<String> nonCompliantWith,
                                Map<String, Map<String, Object>> declarativePolicies, List<String> resources) {
    }

    public record Seeded(String managementAccountId, String rootId, List<SeededAccount> accounts) {

        public SeededAccount byName(String name) {
            return accounts.stream().filter(a -> a.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no account named " + name));
        }

        /** The accounts whose AssumeRole must be refused (see {@link FaultRule#stsAccessDenied}). */
        public List<SeededAccount> withoutExecutionRole() {
            return accounts.stream().filter(SeededAccount::executionRoleMissing).toList();
        }
    }

    private DemoOrganization() {
    }

    public static Seeded seed(OrganizationsClient organizations, OrganizationSpec spec) {
        var organization = organizations.createOrganization(r -> r.featureSet("ALL")).organization();
        String rootId = organizations.listRoots().roots().get(0).id();
        List<SeededAccount> seeded = new ArrayList<>();
        for (OrganizationSpec.Account account : spec.accounts()) {
            seeded.add(createAccount(organizations, account, rootId, rootId, "/"));
        }
        for (OrganizationSpec.OrganizationalUnit unit : spec.organizationalUnits()) {
            seedUnit(organizations, unit, rootId, rootId, "", seeded);
        }
        return new Seeded(organization.masterAccountId(), rootId, List.copyOf(seeded));
    }

    private static void seedUnit(OrganizationsClient organizations, OrganizationSpec.OrganizationalUnit unit, String rootId,
                                 String parentId, String parentPath, List<SeededAccount> seeded) {
        String ouId = organizations.createOrganizationalUnit(r -> r.parentId(parentId).name(unit.name())).organizationalUnit().id();
        String path = parentPath + "/" + unit.name();
        for (OrganizationSpec.Account account : unit.accounts()) {
            seeded.add(createAccount(organizations, account, rootId, ouId, path));
        }
        for (OrganizationSpec.OrganizationalUnit child : unit.organizationalUnits()) {
            seedUnit(organizations, child, rootId, ouId, path, seeded);
        }
    }

    private static SeededAccount createAccount(OrganizationsClient organizations, OrganizationSpec.Account account, String rootId,
                                               String parentId, String path) {
        String email = account.email() != null ? account.email()
                : account.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "@example.com";
        CreateAccountStatus status = organizations.createAccount(r -> r.accountName(account.name()).email(email)).createAccountStatus();
        String accountId = status.accountId();
        if (!parentId.equals(rootId)) {
            organizations.moveAccount(r -> r.accountId(accountId).sourceParentId(rootId).destinationParentId(parentId));
        }
        if (account.isSuspended()) {
            organizations.closeAccount(r -> r.accountId(accountId));
        }
        return new SeededAccount(accountId, account.name(), parentId, path, account.isSuspended(), account.isExecutionRoleMissing(),
                account.compliantWith(), account.isSecurityHubEnabled() && !account.isSuspended() && !account.isExecutionRoleMissing(),
                account.nonCompliantWith(), account.declarativePolicies(),
                account.isSuspended() || account.isExecutionRoleMissing() ? List.of() : account.resources());
    }

    /**
     * Enables Security Hub in {@code region} in each seeded account that has it ({@link SeededAccount#securityHubEnabled}),
     * acting in the account as moto tells accounts apart: with credentials from an AssumeRole into it, with AWS's
     * default standards as a hub enabled from the console has them. Returns those accounts.
     */
    public static List<SeededAccount> enableSecurityHub(URI endpoint, Seeded seeded, Region region) {
        List<SeededAccount> enabled = new ArrayList<>();
        try (StsClient sts = LocalClients.build(StsClient.builder(), endpoint, region)) {
            for (SeededAccount account : seeded.accounts()) {
                if (!account.securityHubEnabled()) {
                    continue;
                }
                try (SecurityHubClient hub = inAccount(SecurityHubClient.builder(), sts, account, endpoint, region)) {
                    hub.enableSecurityHub(r -> r.enableDefaultStandards(true));
                }
                enabled.add(account);
            }
        }
        return enabled;
    }

    /**
     * Creates each seeded account's {@link SeededAccount#resources} in {@code region}, acting in the account as
     * {@link #enableSecurityHub} does, so that the checks that look at resources find something in some accounts.
     * Returns the accounts that got any.
     */
    public static List<SeededAccount> createResources(URI endpoint, Seeded seeded, Region region) {
        List<SeededAccount> created = new ArrayList<>();
        try (StsClient sts = LocalClients.build(StsClient.builder(), endpoint, region)) {
            for (SeededAccount account : seeded.accounts()) {
                for (String resource : account.resources()) {
                    switch (resource) {
                        case PUBLIC_SSM_DOCUMENT -> {
                            try (SsmClient ssm = inAccount(SsmClient.builder(), sts, account, endpoint, region)) {
                                ssm.createDocument(r -> r.name("demo-runbook").documentType(DocumentType.COMMAND).content(
                                        "{\"schemaVersion\":\"2.2\",\"description\":\"Demo runbook, shared with everyone\",\"mainSteps\":"
                                                + "[{\"action\":\"aws:runShellScript\",\"name\":\"hello\",\"inputs\":{\"runCommand\":[\"echo hello\"]}}]}"));
                                ssm.modifyDocumentPermission(r -> r.name("demo-runbook").permissionType(DocumentPermissionType.SHARE)
                                        .accountIdsToAdd("All"));
                            }
                        }
                        case KMS_KEY_WITHOUT_ROTATION -> {
                            try (KmsClient kms = inAccount(KmsClient.builder(), sts, account, endpoint, region)) {
                                kms.createKey(r -> r.description("Demo key without automatic rotation"));
                            }
                        }
                        case ECR_REPOSITORY_WITHOUT_SCAN_ON_PUSH -> {
                            try (EcrClient ecr = inAccount(EcrClient.builder(), sts, account, endpoint, region)) {
                                ecr.createRepository(r -> r.repositoryName("demo-app").imageScanningConfiguration(c -> c.scanOnPush(false)));
                            }
                        }
                        case MULTI_REGION_TRAIL -> multiRegionTrail(sts, account, endpoint, region);
                        case GUARDDUTY_ALL_PLANS -> {
                            try (GuardDutyClient guardDuty = inAccount(GuardDutyClient.builder(), sts, account, endpoint, region)) {
                                guardDuty.createDetector(r -> r.enable(true).features(Stream.of("EKS_AUDIT_LOGS", "LAMBDA_NETWORK_LOGS",
                                        "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS").map(name -> DetectorFeatureConfiguration
                                        .builder().name(name).status("ENABLED").build()).toList()));
                                String detectorId = guardDuty.listDetectors().detectorIds().get(0);
                                guardDuty.updateDetector(r -> r.detectorId(detectorId).features(f -> f.name("RUNTIME_MONITORING").status("ENABLED")
                                        .additionalConfiguration(Stream.of("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")
                                                .map(name -> DetectorAdditionalConfiguration.builder().name(name).status("ENABLED").build()).toList())));
                            }
                        }
                        case INSPECTOR_ALL_SCANS -> {
                            try (Inspector2Client inspector = inAccount(Inspector2Client.builder(), sts, account, endpoint, region)) {
                                inspector.enable(r -> r.accountIds(account.id()).resourceTypes(ResourceScanType.EC2, ResourceScanType.ECR,
                                        ResourceScanType.LAMBDA, ResourceScanType.LAMBDA_CODE));
                            }
                        }
                        case MACIE -> {
                            try (Macie2Client macie = inAccount(Macie2Client.builder(), sts, account, endpoint, region)) {
                                macie.enableMacie(r -> r.status(MacieStatus.ENABLED));
                            }
                        }
                        case VPC_FLOW_LOGS -> DemoFindings.flowLogsForEveryVpc(endpoint, account, region);
                        default -> throw new IllegalArgumentException("the demo cannot create '" + resource + "'; it can create "
                                + String.join(", ", RESOURCES));
                    }
                }
                if (!account.resources().isEmpty()) {
                    created.add(account);
                }
            }
        }
        return created;
    }

    /** A bucket for the trail's logs and a multi-Region trail logging all management events, read and write. */
    private static void multiRegionTrail(StsClient sts, SeededAccount account, URI endpoint, Region region) {
        String bucket = "demo-trail-logs-" + account.id();
        try (S3Client s3 = inAccount(S3Client.builder().forcePathStyle(true), sts, account, endpoint, region);
             CloudTrailClient cloudTrail = inAccount(CloudTrailClient.builder(), sts, account, endpoint, region)) {
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(Region.US_EAST_1.equals(region) ? null
                    : CreateBucketConfiguration.builder().locationConstraint(region.id()).build()));
            cloudTrail.createTrail(r -> r.name("demo-trail").s3BucketName(bucket).isMultiRegionTrail(true));
            cloudTrail.putEventSelectors(r -> r.trailName("demo-trail").eventSelectors(EventSelector.builder()
                    .includeManagementEvents(true).readWriteType(ReadWriteType.ALL).build()));
            cloudTrail.startLogging(r -> r.name("demo-trail"));
        }
    }

    /** A client acting in {@code account}, as moto tells accounts apart: with credentials from an AssumeRole into it. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C inAccount(B builder, StsClient sts,
            SeededAccount account, URI endpoint, Region region) {
        Credentials issued = sts.assumeRole(r -> r.roleArn("arn:" + AwsClients.partition(region) + ":iam::" + account.id() + ":role/demo-setup")
                .roleSessionName("demo-setup")).credentials();
        return builder.httpClient(AwsClients.httpClient()).endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()))).build();
    }
}
