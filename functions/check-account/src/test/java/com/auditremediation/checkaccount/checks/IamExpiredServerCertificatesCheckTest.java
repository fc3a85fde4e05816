package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.testing.CheckArrangement;
import com.auditremediation.checkaccount.testing.CheckFixtures;
import com.auditremediation.checkaccount.testing.CheckerHarness;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.ServerCertificateMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/** moto lists every server certificate as expiring on 2012-05-08, whatever it holds: a valid one comes from the proxy. */
class IamExpiredServerCertificatesCheckTest implements CheckArrangement {

    @RegisterExtension
    @Order(1)
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ACCOUNT_ID = "111122223333";
    private static final String CHECK = "iam-expired-server-certificates";
    private static final String PEM_BODY = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----";
    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIBtest\n-----END PRIVATE KEY-----";

    @RegisterExtension
    @Order(2)
    final CheckerHarness harness = new CheckerHarness(MOTO, ACCOUNT_ID);

    /** A new account's state: no server certificate in IAM. */
    @Override
    public void arrangeCompliant(CheckFixtures.Fixture fixture) {
    }

    /** A certificate that moto lists as expired in 2012. */
    @Override
    public void arrangeNonCompliant(CheckFixtures.Fixture fixture) {
        fixture.account().iam().uploadServerCertificate(r -> r.serverCertificateName("old-www").certificateBody(PEM_BODY).privateKey(PEM_KEY));
    }

    @Override
    public Object state(CheckFixtures.Fixture fixture) {
        return fixture.account().iam().listServerCertificates().serverCertificateMetadataList().stream()
                .map(ServerCertificateMetadata::serverCertificateName).sorted().toList();
    }

    @Test
    void noCertificateIsCompliant() {
        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result).isEqualTo(CheckResult.compliant(CHECK, null));
        assertThat(harness.actions()).containsExactly("iam:ListServerCertificates");
    }

    @Test
    void anExpiredCertificateIsNonCompliantAndRemediateDeletesNothing() {
        arrangeNonCompliant(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()));

        CheckResult audit = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));
        CheckResult remediate = CheckerHarness.only(harness.run(CHECK, Mode.REMEDIATE));

        assertThat(audit.status()).isEqualTo(CheckStatus.NON_COMPLIANT);
        assertThat(audit.before()).isEqualTo(Map.of(IamExpiredServerCertificatesCheck.EXPIRED, List.of("old-www (expired 2012-05-08)")));
        assertThat(audit.detail()).isEqualTo("1 expired server certificate in IAM: move their users to a valid certificate, then delete them");
        assertThat(remediate.detail()).startsWith("not fixed (audit only): 1 expired server certificate");
        assertThat(state(new CheckFixtures.Fixture(harness.account(), MOTO, List.of()))).isEqualTo(List.of("old-www"));
        assertThat(harness.actions()).containsOnly("iam:ListServerCertificates");
    }

    @Test
    void onlyTheExpiredOfSeveralCertificatesAreListed() {
        Instant nextYear = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        MOTO.inject(serverCertificates(Map.of("valid-api", nextYear, "lapsed-api", lastWeek)));

        CheckResult result = CheckerHarness.only(harness.run(CHECK, Mode.AUDIT));

        assertThat(result.before()).isEqualTo(Map.of(IamExpiredServerCertificatesCheck.EXPIRED,
                List.of("lapsed-api (expired " + lastWeek.toString().substring(0, 10) + ")")));
    }

    /** ListServerCertificates answers these certificates, by name, with their expiration, as IAM does. */
    private static FaultRule serverCertificates(Map<String, Instant> expirations) {
        StringBuilder members = new StringBuilder();
        expirations.forEach((name, expiration) -> members.append("      <member>\n        <ServerCertificateName>").append(name)
                .append("</ServerCertificateName>\n        <Path>/</Path>\n        <Arn>arn:aws:iam::").append(ACCOUNT_ID)
                .append(":server-certificate/").append(name).append("</Arn>\n        <ServerCertificateId>ASCA").append(name.hashCode() & 0xffff)
                .append("</ServerCertificateId>\n        <UploadDate>2020-01-01T00:00:00Z</UploadDate>\n        <Expiration>")
                .append(expiration).append("</Expiration>\n      </member>\n"));
        return new FaultRule("iam:ListServerCertificates", request -> "ListServerCertificates".equals(request.form().get("Action")),
                FaultRule.UNLIMITED, 200, "text/xml",
                "<ListServerCertificatesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <ListServerCertificatesResult>\n"
                        + "    <IsTruncated>false</IsTruncated>\n    <ServerCertificateMetadataList>\n" + members
                        + "    </ServerCertificateMetadataList>\n  </ListServerCertificatesResult>\n"
                        + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                        + "</ListServerCertificatesResponse>\n");
    }
}
