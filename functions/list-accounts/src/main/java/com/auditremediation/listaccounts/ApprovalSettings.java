package com.auditremediation.listaccounts;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How long a run with {@code Approval: "required"} waits for a decision: the template's ApprovalTimeoutHours, read
 * once from {@code APPROVAL_TIMEOUT_HOURS} (a number, fractions allowed, so that a test can wait seconds). The
 * listing carries it as seconds to the state "Wait for approval" ({@code TimeoutSecondsPath}).
 */
public record ApprovalSettings(int timeoutSeconds) {

    public static final String APPROVAL_TIMEOUT_HOURS = "APPROVAL_TIMEOUT_HOURS";
    public static final int DEFAULT_TIMEOUT_HOURS = 24;
    /** Step Functions waits at most a year for a task token; a standard execution lives at most one year. */
    static final int MAX_TIMEOUT_HOURS = 24 * 365;

    public ApprovalSettings {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_HOURS * 3600) {
            throw new InvalidInputException(APPROVAL_TIMEOUT_HOURS, timeoutSeconds + " seconds is out of range; use up to "
                    + MAX_TIMEOUT_HOURS + " hours");
        }
    }

    public static ApprovalSettings defaults() {
        return new ApprovalSettings(DEFAULT_TIMEOUT_HOURS * 3600);
    }

    /** {@code APPROVAL_TIMEOUT_HOURS} in seconds, rounded up to a whole second; blank: 24 hours. */
    public static ApprovalSettings fromEnv(Env env) {
        String value = env.get(APPROVAL_TIMEOUT_HOURS, Integer.toString(DEFAULT_TIMEOUT_HOURS)).trim();
        BigDecimal hours;
        try {
            hours = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(APPROVAL_TIMEOUT_HOURS, "'" + value + "' is not a number of hours, such as 24");
        }
        if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(MAX_TIMEOUT_HOURS)) > 0) {
            throw new InvalidInputException(APPROVAL_TIMEOUT_HOURS, "'" + value + "' is out of range; use more than 0 and up to "
                    + MAX_TIMEOUT_HOURS + " hours (the template's ApprovalTimeoutHours)");
        }
        return new ApprovalSettings(hours.multiply(BigDecimal.valueOf(3600)).setScale(0, RoundingMode.CEILING).intValueExact());
    }
}
