package com.auditremediation.cli;

import com.auditremediation.local.SamTemplate;
import java.nio.file.Files;

/** The functions' packaged jars (their CodeUris), checked before anything is started. */
final class FunctionArtifacts {

    private FunctionArtifacts() {
    }

    static void require(SamTemplate template, SamTemplate.Context context) {
        for (SamTemplate.Function function : template.functions(context)) {
            if (!Files.isRegularFile(function.codeUri())) {
                throw new CliException(ExitCodes.UNAVAILABLE, function.codeUri() + " (CodeUri of " + function.logicalId()
                        + ") is missing: build it with mvn -B package -DskipTests in " + template.directory()
                        + " (bin/audit-remediation does this for you)");
            }
        }
    }
}
