package com.auditremediation.checkaccount.testing;

import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.RunContext;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/** Map items as ListAccounts and the state machine build them. */
public final class CheckInputs {

    public static final String ROLE = "aws-controltower-AdministratorExecutionRole";

    private CheckInputs() {
    }

    public static CheckAccountInput of(String accountId, Mode mode, List<String> checks, List<Region> regions) {
        return new CheckAccountInput(new AccountItem(accountId, "member", "ou-ab12-cdef3456"),
                new RunContext(ROLE, mode, checks, regions.stream().map(Region::id).toList()), "sweep-1");
    }
}
