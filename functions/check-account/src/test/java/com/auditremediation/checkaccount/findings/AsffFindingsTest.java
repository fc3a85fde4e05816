package com.auditremediation.checkaccount.findings;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckLanes;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.checkaccount.testing.CheckInputs;
import com.auditremediation.checkaccount.testing.RecordingAccountClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.DeclarativePolicy;
import com.auditremediation.core.model.Mode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping alone, without Security Hub: FindingsExporterTest sends findings to moto. */
class AsffFindingsTest {

    private static final String ACCOUNT_ID = "111122223333";
    private static final Region HOME = Region.EU_WEST_1;
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aFindingThatADeclarativePolicyManagesDoesNotOfferRemediateMode() {
        CheckDescriptor descriptor = CheckRegistry.create().get("ebs-default-encryption").descriptor();
        CheckResult fixable = CheckResult.nonCompliant(descriptor.id(), HOME.id(), "off", Map.of("EbsEncryptionByDefault", false));
        CheckResult managed = CheckResult.nonCompliant(descriptor.id(), HOME.id(), "off, managed by a declarative policy",
                Map.of("EbsEncryptionByDefault", false, DeclarativePolicy.MANAGED_BY, DeclarativePolicy.MANAGED_BY_POLICY));

        AwsSecurityFinding offered = AsffFindings.finding(audit(), HOME, "product", fixable, descriptor, "sweep-1", null, NOW);
        AwsSecurityFinding notOffered = AsffFindings.finding(audit(), HOME, "product", managed, descriptor, "sweep-1", null, NOW);

        assertThat(offered.description()).isEqualTo("Not compliant: off (remediate mode can fix this).");
        assertThat(notOffered.description()).isEqualTo("Not compliant: off, managed by a declarative policy.");
    }

    /** A context in audit mode whose session is never used: the mapping reads only the account and the mode. */
    private static CheckContext audit() {
        AssumedSession session = new AssumedSession("arn:aws:iam::" + ACCOUNT_ID + ":role/" + CheckInputs.ROLE, "sweep-1",
                Credentials.builder().accessKeyId("AKIDEXAMPLE").secretAccessKey("unused").sessionToken("unused")
                        .expiration(NOW.plusSeconds(900)).build());
        return new CheckContext(ACCOUNT_ID, CheckInputs.ROLE, session, "aws", Mode.AUDIT, HOME, List.of(HOME),
                new RecordingAccountClients(URI.create("http://127.0.0.1:1")), Env.of(Map.of()), CheckLanes.of(1));
    }
}
