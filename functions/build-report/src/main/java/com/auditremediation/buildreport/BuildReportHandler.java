package com.auditremediation.buildreport;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "Build report": joins the listing and the Map's results into the execution's report. On the distributed Map
 * path it reads both from S3 first ({@link DistributedResults}).
 */
public final class BuildReportHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use: only the distributed path needs it. */
    private static final class Production {
        static final DistributedResults RESULTS = new DistributedResults(AwsClients.build(S3Client.builder()));
    }

    private final ReportBuilder builder;
    private final Supplier<DistributedResults> distributedResults;

    public BuildReportHandler() {
        this(new ReportBuilder(), () -> Production.RESULTS);
    }

    public BuildReportHandler(ReportBuilder builder) {
        this(builder, () -> {
            throw new IllegalStateException("this BuildReportHandler has no S3 client for the distributed Map path");
        });
    }

    public BuildReportHandler(ReportBuilder builder, Supplier<DistributedResults> distributedResults) {
        this.builder = builder;
        this.distributedResults = distributedResults;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BuildReportInput request = Inputs.read(input, BuildReportInput.class);
        if (request.listing() != null && request.listing().distributed()) {
            request = distributedResults.get().resolve(request);
        }
        output.write(Json.mapper().writeValueAsBytes(builder.build(request)));
    }
}
