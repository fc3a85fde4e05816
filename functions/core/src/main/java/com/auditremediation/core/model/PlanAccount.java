package com.auditremediation.core.model;

import java.util.List;

/** The plan's items in one account: one iteration of the state "Fix approved items". */
public record PlanAccount(AccountItem account, List<PlanItem> items) {

    public PlanAccount {
        items = Copies.orEmpty(items);
    }
}
