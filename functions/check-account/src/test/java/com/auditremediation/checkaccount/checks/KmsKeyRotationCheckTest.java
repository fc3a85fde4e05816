package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.checkaccount.testing.MemberAccount;
import com.auditremediation.checkaccount.testing.ProxyTraffic;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.AccountStatus;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KMS keys in moto 5.2.1: CreateKey (symmetric and asymmetric), DisableKey, ListKeys, DescribeKey, GetKeyRotationStatus
 * and EnableKeyRotation, read back through the SDK here. moto has no key policies that refuse a caller: a key that
 * refuses the role is answered from the proxy, as KMS answers it.
 */
class KmsKeyRotationCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK_ID = "kms-key-rotation";
    private static final List<String> CHECK = List.of(CHECK_ID);
    private static final List<Region> REGIONS = List.of(Region.EU_WEST_1, Region.US_EAST_1);
    private static final List<String> READS = List.of("kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus");

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
        fixture.regions().forEach(region -> kms(fixture.account(), region).enableKeyRotation(r -> r.keyId(createKey(fixture.account(), region))));
    }

    /** A symmetric key without rotation in the first region, none elsewhere. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        createKey(fixture.account(), fixture.regions().get(0));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.regions().stream().map(region -> {
            KmsClient kms = kms(fixture.account(), region);
            return region.id() + "=" + kms.listKeys().keys().stream().map(key -> key.keyId() + ":"
                    + kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).toList();
        }).toList();
    }

    @Test
    void onlyEnabledCustomerManagedSymmetricKeysAreJudged() {
        String rotating = createKey(harness.account(), Region.EU_WEST_1);
        kms(harness.account(), Region.EU_WEST_1).enableKeyRotation(r -> r.keyId(rotating));
        String notRotating = createKey(harness.account(), Region.EU_WEST_1);
        kms(harness.account(), Region.EU_WEST_1).createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY));
        String disabled = createKey(harness.account(), Region.EU_WEST_1);
        kms(harness.account(), Region.EU_WEST_1).disableKey(r -> r.keyId(disabled));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, REGIONS));

        assertThat(result.status()).isEqualTo(AccountStatus.SUCCEEDED);
        assertThat(result.checks()).containsExactly(
                CheckResult.nonCompliant(CHECK_ID, "eu-west-1", "1 customer managed key without automatic rotation ("
                        + notRotating + "); enable it", Map.of("KeysWithoutRotation", List.of(notRotating))),
                CheckResult.compliant(CHECK_ID, "us-east-1"));
        assertThat(harness.actions()).containsOnlyElementsOf(READS);
    }

    @Test
    void manyKeysAreListedUpToTheCapThenCounted() {
        List<String> keys = IntStream.range(0, 12).mapToObj(i -> createKey(harness.account(), Region.EU_WEST_1)).toList();

        CheckResult result = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())));

        assertThat(result.detail()).startsWith("12 customer managed keys without automatic rotation (").endsWith(", and 9 more); enable it");
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) result.before().get("KeysWithoutRotation");
        assertThat(listed).hasSize(11).endsWith("and 2 more");
        assertThat(keys).containsAll(listed.subList(0, 10));
    }

    @Test
    void remediationEnablesRotationThenASecondRunWritesNothing() {
        String key = createKey(harness.account(), Region.EU_WEST_1);

        CheckResult fixed = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));
        int actionsAfterFirst = harness.actions().size();
        CheckResult again = CheckerHarness.only(harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())));

        assertThat(fixed).isEqualTo(CheckResult.remediated(CHECK_ID, "eu-west-1", "kms:EnableKeyRotation",
                Map.of("KeysWithoutRotation", List.of(key)), Map.of("RotationEnabled", List.of(key))));
        assertThat(kms(harness.account(), Region.EU_WEST_1).getKeyRotationStatus(r -> r.keyId(key)).keyRotationEnabled()).isTrue();
        assertThat(again).isEqualTo(CheckResult.compliant(CHECK_ID, "eu-west-1"));
        assertThat(harness.actions().subList(actionsAfterFirst, harness.actions().size())).containsOnlyElementsOf(READS);
    }

    /** A key whose policy refuses the role is an ERROR naming it; the other keys are still judged, and fixed. */
    @Test
    void aKeyWhosePolicyRefusesTheRoleIsAnErrorNamingItWhileTheOthersAreJudgedAndFixed() {
        String refusing = createKey(harness.account(), Region.EU_WEST_1);
        String other = createKey(harness.account(), Region.EU_WEST_1);
        MOTO.inject(keyPolicyRefuses(refusing, "GetKeyRotationStatus"));

        CheckResult audited = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.AUDIT, CHECK, List.of())).checks().get(0);
        CheckResult remediated = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())).checks().get(0);

        String couldNotCheck = "could not check key " + refusing + " (Kms AccessDeniedException: User: arn:aws:sts::" + ACCOUNT_ID
                + ":assumed-role/aws-controltower-AdministratorExecutionRole/s is not authorized to perform: kms:GetKeyRotationStatus"
                + " on resource: " + refusing + " because no resource-based policy allows the kms:GetKeyRotationStatus action)"
                + " (a key policy that does not allow this role refuses it whatever its IAM policies)";
        Map<String, Object> before = Map.of("KeysWithoutRotation", List.of(other), "KeysNotChecked", List.of(refusing + ": AccessDeniedException"));
        assertThat(audited).isEqualTo(CheckResult.error(CHECK_ID, "eu-west-1", couldNotCheck
                + "; 1 customer managed key without automatic rotation (" + other + "); enable it", before));
        assertThat(remediated).isEqualTo(CheckResult.error(CHECK_ID, "eu-west-1", couldNotCheck + "; rotation enabled for the other 1 key",
                before, Map.of("RotationEnabled", List.of(other))));
        assertThat(kms(harness.account(), Region.EU_WEST_1).getKeyRotationStatus(r -> r.keyId(other)).keyRotationEnabled()).isTrue();
        assertThat(kms(harness.account(), Region.EU_WEST_1).getKeyRotationStatus(r -> r.keyId(refusing)).keyRotationEnabled()).isFalse();
    }

    @Test
    void aRefusedFixIsAnErrorNamingTheKeyAndTheRolesRemediateModeNeeds() {
        String refusing = createKey(harness.account(), Region.EU_WEST_1);
        String other = createKey(harness.account(), Region.EU_WEST_1);
        MOTO.inject(keyPolicyRefuses(refusing, "EnableKeyRotation"));

        AccountResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of()));

        assertThat(result.status()).isEqualTo(AccountStatus.FAILED);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.detail()).startsWith("could not enable rotation of key " + refusing + " (Kms AccessDeniedException")
                    .contains("remediate mode needs the administrator roles").endsWith("; rotation enabled for the other 1 key");
            assertThat(check.after()).isEqualTo(Map.of("RotationEnabled", List.of(other)));
        });
        assertThat(kms(harness.account(), Region.EU_WEST_1).getKeyRotationStatus(r -> r.keyId(refusing)).keyRotationEnabled()).isFalse();
    }

    @Test
    void theAllRefusingReadOnlyRoleIsTheSameErrorForEveryKey() {
        createKey(harness.account(), Region.EU_WEST_1);
        MOTO.inject(ProxyTraffic.jsonAccessDenied("TrentService.EnableKeyRotation", "kms:EnableKeyRotation"));

        CheckResult result = harness.checker().check(CheckInputs.of(ACCOUNT_ID, Mode.REMEDIATE, CHECK, List.of())).checks().get(0);

        assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(result.detail()).contains("ReadOnlyExecutionRole").endsWith("with kms:EnableKeyRotation");
        assertThat(result.after()).isNull();
    }

    /** KMS's answer when the key policy of {@code keyId} does not allow the role {@code operation}, even with AdministratorAccess. */
    private static FaultRule keyPolicyRefuses(String keyId, String operation) {
        return new FaultRule("the key policy of " + keyId + " refuses kms:" + operation, request -> request.target()
                .equals("TrentService." + operation) && request.body().contains(keyId), FaultRule.UNLIMITED, 400, "application/x-amz-json-1.1",
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/"
                        + "aws-controltower-AdministratorExecutionRole/s is not authorized to perform: kms:" + operation + " on resource: "
                        + keyId + " because no resource-based policy allows the kms:" + operation + " action\"}");
    }

    /** A symmetric encryption key (KMS's default), customer managed, enabled, without rotation (KMS's default). */
    private static String createKey(MemberAccount account, Region region) {
        KeyMetadata key = kms(account, region).createKey(r -> { }).keyMetadata();
        assertThat(key.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        return key.keyId();
    }

    private static KmsClient kms(MemberAccount account, Region region) {
        return account.client(KmsClient.builder(), region);
    }
}
