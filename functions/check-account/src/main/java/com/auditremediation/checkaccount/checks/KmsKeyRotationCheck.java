package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Every customer managed KMS key that can rotate does, in each region swept (Security Hub KMS.4, MEDIUM, CIS AWS
 * Foundations Benchmark v3.0.0 3.6, https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4;
 * its AWS Config rule is cmk-backing-key-rotation-enabled).
 *
 * <p>Judged: keys that {@code DescribeKey} says are customer managed, {@code SYMMETRIC_DEFAULT}, {@code Enabled}, with
 * key material from KMS ({@code AWS_KMS}) and not a multi-Region replica. The others cannot have automatic rotation
 * (EnableKeyRotation's reference: asymmetric, HMAC, imported key material, custom key stores; a replica shares its
 * primary key's rotation, judged in the primary's region), AWS rotates its own keys every year, and a disabled key or
 * one pending deletion encrypts nothing new. One result per region: the keys without rotation are listed by key id,
 * at most {@link Evidence#MAX_LISTED}, then a count.
 *
 * <p>A key policy can refuse our role even under AdministratorAccess (a key policy that does not name the account
 * leaves IAM policies no say). Such a key is not a failure of the whole check: every other key is still judged and, in
 * remediate mode, fixed; the region's result is then {@code ERROR}, naming the keys that could not be checked or fixed
 * and why, with the others in {@code before} and {@code after}. The fix is {@code EnableKeyRotation} with KMS's default
 * period (365 days) on each key without rotation; the next read confirms it.
 */
public final class KmsKeyRotationCheck extends Check {

    static final String ENABLE = "kms:EnableKeyRotation";
    private static final String WITHOUT_ROTATION = "KeysWithoutRotation";
    private static final String NOT_CHECKED = "KeysNotChecked";
    private static final String ROTATION_ENABLED = "RotationEnabled";
    private static final int NAMED_IN_DETAIL = 3;

    /** A region's judged keys without rotation, and the keys AWS would not let us read, with why. */
    private record Scan(List<String> withoutRotation, Map<String, SdkException> notChecked) {
    }

    public KmsKeyRotationCheck() {
        super(CheckDescriptor.builder("kms-key-rotation")
                .title("Automatic rotation is enabled for every customer managed symmetric KMS key in each region swept")
                .controls("KMS.4")
                .cis("3.6")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus")
                .fixes(ENABLE)
                .recommendation("Enable automatic key rotation for every enabled customer managed symmetric KMS key (KMS"
                        + " console, the key, Key rotation); remediate mode does this where the key policy allows the role.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        return context.inEachRegion(region -> evaluate(context, region));
    }

    private CheckResult evaluate(CheckContext context, Region region) {
        KmsClient kms = context.client(KmsClient.builder(), region);
        Scan scan;
        try {
            scan = scan(kms, region);
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), region.id(), "could not list the KMS keys", e, null);
        }
        Map<String, Object> before = evidence(scan);
        List<String> problems = new ArrayList<>();
        if (!scan.notChecked().isEmpty()) {
            problems.add(couldNot("check", scan.notChecked()) + " (a key policy that does not allow this role refuses it whatever"
                    + " its IAM policies)");
        }
        if (context.mode() != Mode.REMEDIATE || scan.withoutRotation().isEmpty()) {
            if (!scan.withoutRotation().isEmpty()) {
                problems.add(withoutRotation(scan.withoutRotation()));
            }
            if (!scan.notChecked().isEmpty()) {
                return CheckResult.error(id(), region.id(), String.join("; ", problems), before);
            }
            return problems.isEmpty() ? CheckResult.compliant(id(), region.id()) : CheckResult.nonCompliant(id(), region.id(), problems.get(0), before);
        }

        List<String> enabled = new ArrayList<>();
        Map<String, SdkException> refused = new LinkedHashMap<>();
        for (String keyId : scan.withoutRotation()) {
            try {
                kms.enableKeyRotation(r -> r.keyId(keyId));
                enabled.add(keyId);
            } catch (SdkException e) {
                AwsFaults.rethrowIfTransient(e, ENABLE + " of " + keyId + " in " + region.id());
                refused.put(keyId, e);
            }
        }
        List<String> stillOff = new ArrayList<>();
        try {
            for (String keyId : enabled) {
                if (!rotationEnabled(kms, keyId)) {
                    stillOff.add(keyId);
                }
            }
        } catch (SdkException e) {
            return CheckFailures.errorOrThrow(id(), region.id(), "enabled rotation, but could not read it back", e, before);
        }
        List<String> rotating = enabled.stream().filter(keyId -> !stillOff.contains(keyId)).toList();
        Map<String, Object> after = rotating.isEmpty() ? null : Map.of(ROTATION_ENABLED, Evidence.capped(rotating));
        if (!refused.isEmpty()) {
            problems.add(couldNot("enable rotation of", refused) + CheckFailures.fixRefusedHint(refused.values().iterator().next(), fixActions()));
        }
        if (!stillOff.isEmpty()) {
            problems.add(ENABLE + " did not take effect: " + withoutRotation(stillOff));
        }
        if (problems.isEmpty()) {
            return CheckResult.remediated(id(), region.id(), ENABLE, before, after);
        }
        String others = rotating.isEmpty() ? "" : "; rotation enabled for the other " + count(rotating.size(), "key");
        return CheckResult.error(id(), region.id(), String.join("; ", problems) + others, before, after);
    }

    private static Scan scan(KmsClient kms, Region region) {
        List<String> withoutRotation = new ArrayList<>();
        Map<String, SdkException> notChecked = new LinkedHashMap<>();
        for (KeyListEntry key : kms.listKeysPaginator(r -> { }).keys()) {
            String keyId = key.keyId();
            try {
                if (judged(kms.describeKey(r -> r.keyId(keyId)).keyMetadata()) && !rotationEnabled(kms, keyId)) {
                    withoutRotation.add(keyId);
                }
            } catch (NotFoundException gone) {
                // Deleted since the listing: nothing left to judge.
            } catch (SdkException e) {
                AwsFaults.rethrowIfTransient(e, "check kms-key-rotation of " + keyId + " in " + region.id());
                notChecked.put(keyId, e);
            }
        }
        return new Scan(withoutRotation, notChecked);
    }

    /** Whether automatic rotation applies to {@code key}: see the class comment. */
    private static boolean judged(KeyMetadata key) {
        return key.keyManager() == KeyManagerType.CUSTOMER
                && key.keySpec() == KeySpec.SYMMETRIC_DEFAULT
                && key.keyState() == KeyState.ENABLED
                && key.origin() == OriginType.AWS_KMS
                && (key.multiRegionConfiguration() == null
                || key.multiRegionConfiguration().multiRegionKeyType() != MultiRegionKeyType.REPLICA);
    }

    private static boolean rotationEnabled(KmsClient kms, String keyId) {
        return Boolean.TRUE.equals(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled());
    }

    private static Map<String, Object> evidence(Scan scan) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (!scan.withoutRotation().isEmpty()) {
            evidence.put(WITHOUT_ROTATION, Evidence.capped(scan.withoutRotation()));
        }
        if (!scan.notChecked().isEmpty()) {
            evidence.put(NOT_CHECKED, Evidence.capped(scan.notChecked().entrySet().stream()
                    .map(key -> key.getKey() + ": " + AwsFaults.errorCode(key.getValue())).toList()));
        }
        return evidence;
    }

    private static String withoutRotation(List<String> keyIds) {
        return count(keyIds.size(), "customer managed key") + " without automatic rotation (" + named(keyIds) + "); enable it";
    }

    /** "could not check key 1234... (Kms AccessDeniedException: ...)": the keys, and AWS's reason for the first. */
    private static String couldNot(String what, Map<String, SdkException> keys) {
        return "could not " + what + " " + (keys.size() == 1 ? "key " : keys.size() + " keys, ") + named(List.copyOf(keys.keySet()))
                + " (" + CheckFailures.describe(keys.values().iterator().next()) + ")";
    }

    private static String named(List<String> keyIds) {
        List<String> named = new ArrayList<>(keyIds.subList(0, Math.min(NAMED_IN_DETAIL, keyIds.size())));
        if (keyIds.size() > NAMED_IN_DETAIL) {
            named.add("and " + (keyIds.size() - NAMED_IN_DETAIL) + " more");
        }
        return String.join(", ", named);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
