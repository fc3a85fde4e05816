package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * No SSL/TLS server certificate stored in IAM has expired (Security Hub IAM.26, MEDIUM, "Expired SSL/TLS certificates
 * managed in IAM should be removed", https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-26;
 * CIS AWS Foundations Benchmark v3.0.0 1.19), from one paged ListServerCertificates and each one's
 * {@code Expiration}. IAM never deletes an expired certificate by itself.
 *
 * <p>Audit only: DeleteServerCertificate cannot be undone, and a load balancer or CloudFront distribution that still
 * names the certificate must be moved to a valid one first, which only its owner can do.
 */
public final class IamExpiredServerCertificatesCheck extends Check {

    static final String EXPIRED = "ExpiredServerCertificates";

    public IamExpiredServerCertificatesCheck() {
        super(CheckDescriptor.builder("iam-expired-server-certificates")
                .title("No expired SSL/TLS server certificate is stored in IAM")
                .controls("IAM.26")
                .cis("1.19")
                .severity(Severity.MEDIUM)
                .reads("iam:ListServerCertificates")
                .recommendation("The account's owner moves anything still using an expired certificate (load balancer listeners,"
                        + " CloudFront) to a valid one, preferably from ACM, then deletes it: aws iam delete-server-certificate"
                        + " --server-certificate-name <name>.")
                .build());
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        IamClient iam = context.client(IamClient.builder(), context.homeRegion());
        Instant now = Instant.now();
        List<String> expired = iam.listServerCertificatesPaginator().serverCertificateMetadataList().stream()
                .filter(certificate -> certificate.expiration() != null && certificate.expiration().isBefore(now))
                .map(certificate -> certificate.serverCertificateName() + " (expired " + certificate.expiration().toString().substring(0, 10) + ")")
                .toList();
        if (expired.isEmpty()) {
            return List.of(CheckResult.compliant(id(), null));
        }
        String detail = (context.mode() == Mode.REMEDIATE ? "not fixed (audit only): " : "") + expired.size()
                + " expired server certificate" + (expired.size() == 1 ? "" : "s") + " in IAM: move their users to a valid"
                + " certificate, then delete them";
        return List.of(CheckResult.nonCompliant(id(), null, detail, Map.of(EXPIRED, Evidence.capped(expired))));
    }
}
