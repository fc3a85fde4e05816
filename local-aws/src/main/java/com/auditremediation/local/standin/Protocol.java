package com.auditremediation.local.standin;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * How a service puts answers and errors on the wire, as its protocol documents it, so that the SDK's own unmarshallers
 * parse them: the JSON 1.1 protocol (SSM), REST-JSON (Access Analyzer, Security Hub, Control Tower) and EC2's query
 * protocol with XML answers.
 */
public interface Protocol {

    StandInResponse success(String body);

    StandInResponse error(AwsError error);

    /** JSON 1.1: errors name their code in {@code __type}, with HTTP 400 unless the error says otherwise. */
    Protocol AWS_JSON_1_1 = new Protocol() {
        private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

        @Override
        public StandInResponse success(String body) {
            return withRequestId(StandInResponse.of(200, CONTENT_TYPE, body));
        }

        @Override
        public StandInResponse error(AwsError error) {
            ObjectNode body = Json.mapper().createObjectNode().put("__type", error.code()).put("message", error.getMessage());
            error.fields().forEach(body::put);
            return withRequestId(StandInResponse.of(error.status(), CONTENT_TYPE, body.toString()));
        }
    };

    /** REST-JSON whose error shapes name their message {@code message} (Access Analyzer, Control Tower). */
    Protocol REST_JSON = restJson("message");

    /** REST-JSON whose error shapes have {@code Message} and {@code Code} members (Security Hub). */
    Protocol REST_JSON_CAPITALISED = restJson("Message");

    /** EC2's query protocol: XML in the 2016-11-15 namespace, errors in a {@code Response/Errors/Error} document. */
    Protocol EC2 = new Protocol() {
        @Override
        public StandInResponse success(String body) {
            return StandInResponse.of(200, "text/xml;charset=UTF-8", body);
        }

        @Override
        public StandInResponse error(AwsError error) {
            return StandInResponse.of(error.status(), "text/xml;charset=UTF-8",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + Xml.escape(error.code())
                            + "</Code><Message>" + Xml.escape(error.getMessage()) + "</Message></Error></Errors><RequestID>"
                            + UUID.randomUUID() + "</RequestID></Response>");
        }
    };

    /**
     * The AWS query protocol with XML answers (IAM, SNS): {@code <ActionResponse xmlns=...><ActionResult>...}, errors
     * in an {@code ErrorResponse} document. {@link #success} takes the whole answer ({@link #queryResponse}).
     */
    static Protocol query() {
        return new Protocol() {
            @Override
            public StandInResponse success(String body) {
                return StandInResponse.of(200, "text/xml", body);
            }

            @Override
            public StandInResponse error(AwsError error) {
                return StandInResponse.of(error.status(), "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>"
                        + Xml.escape(error.code()) + "</Code><Message>" + Xml.escape(error.getMessage()) + "</Message></Error><RequestId>"
                        + UUID.randomUUID() + "</RequestId></ErrorResponse>");
            }
        };
    }

    /** A query-protocol answer to {@code action} in {@code namespace}, with {@code result} inside its Result element. */
    static String queryResponse(String namespace, String action, String result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static Protocol restJson(String messageField) {
        return new Protocol() {
            @Override
            public StandInResponse success(String body) {
                return withRequestId(StandInResponse.of(200, "application/json", body));
            }

            @Override
            public StandInResponse error(AwsError error) {
                ObjectNode body = Json.mapper().createObjectNode().put(messageField, error.getMessage());
                if (Character.isUpperCase(messageField.charAt(0))) {
                    body.put("Code", error.code());
                }
                error.fields().forEach(body::put);
                return withRequestId(StandInResponse.of(error.status(), "application/json", body.toString()))
                        .withHeader("x-amzn-ErrorType", error.code());
            }
        };
    }

    private static StandInResponse withRequestId(StandInResponse response) {
        return response.withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }
}
