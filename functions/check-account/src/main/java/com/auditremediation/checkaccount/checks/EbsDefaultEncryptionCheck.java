package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * EBS encryption by default is on in each region swept (Security Hub EC2.7, CIS AWS Foundations Benchmark v3.0.0
 * 2.2.1). The setting is per account and region; the fix enables it in that region, with the key already chosen for
 * default encryption (the AWS managed {@code aws/ebs} key unless someone picked another). Existing volumes stay as
 * they are. The two EC2 calls go through {@link Ec2QueryClient}, not the EC2 SDK module (see there why).
 */
public final class EbsDefaultEncryptionCheck extends SettingCheck<Boolean> {

    private static final String SETTING = "EbsEncryptionByDefault";

    public EbsDefaultEncryptionCheck() {
        super(CheckDescriptor.builder("ebs-default-encryption")
                .title("EBS encryption by default is on in each region swept")
                .controls("EC2.7")
                .cis("2.2.1")
                .severity(Severity.MEDIUM)
                .regional()
                .reads("ec2:GetEbsEncryptionByDefault")
                .fixes("ec2:EnableEbsEncryptionByDefault")
                .recommendation("Enable EBS encryption by default in every region in use (EC2 console, Data protection and"
                        + " security); remediate mode does this. Existing volumes stay unencrypted.")
                .build());
    }

    @Override
    protected Boolean read(CheckContext context, Region region) {
        return context.client(Ec2QueryClient.builder(), region).getEbsEncryptionByDefault();
    }

    @Override
    protected Map<String, Object> failing(Boolean enabled) {
        return enabled ? Map.of() : settings(false);
    }

    @Override
    protected Map<String, Object> settings(Boolean enabled) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SETTING, enabled);
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        return "new EBS volumes are not encrypted by default in this region; enable EBS encryption by default";
    }

    @Override
    protected void fix(CheckContext context, Region region, Boolean enabled) {
        context.client(Ec2QueryClient.builder(), region).enableEbsEncryptionByDefault();
    }
}
