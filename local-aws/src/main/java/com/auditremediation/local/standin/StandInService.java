package com.auditremediation.local.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * One family of operations that moto lacks, served by the stand-in with AWS's documented shapes, defaults and errors,
 * and its state kept per account and region. Each is registered by one line in {@link StandIn#create}; when moto
 * gains the operations, delete that line and the class, and moto answers them again.
 */
public interface StandInService {

    /**
     * What a service is: its name (also its test-only admin path, {@code POST /_standin/<name>}), the SigV4 signing
     * name of the AWS service ({@code ssm}, {@code ec2}, {@code access-analyzer}), its wire protocol, and the operations
     * it answers as IAM actions ({@code ssm:GetServiceSetting}).
     */
    record Descriptor(String name, String signingName, Protocol protocol, List<String> operations) {

        public Descriptor {
            operations = List.copyOf(operations);
        }
    }

    Descriptor descriptor();

    default String name() {
        return descriptor().name();
    }

    default Protocol protocol() {
        return descriptor().protocol();
    }

    /** Whether {@code request} (already known to be signed for {@link #signingName}) is one of its operations. */
    boolean serves(StandInRequest request);

    /** The answer to one of its operations; an {@link AwsError} is put on the wire by {@link #protocol}. */
    StandInResponse answer(StandInRequest request, Caller caller);

    /** Forgets every account's state, as a reset of moto forgets moto's. */
    void reset();

    /**
     * The test-only admin endpoint ({@code POST /_standin/<name>} with a JSON body): sets state that no API of the
     * account can set, such as a setting managed by a declarative policy. Answers the state it set; a bad body is an
     * {@link IllegalArgumentException} naming the field.
     */
    default JsonNode admin(JsonNode body) {
        throw new IllegalArgumentException(name() + " has no admin endpoint");
    }

    /**
     * Sees each request that moto answered ({@code status}), for state that follows from moto's own operations
     * (the standards that EnableSecurityHub enables); {@code caller} resolves the account only when asked.
     */
    default void observe(StandInRequest request, int status, Supplier<Caller> caller) {
    }
}
