package com.auditremediation.buildreport;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.report.ReportFormat;
import com.auditremediation.core.report.ReportFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * State "Build report": joins the listing and the Map's results into the execution's report, writes its files to the
 * report bucket, notifies the topic and emits the metrics (see {@link ReportDelivery}), and returns the report.
 */
public final class BuildReportHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructor never build it. */
    private static final class Production {
        static final BuildReportSettings SETTINGS = BuildReportSettings.fromEnv(Env.system());
        /** The formats written to S3, in this order; the one place that lists them. */
        static final List<ReportFormat> FORMATS = ReportFormats.all();
        static final ReportDelivery DELIVERY = ReportDelivery.create(SETTINGS, FORMATS);
    }

    private final ReportBuilder builder;
    private final ReportDelivery delivery;

    public BuildReportHandler() {
        this(new ReportBuilder(), Production.DELIVERY);
    }

    public BuildReportHandler(ReportBuilder builder, ReportDelivery delivery) {
        this.builder = builder;
        this.delivery = delivery;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BuildReportInput request = Inputs.read(input, BuildReportInput.class);
        output.write(Json.mapper().writeValueAsBytes(builder.build(request, delivery)));
    }
}
