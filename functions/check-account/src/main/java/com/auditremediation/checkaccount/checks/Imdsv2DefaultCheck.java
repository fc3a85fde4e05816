package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.checks.Ec2QueryClient.InstanceMetadataDefaults;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The account's default instance metadata options require IMDSv2 ({@code HttpTokens required}) for instances launched
 * from now on, in each region swept. No Security Hub control checks the default; it helps EC2.8 ("EC2 instances should
 * use Instance Metadata Service Version 2", which checks each instance), as Prowler's
 * {@code ec2_instance_account_imdsv2_enabled} does. IMDSv2's session tokens stop the server-side request forgery that
 * reads an instance role's credentials through IMDSv1.
 *
 * <p>Severity MEDIUM, as Prowler rates it: the default protects only instances launched later, and one launched with
 * its own options, or from an AMI that asks for IMDSv2, is unaffected; EC2.8 (HIGH) rates the instances themselves.
 * With no preference ({@code httpTokens} absent, a new account's state) the launch takes the AMI's setting or EC2's
 * default, which allows IMDSv1: that fails.
 *
 * <p>The fix sets {@code HttpTokens} to {@code required} (ModifyInstanceMetadataDefaults; {@code no-preference} undoes
 * it) and leaves the other defaults, the hop limit among them, as they are. It reaches new launches only: running
 * instances keep their own metadata options (EC2.8 finds those), which the descriptor's title, the plan and the result
 * say. An AWS Organizations declarative policy may manage the defaults ({@code ManagedBy: declarative-policy}): the
 * result then names the policy's attribute and remediate mode writes nothing ({@link DeclarativePolicies}).
 */
public final class Imdsv2DefaultCheck extends Ec2AccountAttributeCheck<InstanceMetadataDefaults> {

    static final String REQUIRED = "required";
    private static final String HTTP_TOKENS = "HttpTokens";

    public Imdsv2DefaultCheck() {
        super(CheckDescriptor.builder("imdsv2-default")
                .title("EC2 instances launched from now on should require IMDSv2 by default")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("ec2:GetInstanceMetadataDefaults")
                .fixes("ec2:ModifyInstanceMetadataDefaults")
                .recommendation("Set the account's default instance metadata option HttpTokens to required in every region in use"
                        + " (EC2 console, Data protection and security, IMDS defaults); remediate mode does this, for new launches"
                        + " only: move running instances to IMDSv2 one by one (Security Hub EC2.8 lists them).")
                .build());
    }

    @Override
    protected InstanceMetadataDefaults read(CheckContext context, Region region) {
        return context.client(Ec2QueryClient.builder(), region).getInstanceMetadataDefaults();
    }

    @Override
    protected boolean compliant(InstanceMetadataDefaults defaults) {
        return REQUIRED.equals(defaults.httpTokens());
    }

    @Override
    protected boolean managedByPolicy(InstanceMetadataDefaults defaults) {
        return defaults.managedByPolicy();
    }

    /** {@code HttpTokens} as set, or {@code no-preference} (the API's word for none). */
    @Override
    protected Map<String, Object> settings(InstanceMetadataDefaults defaults) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(HTTP_TOKENS, defaults.httpTokens().isEmpty() ? "no-preference" : defaults.httpTokens());
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return DeclarativePolicies.problem("new instances in this region do not require IMDSv2 by default (HttpTokens "
                + failing.get(HTTP_TOKENS) + ")", "set the account's default HttpTokens to required", failing,
                "set instance_metadata_defaults.http_tokens to required");
    }

    @Override
    protected void fix(CheckContext context, Region region, InstanceMetadataDefaults defaults) {
        context.client(Ec2QueryClient.builder(), region).modifyInstanceMetadataDefaultHttpTokens(REQUIRED);
    }

    @Override
    protected String fixNote(InstanceMetadataDefaults before) {
        return "new launches only: running instances keep their own metadata options";
    }
}
