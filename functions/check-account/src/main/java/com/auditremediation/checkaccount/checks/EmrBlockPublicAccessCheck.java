package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.BlockPublicAccessConfiguration;
import software.amazon.awssdk.services.emr.model.PortRange;

/**
 * Amazon EMR block public access is on in each region swept, with no exception but port 22 (Security Hub EMR.2,
 * whose AWS Config rule emr-block-public-access fails when {@code BlockPublicSecurityGroupRules} is false, or when it
 * is true and {@code PermittedPublicSecurityGroupRuleRanges} lists a port other than 22: the same as ours). The
 * setting is per account and region; with it on, EMR refuses to start a cluster whose security groups allow inbound
 * traffic from 0.0.0.0/0 or ::/0 on a port that is not an exception.
 *
 * <p>EMR turned it on by default in every region where an account had created no cluster before November 2019, with
 * port 22 as the exception; older accounts may have it off. The fix writes it on with port 22 as the only exception
 * (PutBlockPublicAccessConfiguration replaces the whole configuration, so any other exception goes). Port 22 stays
 * permitted because that is AWS's own default and EMR.2 accepts it; removing it is a stricter choice for each team.
 */
public final class EmrBlockPublicAccessCheck extends SettingCheck<BlockPublicAccessConfiguration> {

    static final int SSH = 22;
    private static final String BLOCK = "BlockPublicSecurityGroupRules";
    private static final String RANGES = "PermittedPublicSecurityGroupRuleRanges";

    public EmrBlockPublicAccessCheck() {
        super(CheckDescriptor.builder("emr-block-public-access")
                .title("Amazon EMR block public access is on in each region swept, with port 22 the only exception")
                .controls("EMR.2")
                .severity(Severity.CRITICAL)
                .regional()
                .reads("elasticmapreduce:GetBlockPublicAccessConfiguration")
                .fixes("elasticmapreduce:PutBlockPublicAccessConfiguration")
                .recommendation("Turn on Amazon EMR block public access in every region in use, with port 22 as the only"
                        + " exception (EMR console, Block public access); remediate mode does this.")
                .build());
    }

    @Override
    protected BlockPublicAccessConfiguration read(CheckContext context, Region region) {
        return context.client(EmrClient.builder(), region).getBlockPublicAccessConfiguration(r -> { })
                .blockPublicAccessConfiguration();
    }

    @Override
    protected Map<String, Object> failing(BlockPublicAccessConfiguration configuration) {
        Map<String, Object> failing = new LinkedHashMap<>();
        // AWS always answers the field (it is required); an answer without it is not "on".
        if (!Boolean.TRUE.equals(configuration.blockPublicSecurityGroupRules())) {
            failing.put(BLOCK, false);
        }
        List<String> others = ranges(configuration).stream().filter(range -> !range.equals(String.valueOf(SSH))).toList();
        if (!others.isEmpty()) {
            failing.put(RANGES, ranges(configuration));
        }
        return failing;
    }

    @Override
    protected Map<String, Object> settings(BlockPublicAccessConfiguration configuration) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(BLOCK, Boolean.TRUE.equals(configuration.blockPublicSecurityGroupRules()));
        settings.put(RANGES, ranges(configuration));
        return settings;
    }

    @Override
    protected String problem(Map<String, Object> failing) {
        if (failing.containsKey(BLOCK)) {
            return "EMR block public access off; turn it on";
        }
        return "EMR block public access permits ports other than 22; keep 22 the only exception";
    }

    @Override
    protected void fix(CheckContext context, Region region, BlockPublicAccessConfiguration current) {
        context.client(EmrClient.builder(), region).putBlockPublicAccessConfiguration(r -> r
                .blockPublicAccessConfiguration(c -> c.blockPublicSecurityGroupRules(true)
                        .permittedPublicSecurityGroupRuleRanges(PortRange.builder().minRange(SSH).maxRange(SSH).build())));
    }

    /** The permitted ranges as "22" or "8080-8090". */
    private static List<String> ranges(BlockPublicAccessConfiguration configuration) {
        return configuration.permittedPublicSecurityGroupRuleRanges().stream()
                .map(range -> range.maxRange() == null || range.maxRange().equals(range.minRange())
                        ? String.valueOf(range.minRange()) : range.minRange() + "-" + range.maxRange())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ranges(Map<String, Object> failing) {
        return (List<String>) failing.get(RANGES);
    }
}
