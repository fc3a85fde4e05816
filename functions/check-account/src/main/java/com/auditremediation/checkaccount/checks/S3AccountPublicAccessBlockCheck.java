package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;

/**
 * All four account-level S3 Block Public Access settings are on (Security Hub S3.1, CIS AWS Foundations Benchmark
 * v3.0.0 2.1.4). The account-level configuration applies to every bucket in every region; S3 Control reads and
 * writes it through the home region's endpoint. No configuration at all (NoSuchPublicAccessBlockConfiguration) is
 * non-compliant. The fix turns all four on.
 */
public final class S3AccountPublicAccessBlockCheck extends SettingCheck<PublicAccessBlockConfiguration> {

    private static final PublicAccessBlockConfiguration NONE = PublicAccessBlockConfiguration.builder().build();

    public S3AccountPublicAccessBlockCheck() {
        super(CheckDescriptor.builder("s3-account-public-access-block")
                .title("All four account-level S3 Block Public Access settings are on")
                .controls("S3.1")
                .cis("2.1.4")
                .severity(Severity.MEDIUM)
                .reads("s3:GetAccountPublicAccessBlock")
                .fixes("s3:PutAccountPublicAccessBlock")
                .recommendation("Turn on all four S3 Block Public Access settings for the account (S3 console, Block Public"
                        + " Access settings for this account); remediate mode does this.")
                .build());
    }

    @Override
    protected PublicAccessBlockConfiguration read(CheckContext context, Region region) {
        try {
            return client(context, region).getPublicAccessBlock(r -> r.accountId(context.accountId()))
                    .publicAccessBlockConfiguration();
        } catch (NoSuchPublicAccessBlockConfigurationException e) {
            return NONE;
        }
    }

    @Override
    protected Map<String, Object> failing(PublicAccessBlockConfiguration configuration) {
        Map<String, Object> failing = new LinkedHashMap<>();
        if (configuration == NONE) {
            failing.put("PublicAccessBlockConfiguration", "none");
            return failing;
        }
        settings(configuration).forEach((name, on) -> {
            if (!Boolean.TRUE.equals(on)) {
                failing.put(name, false);
            }
        });
        return failing;
    }

    @Override
    protected Map<String, Object> settings(PublicAccessBlockConfiguration configuration) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (configuration == NONE) {
            settings.put("PublicAccessBlockConfiguration", "none");
            return settings;
        }
        settings.put("BlockPublicAcls", Boolean.TRUE.equals(configuration.blockPublicAcls()));
        settings.put("IgnorePublicAcls", Boolean.TRUE.equals(configuration.ignorePublicAcls()));
        settings.put("BlockPublicPolicy", Boolean.TRUE.equals(configuration.blockPublicPolicy()));
        settings.put("RestrictPublicBuckets", Boolean.TRUE.equals(configuration.restrictPublicBuckets()));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        if (failing.containsKey("PublicAccessBlockConfiguration")) {
            return "no account-level S3 Block Public Access: each bucket's own settings decide; turn all four on for the account";
        }
        return "account-level S3 Block Public Access off: " + String.join(", ", failing.keySet());
    }

    @Override
    protected void fix(CheckContext context, Region region, PublicAccessBlockConfiguration current) {
        client(context, region).putPublicAccessBlock(r -> r.accountId(context.accountId())
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true)));
    }

    private static S3ControlClient client(CheckContext context, Region region) {
        return context.client(S3ControlClient.builder().endpointProvider(S3ControlEndpoints.create()), region);
    }
}
