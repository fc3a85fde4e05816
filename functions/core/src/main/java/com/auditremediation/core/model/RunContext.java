package com.auditremediation.core.model;

import java.util.List;

/** The settings of one sweep, resolved from the execution input and the template's defaults by ListAccounts. */
public record RunContext(String roleName, Mode mode, List<String> checks, List<String> regions) {

    public RunContext {
        checks = checks == null ? List.of() : List.copyOf(checks);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }
}
