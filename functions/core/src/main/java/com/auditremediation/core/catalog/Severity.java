package com.auditremediation.core.catalog;

/** A check's severity when it fails, with the labels of the AWS Security Finding Format ({@code Severity.Label}). */
public enum Severity {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL
}
