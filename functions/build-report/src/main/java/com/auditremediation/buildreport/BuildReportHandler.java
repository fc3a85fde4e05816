package com.auditremediation.buildreport;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** State "Build report": joins the listing and the Map's results into the execution's report. Calls no AWS API. */
public final class BuildReportHandler implements RequestStreamHandler {

    private final ReportBuilder builder;

    public BuildReportHandler() {
        this(new ReportBuilder());
    }

    public BuildReportHandler(ReportBuilder builder) {
        this.builder = builder;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BuildReportInput request = Inputs.read(input, BuildReportInput.class);
        output.write(Json.mapper().writeValueAsBytes(builder.build(request)));
    }
}
