package com.auditremediation.checkaccount.check;

import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.model.CheckResult;
import java.util.List;
import java.util.Objects;

/**
 * One check that CheckAccount runs in a member account, with the assumed execution role. A check reads (and, in
 * {@code remediate} mode, fixes) one setting; it returns one result, or one per region when its descriptor says it is
 * regional. It lets SDK exceptions out: the checker turns transient ones into a retry of the account and the rest
 * into an ERROR result for this check alone.
 *
 * <p>A new check is one class: its constructor gives this class its {@link CheckDescriptor} (id, title, controls,
 * severity, the IAM actions it calls, its recommendation), and the registry lists it. The catalog, input validation,
 * the README's table and the IAM policy are all made from the descriptors. A check of one setting that remediate mode
 * can fix extends {@link SettingCheck}.
 */
public abstract class Check {

    private final CheckDescriptor descriptor;

    protected Check(CheckDescriptor descriptor) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    public final CheckDescriptor descriptor() {
        return descriptor;
    }

    public abstract List<CheckResult> run(CheckContext context);

    /** The id used in the execution input's {@code Checks} and in results, for example "caller-identity". */
    public final String id() {
        return descriptor.id();
    }

    /** True when the setting exists per region: the check runs once for each of {@link CheckContext#regions()}. */
    public final boolean regional() {
        return descriptor.regional();
    }

    /** IAM actions the check needs in addition in remediate mode; empty when it fixes nothing. */
    public final List<String> fixActions() {
        return descriptor.fixActions();
    }
}
