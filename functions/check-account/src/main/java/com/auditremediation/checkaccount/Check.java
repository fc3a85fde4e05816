package com.auditremediation.checkaccount;

import com.auditremediation.core.model.CheckResult;
import java.util.List;

/**
 * One check that CheckAccount runs in a member account, with the assumed execution role. A check reads (and, in
 * {@code remediate} mode, fixes) one setting; it returns one result, or one per region when it is {@link #regional()}.
 * It lets SDK exceptions out: the checker turns transient ones into a retry of the account and the rest into an
 * ERROR result for this check alone.
 */
public interface Check {

    /** The id used in the execution input's {@code Checks} and in results, for example "caller-identity". */
    String id();

    /** One line, for the CLI and the README. */
    String description();

    /** True when the setting exists per region: the check runs once for each of {@link CheckContext#regions()}. */
    boolean regional();

    /** IAM actions the check needs in audit mode, for the execution role's policy and the README. */
    List<String> readActions();

    /** IAM actions the check needs in addition in remediate mode; empty when it fixes nothing. */
    List<String> fixActions();

    List<CheckResult> run(CheckContext context);
}
