package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * VPC block public access options ({@code DescribeVpcBlockPublicAccessOptions}, {@code ModifyVpcBlockPublicAccessOptions}),
 * which moto 5.2.1 lacks: per account and region, mode {@code off} in state {@code default-state} until modified. A
 * modify answers {@code update-in-progress}, as AWS does; the stand-in completes it at once, so the next describe reads
 * {@code update-complete}. Admin endpoint fields: {@code internetGatewayBlockMode}, {@code exclusionsAllowed}
 * ({@code allowed} or {@code not-allowed}, which an organisation's declarative policy may set).
 */
final class VpcBlockPublicAccess extends Ec2AccountSetting<VpcBlockPublicAccess.Options> {

    private static final Set<String> MODES = Set.of("off", "block-bidirectional", "block-ingress");

    record Options(String internetGatewayBlockMode, String state, Instant lastUpdate, String exclusionsAllowed) {

        static final Options DEFAULT = new Options("off", "default-state", null, "allowed");

        Options modified(String mode, String newState) {
            return new Options(mode, newState, Instant.now().truncatedTo(ChronoUnit.MILLIS), exclusionsAllowed);
        }
    }

    VpcBlockPublicAccess() {
        super("ec2-vpc-block-public-access");
    }

    @Override
    protected Map<String, Operation> actions() {
        return Map.of(
                "DescribeVpcBlockPublicAccessOptions", (form, caller) -> options(value(caller), caller),
                "ModifyVpcBlockPublicAccessOptions", (form, caller) -> {
                    String mode = requiredField(form, "InternetGatewayBlockMode", MODES);
                    Options current = value(caller);
                    setByAccount(caller, current.modified(mode, "update-complete"));
                    return options(current.modified(mode, "update-in-progress"), caller);
                });
    }

    private Xml options(Options options, Caller caller) {
        return Xml.elements().element("vpcBlockPublicAccessOptions", Xml.elements()
                .element("awsAccountId", caller.accountId())
                .element("awsRegion", caller.region())
                .element("state", options.state())
                .element("internetGatewayBlockMode", options.internetGatewayBlockMode())
                .element("lastUpdateTimestamp", options.lastUpdate())
                .element("managedBy", management(caller).managedBy())
                .element("exclusionsAllowed", options.exclusionsAllowed()));
    }

    @Override
    protected Options defaultValue(Caller.AccountRegion place) {
        return Options.DEFAULT;
    }

    @Override
    protected Options adminValue(JsonNode body, Options current) {
        String mode = AdminInput.choice(body, "internetGatewayBlockMode", current.internetGatewayBlockMode(), MODES);
        String exclusions = AdminInput.choice(body, "exclusionsAllowed", current.exclusionsAllowed(), Set.of("allowed", "not-allowed"));
        return new Options(mode, "update-complete", Instant.now().truncatedTo(ChronoUnit.MILLIS), exclusions);
    }

    @Override
    protected ObjectNode describe(Options value) {
        return Json.mapper().createObjectNode().put("internetGatewayBlockMode", value.internetGatewayBlockMode())
                .put("state", value.state()).put("exclusionsAllowed", value.exclusionsAllowed());
    }
}
