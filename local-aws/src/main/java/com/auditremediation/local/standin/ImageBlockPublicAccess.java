package com.auditremediation.local.standin;

import java.util.Set;

/**
 * AMI block public access ({@code GetImageBlockPublicAccessState}, {@code EnableImageBlockPublicAccess},
 * {@code DisableImageBlockPublicAccess}), which moto 5.2.1 lacks: per account and region, {@code block-new-sharing}
 * by default (the EC2 User Guide's default for new accounts and for accounts that never had a public AMI) or
 * {@code unblocked}. AWS may take up to 10 minutes to apply an enable; the stand-in applies it at once.
 */
final class ImageBlockPublicAccess extends SingleStateSetting {

    private static final String BLOCKED = "block-new-sharing";

    ImageBlockPublicAccess() {
        super("ec2-image-block-public-access",
                new Names("GetImageBlockPublicAccessState", "EnableImageBlockPublicAccess", "DisableImageBlockPublicAccess",
                        "imageBlockPublicAccessState", "ImageBlockPublicAccessState"),
                Set.of(BLOCKED), BLOCKED);
    }
}
