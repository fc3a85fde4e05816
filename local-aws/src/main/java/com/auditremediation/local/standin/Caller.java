package com.auditremediation.local.standin;

import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Whom a request is for: the account and principal (as moto resolves them, see {@link AccountResolver}) and the
 * region (from the credential scope).
 */
public record Caller(String accountId, String region, String principalArn) {

    /** Where the stand-in keeps this caller's state: its account and region. */
    public record AccountRegion(String accountId, String region) {
    }

    public AccountRegion accountRegion() {
        return new AccountRegion(accountId, region);
    }

    /** The partition of the region ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), as ARNs name it. */
    public String partition() {
        return partition(region);
    }

    static String partition(String region) {
        return PartitionMetadata.of(Region.of(region)).id();
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
