package com.auditremediation.buildreport;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.Env;
import com.auditremediation.core.Inputs;
import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.report.ReportFormat;
import com.auditremediation.core.report.ReportFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "Build report": joins the listing and the Map's results into the execution's report (on the distributed Map
 * path it reads both from S3 first, see {@link DistributedResults}; each account's row is read from the report bucket
 * in place of the summary the Map carried, see {@link RowReader}), writes its files to the report bucket, notifies
 * the topic and emits the metrics (see {@link ReportDelivery}), and returns the report.
 */
public final class BuildReportHandler implements RequestStreamHandler {

    /** Built once per Lambda environment, on first use, so that tests using the other constructors never build it. */
    private static final class Production {
        static final BuildReportSettings SETTINGS = BuildReportSettings.fromEnv(Env.system());
        /** The formats written to S3, in this order; the one place that lists them. */
        static final List<ReportFormat> FORMATS = ReportFormats.all();
        /** One S3 client for the report files and the distributed path's reads; none without a report bucket. */
        static final S3Client S3 = SETTINGS.reportBucket() == null ? null
                : AwsClients.build(S3Client.builder().crossRegionAccessEnabled(true));
        static final ReportDelivery DELIVERY = ReportDelivery.create(SETTINGS, FORMATS, S3);
        static final DistributedResults RESULTS = S3 == null ? null : new DistributedResults(S3);
        static final RowReader ROWS = new RowReader(S3, SETTINGS.reportBucket());
    }

    private final ReportBuilder builder;
    private final PlanBuilder planner = new PlanBuilder(Clock.systemUTC(), CheckCatalog.shipped());
    private final ReportDelivery delivery;
    private final Supplier<DistributedResults> distributedResults;
    private final RowReader rows;

    public BuildReportHandler() {
        this(new ReportBuilder(), Production.DELIVERY, BuildReportHandler::productionDistributedResults, Production.ROWS);
    }

    /** For the inline path only: a distributed listing fails with a clear message. */
    public BuildReportHandler(ReportBuilder builder, ReportDelivery delivery) {
        this(builder, delivery, () -> {
            throw new IllegalStateException("this BuildReportHandler has no S3 client for the distributed Map path");
        });
    }

    /** Without a {@link RowReader}: for results passed whole. */
    public BuildReportHandler(ReportBuilder builder, ReportDelivery delivery, Supplier<DistributedResults> distributedResults) {
        this(builder, delivery, distributedResults, RowReader.none());
    }

    public BuildReportHandler(ReportBuilder builder, ReportDelivery delivery, Supplier<DistributedResults> distributedResults,
                              RowReader rows) {
        this.builder = builder;
        this.delivery = delivery;
        this.distributedResults = distributedResults;
        this.rows = rows;
    }

    private static DistributedResults productionDistributedResults() {
        if (Production.RESULTS == null) {
            throw new IllegalStateException("the listing is in S3 (distributed Map) but REPORT_BUCKET is not set: deploy"
                    + " with the template, which sets it from ReportBucketName or the bucket it creates");
        }
        return Production.RESULTS;
    }

    /**
     * The report; in a run with {@code Approval: "required"}, by {@code phase}: the plan (written beside the report,
     * returned as {@code $.approval}), or the announcement of a plan that waits for approval (returns nothing useful:
     * the state waits for the task token), or the report with the plan beside its outcome.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        BuildReportInput request = Inputs.read(input, BuildReportInput.class);
        if (request.phaseOrReport() == BuildReportInput.Phase.ANNOUNCE) {
            announce(request);
            output.write(Json.mapper().writeValueAsBytes(Map.of("announced", true)));
            return;
        }
        if (request.listing() != null && request.listing().distributed()) {
            request = distributedResults.get().resolve(request);
        }
        request = rows.resolve(request);
        Object result = request.phaseOrReport() == BuildReportInput.Phase.PLAN
                ? new BuildReportInput.ApprovalState(delivery.deliverPlan(planner.plan(request)), null, null)
                : builder.build(request, delivery);
        output.write(Json.mapper().writeValueAsBytes(result));
    }

    private void announce(BuildReportInput request) {
        if (request.plan() == null) {
            throw new InvalidInputException("plan", "is missing; the state \"Wait for approval\" passes \"plan.$\": \"$.approval.plan\"");
        }
        if (request.taskToken() == null || request.taskToken().isBlank()) {
            throw new InvalidInputException("taskToken", "is missing; the state passes \"taskToken.$\": \"$$.Task.Token\"");
        }
        delivery.announce(request.plan(), request.executionArn(), request.taskToken());
    }
}
