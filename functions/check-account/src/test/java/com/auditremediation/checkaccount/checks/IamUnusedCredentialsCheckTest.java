package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto sets no last-used date that a test could choose (it records "now" when a key signs a request) and its report
 * has no {@code <root_account>} row, so the old dates come from the proxy: a credential report built from moto's own
 * with some dates moved back, and GetAccessKeyLastUsed (or ListAccessKeys) answers for one key.
 */
class IamUnusedCredentialsCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-unused-credentials";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.SECONDS);
    private static final String LONG_AGO_DAY = LONG_AGO.toString().substring(0, 10);
    private static final String PASSWORD = "Corr3ct-Horse-Battery-Staple!";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);
    private IamClient iam;

    /** A key created and (by moto's account) never used: well within 45 days. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        iam.createUser(r -> r.userName("recent-key-user"));
        iam.createAccessKey(r -> r.userName("recent-key-user"));
    }

    /** A key last used 100 days ago, by the report and by GetAccessKeyLastUsed: remediate mode deactivates it. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        iam.createUser(r -> r.userName("unused-key-user"));
        AccessKey key = iam.createAccessKey(r -> r.userName("unused-key-user")).accessKey();
        fixture.moto().inject(credentialReport(fixture.account(), rows -> row(rows, "unused-key-user").put("access_key_1_last_used_date", iso(LONG_AGO))));
        fixture.moto().inject(accessKeyLastUsed("unused-key-user", key.accessKeyId(), LONG_AGO));
    }

    /** Every user's access keys with their status. */
    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        IamClient iam = fixture.account().iam();
        Map<String, Object> keys = new TreeMap<>();
        iam.listUsersPaginator().users().forEach(user -> keys.put(user.userName(), iam.listAccessKeys(r -> r.userName(user.userName()))
                .accessKeyMetadata().stream().map(key -> key.accessKeyId() + "=" + key.status()).sorted().toList()));
        return keys;
    }

    @BeforeEach
    void setUp() {
        iam = harness.account().iam();
    }

    @Test
    void recentCredentialsAreCompliantAndTheRootRowIsNeverCounted() {
        iam.createUser(r -> r.userName("alice"));
        iam.createLoginProfile(r -> r.userName("alice").password(PASSWORD));
        iam.createAccessKey(r -> r.userName("alice"));
        // AWS's report always has a row for the root user; moto's has none. Its old dates are not this check's business.
        MOTO.inject(credentialReport(harness.account(), rows -> rows.add(0, rootRow())));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant("iam-unused-credentials", null));
        assertThat(harness.actions()).containsExactly("iam:GenerateCredentialReport", "iam:GetCredentialReport");
    }

    @Test
    void anActiveKeyUnusedFor100DaysIsNonCompliantAndAuditChangesNothing() {
        AccessKey key = staleKey("bob");

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).isEqualTo("1 active access key unused for more than 45 days: deactivate or delete the keys,"
                + " remove the passwords");
        assertThat(result.before()).isEqualTo(Map.of("UnusedAccessKeys", List.of("bob/" + key.accessKeyId() + " (last used " + LONG_AGO_DAY + ")")));
        assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
        assertThat(harness.actions()).containsExactly("iam:GenerateCredentialReport", "iam:GetCredentialReport",
                "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed");
    }

    @Test
    void aKeyTheReportCallsUnusedButUsedSinceIsNeitherReportedNorTouched() {
        iam.createUser(r -> r.userName("carol"));
        AccessKey key = iam.createAccessKey(r -> r.userName("carol")).accessKey();
        // The report (up to four hours old) says 100 days; GetAccessKeyLastUsed (moto: never used, created now) disagrees.
        MOTO.inject(credentialReport(harness.account(), rows -> row(rows, "carol").put("access_key_1_last_used_date", iso(LONG_AGO))));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(result.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
        assertThat(harness.actions()).doesNotContain("iam:UpdateAccessKey");
    }

    @Test
    void aKeyNeverUsedCountsFromItsCreation() {
        iam.createUser(r -> r.userName("dave"));
        AccessKey key = iam.createAccessKey(r -> r.userName("dave")).accessKey();
        MOTO.inject(credentialReport(harness.account(), rows -> row(rows, "dave").put("access_key_1_last_rotated", iso(LONG_AGO))));
        MOTO.inject(listAccessKeys("dave", key.accessKeyId(), LONG_AGO));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.before()).isEqualTo(Map.of("UnusedAccessKeys",
                List.of("dave/" + key.accessKeyId() + " (never used, created " + LONG_AGO_DAY + ")")));
    }

    @Test
    void remediateDeactivatesTheUnusedKeyNeverDeletesItAndTheSecondRunWritesNothing() {
        AccessKey stale = staleKey("erin");
        AccessKey recent = iam.createAccessKey(r -> r.userName("erin")).accessKey();

        CheckResult first = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));
        int actionsAfterFirst = harness.actions().size();
        CheckResult second = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(first.status()).isEqualTo(CheckStatus.REMEDIATED);
        assertThat(first.detail()).isEqualTo("iam:UpdateAccessKey");
        assertThat(first.after()).isEqualTo(Map.of("DeactivatedAccessKeys", List.of("erin/" + stale.accessKeyId())));
        assertThat(status(stale)).as("deactivated, not deleted").isEqualTo(StatusType.INACTIVE);
        assertThat(status(recent)).isEqualTo(StatusType.ACTIVE);
        assertThat(second.status()).isEqualTo(CheckStatus.COMPLIANT);
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).doesNotContain("iam:UpdateAccessKey");
    }

    @Test
    void anUnusedConsolePasswordIsReportedWithAdviceAndNeverRemoved() {
        iam.createUser(r -> r.userName("frank"));
        iam.createLoginProfile(r -> r.userName("frank").password(PASSWORD));
        MOTO.inject(credentialReport(harness.account(), rows -> row(rows, "frank").put("password_last_used", iso(LONG_AGO))));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("not fixed: removing a console password cannot be undone, so a person must remove"
                + " the unused ones").endsWith(": frank");
        assertThat(result.before()).isEqualTo(Map.of("UnusedPasswords", List.of("frank: last used " + LONG_AGO_DAY)));
        assertThat(iam.getLoginProfile(r -> r.userName("frank")).loginProfile().userName()).isEqualTo("frank");
        assertThat(harness.actions()).doesNotContainAnyElementsOf(CheckerHarness.fixActions());
    }

    @Test
    void keysAreDeactivatedWhileAnUnusedPasswordIsLeftToAPerson() {
        iam.createUser(r -> r.userName("grace"));
        iam.createLoginProfile(r -> r.userName("grace").password(PASSWORD));
        AccessKey key = iam.createAccessKey(r -> r.userName("grace")).accessKey();
        MOTO.inject(credentialReport(harness.account(), rows -> {
            row(rows, "grace").put("password_last_used", iso(LONG_AGO));
            row(rows, "grace").put("access_key_1_last_used_date", iso(LONG_AGO));
        }));
        MOTO.inject(accessKeyLastUsed("grace", key.accessKeyId(), LONG_AGO));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(result.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(result.detail()).startsWith("deactivated 1 unused access keys; not fixed: removing a console password cannot be undone");
        assertThat(result.before()).containsOnlyKeys("UnusedAccessKeys", "UnusedPasswords");
        assertThat(result.after()).isEqualTo(Map.of("DeactivatedAccessKeys", List.of("grace/" + key.accessKeyId())));
        assertThat(status(key)).isEqualTo(StatusType.INACTIVE);
        assertThat(iam.getLoginProfile(r -> r.userName("grace")).loginProfile().userName()).isEqualTo("grace");
    }

    @Test
    void aRefusedFixIsAnErrorThatSaysWhyAndLeavesTheKeyActive() {
        AccessKey key = staleKey("heidi");
        MOTO.inject(ProxyTraffic.iamAccessDenied("UpdateAccessKey", FaultRule.UNLIMITED));

        AccountResult result = harness.run(CHECK, Mode.REMEDIATE);

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        CheckResult check = result.checks().get(0);
        assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(check.detail()).startsWith("could not fix (1 active access key unused for more than 45 days")
                .contains("Iam AccessDenied: User: arn:aws:sts::111122223333:assumed-role/aws-controltower-ReadOnlyExecutionRole")
                .endsWith("with iam:UpdateAccessKey");
        assertThat(check.before()).containsKey("UnusedAccessKeys");
        assertThat(status(key)).isEqualTo(StatusType.ACTIVE);
    }

    /** A user whose only key was, by the report and GetAccessKeyLastUsed, last used 100 days ago. */
    private AccessKey staleKey(String user) {
        iam.createUser(r -> r.userName(user));
        AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
        MOTO.inject(credentialReport(harness.account(), rows -> row(rows, user).put("access_key_1_last_used_date", iso(LONG_AGO))));
        MOTO.inject(accessKeyLastUsed(user, key.accessKeyId(), LONG_AGO));
        return key;
    }

    private StatusType status(AccessKey key) {
        return iam.listAccessKeys(r -> r.userName(key.userName())).accessKeyMetadata().stream()
                .filter(k -> k.accessKeyId().equals(key.accessKeyId())).findFirst().orElseThrow().status();
    }

    /**
     * GetCredentialReport answered with moto's report for {@code account} as it is when asked, after {@code edit}: the
     * way to give a credential an old date. Every account asking through the proxy gets it; the check confirms each key
     * in it with ListAccessKeys and GetAccessKeyLastUsed, which moto answers for the asking account. Made when asked, so
     * that users arranged after the rule (by other checks' arrangements) are in it too.
     */
    static FaultRule credentialReport(MemberAccount account, Consumer<List<Map<String, String>>> edit) {
        // As before any report: moto's first GenerateCredentialReport answers STARTED, the check's then COMPLETE.
        account.iam().generateCredentialReport();
        return new FaultRule("iam:GetCredentialReport answers an edited report", request -> "GetCredentialReport".equals(request.form().get("Action")),
                FaultRule.UNLIMITED, 200, "text/xml", () -> editedReport(account, edit));
    }

    private static String editedReport(MemberAccount account, Consumer<List<Map<String, String>>> edit) {
        IamClient iam = account.iam();
        iam.generateCredentialReport();
        List<List<String>> lines = IamCredentialReport.csv(iam.getCredentialReport().content().asString(StandardCharsets.UTF_8));
        List<String> header = lines.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), line.get(i));
            }
            rows.add(row);
        }
        edit.accept(rows);
        StringBuilder csv = new StringBuilder(String.join(",", header));
        for (Map<String, String> row : rows) {
            csv.append('\n').append(header.stream().map(column -> row.getOrDefault(column, "N/A")).collect(Collectors.joining(",")));
        }
        String content = Base64.getEncoder().encodeToString(csv.toString().getBytes(StandardCharsets.UTF_8));
        return "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <GetCredentialReportResult>\n"
                + "    <Content>" + content + "</Content>\n    <ReportFormat>text/csv</ReportFormat>\n"
                + "    <GeneratedTime>" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "</GeneratedTime>\n  </GetCredentialReportResult>\n"
                + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                + "</GetCredentialReportResponse>\n";
    }

    /** GetAccessKeyLastUsed for this one key says it was last used {@code when}. */
    static FaultRule accessKeyLastUsed(String user, String accessKeyId, Instant when) {
        return new FaultRule("iam:GetAccessKeyLastUsed " + accessKeyId, request -> "GetAccessKeyLastUsed".equals(request.form().get("Action"))
                && accessKeyId.equals(request.form().get("AccessKeyId")), FaultRule.UNLIMITED, 200, "text/xml",
                "<GetAccessKeyLastUsedResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <GetAccessKeyLastUsedResult>\n"
                        + "    <UserName>" + user + "</UserName>\n    <AccessKeyLastUsed>\n      <LastUsedDate>" + when.truncatedTo(ChronoUnit.SECONDS) + "</LastUsedDate>\n"
                        + "      <ServiceName>s3</ServiceName>\n      <Region>us-east-1</Region>\n    </AccessKeyLastUsed>\n"
                        + "  </GetAccessKeyLastUsedResult>\n  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</GetAccessKeyLastUsedResponse>\n");
    }

    /** ListAccessKeys for {@code user}, once, says its one active key was created {@code created}. */
    static FaultRule listAccessKeys(String user, String accessKeyId, Instant created) {
        return new FaultRule("iam:ListAccessKeys " + user, request -> "ListAccessKeys".equals(request.form().get("Action"))
                && user.equals(request.form().get("UserName")), 1, 200, "text/xml",
                "<ListAccessKeysResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <ListAccessKeysResult>\n"
                        + "    <AccessKeyMetadata>\n      <member>\n        <UserName>" + user + "</UserName>\n"
                        + "        <AccessKeyId>" + accessKeyId + "</AccessKeyId>\n        <Status>Active</Status>\n"
                        + "        <CreateDate>" + created.truncatedTo(ChronoUnit.SECONDS) + "</CreateDate>\n      </member>\n    </AccessKeyMetadata>\n"
                        + "    <IsTruncated>false</IsTruncated>\n  </ListAccessKeysResult>\n"
                        + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</ListAccessKeysResponse>\n");
    }

    static Map<String, String> row(List<Map<String, String>> rows, String user) {
        return rows.stream().filter(row -> user.equals(row.get("user"))).findFirst().orElseThrow();
    }

    /** The root user's row as AWS writes it: a password and a key unused for 100 days. */
    private static Map<String, String> rootRow() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("user", "<root_account>");
        row.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":root");
        row.put("user_creation_time", iso(LONG_AGO));
        row.put("password_enabled", "true");
        row.put("password_last_used", iso(LONG_AGO));
        row.put("password_last_changed", "not_supported");
        row.put("mfa_active", "false");
        row.put("access_key_1_active", "true");
        row.put("access_key_1_last_rotated", iso(LONG_AGO));
        row.put("access_key_1_last_used_date", iso(LONG_AGO));
        return row;
    }

    /** The report's date format: 2024-05-01T10:00:00+00:00. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "+00:00");
    }
}
