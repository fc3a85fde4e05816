package com.auditremediation.core.model;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.Severity;
import com.auditremediation.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where each account's row lives in the report bucket, and how large its summary (what a Map iteration returns, see
 * {@link AccountResult#summary}) can ever be.
 *
 * <p>Keys: {@code runs/<execution>/accounts/<account id>.json} for a sweep's row and {@code runs/<execution>/fixes/<account
 * id>.json} for the approved fixes' pass, where {@code <execution>} is the execution's name (at most
 * {@value #MAX_EXECUTION_NAME} characters, as Step Functions allows) with anything but letters, digits, {@code .},
 * {@code _} and {@code -} made {@code -}. Under {@code runs/}, beside ListAccounts' working files, and expired with them.
 *
 * <p>The summary's size bound ({@link #maxSummaryBytes}) is exact, not an estimate: a summary holds no text of a
 * check or of AWS's but the row's key and a short error code, and its counts are bounded by the number of results an
 * account can have in the run; the bound is the JSON of the summary with every field at its longest.
 */
public final class AccountRows {

    public static final String PREFIX = "runs/";
    /** Step Functions' longest execution name. */
    public static final int MAX_EXECUTION_NAME = 80;
    /** The longest AWS error code a summary keeps when its row could not be written (AWS's codes are shorter). */
    public static final int MAX_ROW_ERROR = 32;

    private static final Pattern NOT_KEY_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern NOT_ERROR_CODE_CHARACTER = Pattern.compile("[^A-Za-z0-9.]");
    private static final String SWEEP = "/accounts/";
    private static final String FIXES = "/fixes/";

    private AccountRows() {
    }

    /** {@code runs/<execution>/accounts/<id>.json}, or {@code .../fixes/...} for the approved fixes' pass. */
    public static String key(String executionName, boolean fixPass, String accountId) {
        String name = executionName == null || executionName.isBlank() ? "unnamed" : executionName;
        name = NOT_KEY_CHARACTER.matcher(name).replaceAll("-");
        if (name.length() > MAX_EXECUTION_NAME) {
            name = name.substring(0, MAX_EXECUTION_NAME);
        }
        String id = accountId == null ? "unknown" : NOT_KEY_CHARACTER.matcher(accountId).replaceAll("-");
        return PREFIX + name + (fixPass ? FIXES : SWEEP) + (id.length() > 12 ? id.substring(0, 12) : id) + ".json";
    }

    /** An AWS error code as a summary keeps it: letters, digits and dots, at most {@value #MAX_ROW_ERROR} of them. */
    public static String plainErrorCode(String code) {
        String plain = NOT_ERROR_CODE_CHARACTER.matcher(code == null ? "" : code).replaceAll("");
        if (plain.isEmpty()) {
            plain = "Unknown";
        }
        return plain.length() > MAX_ROW_ERROR ? plain.substring(0, MAX_ROW_ERROR) : plain;
    }

    /**
     * The most bytes (UTF-8 JSON, as the shared mapper writes it) that one summary can take when an account has at
     * most {@code resultsPerAccount} check results: the longest status and error code, every status and severity
     * counted with as many digits as {@code resultsPerAccount} has, the longest key and the longest row error.
     */
    public static int maxSummaryBytes(int resultsPerAccount) {
        int count = Math.max(1, resultsPerAccount);
        Map<CheckStatus, Integer> byStatus = new EnumMap<>(CheckStatus.class);
        Arrays.stream(CheckStatus.values()).forEach(status -> byStatus.put(status, count));
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        Arrays.stream(Severity.values()).forEach(severity -> bySeverity.put(severity, count));
        AccountStatus status = Arrays.stream(AccountStatus.values()).max(Comparator.comparingInt(s -> s.name().length())).orElseThrow();
        ErrorCode code = Arrays.stream(ErrorCode.values()).max(Comparator.comparingInt(c -> c.name().length())).orElseThrow();
        String key = key("x".repeat(MAX_EXECUTION_NAME), false, "123456789012");
        AccountResult largest = new AccountResult("123456789012", status, code, null, null, null, null, null, null, byStatus, bySeverity,
                key, "x".repeat(MAX_ROW_ERROR));
        return Json.write(largest).getBytes(StandardCharsets.UTF_8).length;
    }
}
