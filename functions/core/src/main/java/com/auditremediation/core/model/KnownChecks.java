package com.auditremediation.core.model;

import java.util.List;

/**
 * The ids of the checks that check-account can run, in the order they run. ListAccounts validates {@code Checks}
 * against this list so a typo fails the run before any account is touched; check-account's registry is tested to
 * match it.
 */
public final class KnownChecks {

    public static final String CALLER_IDENTITY = "caller-identity";
    public static final String IAM_PASSWORD_POLICY = "iam-password-policy";
    public static final String S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = "s3-account-public-access-block";
    public static final String EBS_DEFAULT_ENCRYPTION = "ebs-default-encryption";
    public static final String ROOT_ACCOUNT_HYGIENE = "root-account-hygiene";

    public static final List<String> IDS = List.of(CALLER_IDENTITY, IAM_PASSWORD_POLICY,
            S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, EBS_DEFAULT_ENCRYPTION, ROOT_ACCOUNT_HYGIENE);

    private KnownChecks() {
    }
}
