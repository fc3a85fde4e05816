package com.auditremediation.cli;

/** The exit codes of every subcommand; 2 is also picocli's own code for a usage error. */
final class ExitCodes {

    static final int OK = 0;
    /** The execution failed, or an account failed and --fail-on-account-failure was given. */
    static final int RUN_FAILED = 1;
    /** An option or a file given on the command line is wrong. */
    static final int BAD_INPUT = 2;
    /** Something the command needs is missing or unreachable: moto, a port, a build artifact, AWS. */
    static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
