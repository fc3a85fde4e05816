package com.auditremediation.local.standin;

import java.util.Set;

/**
 * EBS snapshot block public access ({@code GetSnapshotBlockPublicAccessState}, {@code EnableSnapshotBlockPublicAccess},
 * {@code DisableSnapshotBlockPublicAccess}), which moto 5.2.1 lacks: per account and region, {@code unblocked} until
 * enabled as {@code block-all-sharing} or {@code block-new-sharing} ({@code unblocked} is not a valid value to enable).
 */
final class SnapshotBlockPublicAccess extends SingleStateSetting {

    SnapshotBlockPublicAccess() {
        super("ec2-snapshot-block-public-access",
                new Names("GetSnapshotBlockPublicAccessState", "EnableSnapshotBlockPublicAccess", "DisableSnapshotBlockPublicAccess",
                        "state", "State"),
                Set.of("block-all-sharing", "block-new-sharing"), UNBLOCKED);
    }
}
