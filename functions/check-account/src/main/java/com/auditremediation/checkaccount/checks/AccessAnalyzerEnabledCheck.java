package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.accessanalyzer.AccessAnalyzerClient;
import software.amazon.awssdk.services.accessanalyzer.model.AnalyzerStatus;
import software.amazon.awssdk.services.accessanalyzer.model.AnalyzerSummary;
import software.amazon.awssdk.services.accessanalyzer.model.Type;

/**
 * The account has an IAM Access Analyzer external access analyzer, {@code ACTIVE}, in each region swept (Security Hub
 * IAM.28, HIGH, CIS AWS Foundations Benchmark v3.0.0 1.20; its AWS Config rule is iam-external-access-analyzer-enabled).
 *
 * <p>Only an analyzer of type {@code ACCOUNT} (the account as zone of trust) counts. IAM.28's description says so of
 * the other kind: "If an account is part of an organization in AWS Organizations, this control doesn't factor external
 * access analyzers that specify the organization as the zone of trust and are enabled for the organization in the
 * current Region" (https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-28). So an
 * organisation analyzer in the delegated administrator (or one in this account, where it is that administrator) does
 * not make a member account compliant, and we follow the control: AWS suggests disabling IAM.28 in member accounts
 * for organisations that rely on one, which a team that wants that can mirror by leaving this check out of
 * {@code Checks}. Unused-access and internal-access analyzers are not external access analyzers.
 *
 * <p>The fix creates an {@code ACCOUNT} analyzer named {@value #ANALYZER_NAME}. Creating one also creates the
 * service-linked role AWSServiceRoleForAccessAnalyzer when the account has none ("When you enable Access Analyzer
 * [...] IAM Access Analyzer creates the service-linked role for you", IAM User Guide, "Using service-linked roles for
 * AWS Identity and Access Management Access Analyzer"), with the caller's permission: the caller needs
 * {@code iam:CreateServiceLinkedRole}, which is why the descriptor declares it although we never call it ourselves.
 * An account may have only one {@code ACCOUNT} analyzer per region (outside the management and delegated
 * administrator accounts), so where one exists that is not {@code ACTIVE} (failed, or still being created), nothing is
 * written: the result stays {@code NON_COMPLIANT} and says what the analyzer's status is.
 */
public final class AccessAnalyzerEnabledCheck extends SettingCheck<List<AnalyzerSummary>> {

    static final String ANALYZER_NAME = "audit-remediation-external-access";
    private static final String ANALYZER = "ExternalAccessAnalyzer";

    public AccessAnalyzerEnabledCheck() {
        super(CheckDescriptor.builder("access-analyzer-enabled")
                .title("An IAM Access Analyzer external access analyzer of the account is active in each region swept")
                .controls("IAM.28")
                .cis("1.20")
                .severity(Severity.HIGH)
                .regional()
                .reads("access-analyzer:ListAnalyzers")
                .fixes("access-analyzer:CreateAnalyzer", "iam:CreateServiceLinkedRole")
                .recommendation("Create an IAM Access Analyzer external access analyzer with the account as zone of trust in"
                        + " every region in use (IAM console, Access analyzer, Analyzer settings); remediate mode does this.")
                .build());
    }

    /** The region's external access analyzers with the account as zone of trust. */
    @Override
    protected List<AnalyzerSummary> read(CheckContext context, Region region) {
        return context.client(AccessAnalyzerClient.builder(), region).listAnalyzersPaginator(r -> r.type(Type.ACCOUNT))
                .analyzers().stream().toList();
    }

    @Override
    protected Map<String, Object> failing(List<AnalyzerSummary> analyzers) {
        return analyzers.stream().anyMatch(analyzer -> analyzer.status() == AnalyzerStatus.ACTIVE) ? Map.of() : settings(analyzers);
    }

    @Override
    protected Map<String, Object> settings(List<AnalyzerSummary> analyzers) {
        if (analyzers.isEmpty()) {
            return Map.of(ANALYZER, "none");
        }
        AnalyzerSummary analyzer = analyzers.stream().filter(a -> a.status() == AnalyzerStatus.ACTIVE).findFirst().orElse(analyzers.get(0));
        return Map.of(ANALYZER, describe(analyzer));
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return "none".equals(failing.get(ANALYZER))
                ? "no IAM Access Analyzer external access analyzer with the account as zone of trust; create one"
                : "the external access analyzer is not active (" + failing.get(ANALYZER) + ")";
    }

    @Override
    protected String cannotFix(CheckContext context, List<AnalyzerSummary> analyzers) {
        return analyzers.isEmpty() ? null : "an account can have only one such analyzer in a region; see why "
                + analyzers.get(0).name() + " is not active (IAM console, Access analyzer), or delete it and run remediate mode again";
    }

    @Override
    protected void fix(CheckContext context, Region region, List<AnalyzerSummary> analyzers) {
        context.client(AccessAnalyzerClient.builder(), region).createAnalyzer(r -> r.analyzerName(ANALYZER_NAME).type(Type.ACCOUNT));
    }

    /** "name STATUS", and the reason AWS gives for a failed analyzer. */
    private static String describe(AnalyzerSummary analyzer) {
        String reason = analyzer.statusReason() == null || analyzer.statusReason().code() == null ? ""
                : " (" + analyzer.statusReason().codeAsString() + ")";
        return analyzer.name() + " " + analyzer.statusAsString() + reason;
    }
}
