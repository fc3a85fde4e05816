package com.auditremediation.local.standin;

/** Whether Security Hub is enabled in an account and region: moto's own state, read through its DescribeHub. */
final class SecurityHubAccount {

    private final MotoCalls moto;

    SecurityHubAccount(MotoCalls moto) {
        this.moto = moto;
    }

    /** Returns when the caller's hub is enabled; else the {@code InvalidAccessException} that AWS answers. */
    void requireEnabled(Caller caller) {
        MotoCalls.Answer answer = moto.restJson(caller, "securityhub", "GET", "/accounts", null);
        if (answer.ok()) {
            return;
        }
        if (answer.body().contains("InvalidAccessException")) {
            throw new AwsError(401, "InvalidAccessException", "Account " + caller.accountId() + " is not subscribed to AWS Security Hub");
        }
        throw new IllegalStateException("moto answered " + answer.status() + " to DescribeHub: " + answer.body());
    }
}
