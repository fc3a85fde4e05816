package com.auditremediation.listaccounts;

import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Validate;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * The template's defaults for a sweep, read once from the environment. The execution input overrides each of them
 * (see {@link ListAccountsRequest}). A bad value fails the function's initialisation with a message naming the
 * variable, rather than every sweep later.
 *
 * @param partition the stack's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), from the function's own
 *                  region: every region of a sweep must be one of its regions
 */
public record ListAccountsSettings(
        String roleName,
        Mode mode,
        List<String> checks,
        List<String> regions,
        List<String> organizationalUnitIds,
        List<String> excludeAccountIds,
        int maxConcurrency,
        String partition) {

    public static final String DEFAULT_ROLE_NAME = "aws-controltower-AdministratorExecutionRole";
    public static final int DEFAULT_MAX_CONCURRENCY = 10;
    /** An inline Map runs at most 40 iterations at once. */
    public static final int MAX_INLINE_MAP_CONCURRENCY = 40;

    public ListAccountsSettings {
        Validate.roleName("EXECUTION_ROLE_NAME", roleName);
        if (mode == null) {
            throw new InvalidInputException("DEFAULT_MODE", "is missing; use \"audit\" or \"remediate\"");
        }
        checks = CheckCatalog.shipped().validate("DEFAULT_CHECKS", checks);
        if (partition == null || Validate.regionsOf(partition).isEmpty()) {
            throw new InvalidInputException("AWS_REGION", Validate.describe(partition) + " is not a partition the AWS SDK knows;"
                    + " the function's region decides it");
        }
        regions = Validate.regions("DEFAULT_REGIONS", regions, partition);
        organizationalUnitIds = organizationalUnitIds == null ? List.of() : List.copyOf(organizationalUnitIds);
        if (!organizationalUnitIds.isEmpty()) {
            Validate.parentIds("DEFAULT_ORGANIZATIONAL_UNIT_IDS", organizationalUnitIds);
        }
        excludeAccountIds = excludeAccountIds == null ? List.of() : List.copyOf(excludeAccountIds);
        if (!excludeAccountIds.isEmpty()) {
            Validate.accountIds("DEFAULT_EXCLUDE_ACCOUNT_IDS", excludeAccountIds);
        }
        if (maxConcurrency < 1 || maxConcurrency > MAX_INLINE_MAP_CONCURRENCY) {
            throw new InvalidInputException("MAX_CONCURRENCY", maxConcurrency + " is out of range; use 1 to "
                    + MAX_INLINE_MAP_CONCURRENCY + " (an inline Map runs at most " + MAX_INLINE_MAP_CONCURRENCY + " iterations at once)");
        }
    }

    /**
     * Reads {@code EXECUTION_ROLE_NAME}, {@code DEFAULT_MODE}, {@code DEFAULT_CHECKS}, {@code DEFAULT_REGIONS},
     * {@code DEFAULT_ORGANIZATIONAL_UNIT_IDS}, {@code DEFAULT_EXCLUDE_ACCOUNT_IDS} and {@code MAX_CONCURRENCY};
     * the lists are comma-separated. Without {@code DEFAULT_REGIONS} the sweep covers {@code lambdaRegion}, whose
     * partition is the stack's.
     */
    public static ListAccountsSettings fromEnv(Env env, String lambdaRegion) {
        Mode mode;
        try {
            mode = Mode.fromJson(env.get("DEFAULT_MODE", Mode.AUDIT.jsonValue()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("DEFAULT_MODE", e.getMessage());
        }
        return new ListAccountsSettings(
                env.get("EXECUTION_ROLE_NAME", DEFAULT_ROLE_NAME),
                mode,
                env.list("DEFAULT_CHECKS", CheckCatalog.shipped().ids()),
                env.list("DEFAULT_REGIONS", List.of(lambdaRegion)),
                env.list("DEFAULT_ORGANIZATIONAL_UNIT_IDS", List.of()),
                env.list("DEFAULT_EXCLUDE_ACCOUNT_IDS", List.of()),
                env.integer("MAX_CONCURRENCY", DEFAULT_MAX_CONCURRENCY),
                AwsClients.partition(Region.of(lambdaRegion)));
    }
}
