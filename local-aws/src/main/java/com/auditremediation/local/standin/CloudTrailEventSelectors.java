package com.auditremediation.local.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A correction of moto's AWS CloudTrail {@code GetEventSelectors} (JSON 1.1): for a trail whose selectors were never
 * set, moto 5.2.1 answers no selectors at all, where AWS answers the default every new trail has: one classic selector
 * logging all management events, read and write ({@code ReadWriteType} {@code All}, {@code IncludeManagementEvents}
 * true, no data resources, no excluded sources; the CloudTrail user guide: "By default, trails ... log all management
 * events"). The stand-in relays the call to moto and, when moto answers neither classic nor advanced selectors, adds
 * that default; selectors that {@code PutEventSelectors} set are moto's and relayed as they are.
 */
final class CloudTrailEventSelectors implements StandInService {

    private static final String TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetEventSelectors";
    private static final Descriptor DESCRIPTOR = new Descriptor("cloudtrail-event-selectors", "cloudtrail", Protocol.AWS_JSON_1_1,
            List.of("cloudtrail:GetEventSelectors"));

    private final MotoCalls moto;

    CloudTrailEventSelectors(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        return TARGET.equals(request.target());
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        MotoCalls.Answer answer = moto.awsJson(caller, "cloudtrail", TARGET, request.bodyText());
        if (!answer.ok()) {
            return answer.relayed();
        }
        ObjectNode selectors = (ObjectNode) answer.json();
        if (selectors.path("EventSelectors").isEmpty() && selectors.path("AdvancedEventSelectors").isEmpty()) {
            ArrayNode classic = selectors.putArray("EventSelectors");
            ObjectNode all = classic.addObject().put("ReadWriteType", "All").put("IncludeManagementEvents", true);
            all.putArray("DataResources");
            all.putArray("ExcludeManagementEventSources");
            selectors.remove("AdvancedEventSelectors");
        }
        return protocol().success(selectors.toString());
    }

    @Override
    public void reset() {
        // the selectors are moto's: nothing of its own to forget
    }
}
