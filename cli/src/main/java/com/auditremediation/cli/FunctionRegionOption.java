package com.auditremediation.cli;

import picocli.CommandLine.Option;

/** {@code --region} of the commands that run the template's functions on this machine (a picocli mixin). */
final class FunctionRegionOption {

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "Region of the functions: their AWS_REGION unless you set it, and the region in their ARNs (default: ${DEFAULT-VALUE}).")
    String region;
}
