package com.auditremediation.cli.doctor;

/**
 * One line of doctor's list: what was checked ({@code id}), how it stands, what was found, and one sentence of what to
 * do ({@code action}; empty when there is nothing to do).
 */
public record DoctorItem(String id, Status status, String detail, String action) {

    public enum Status { PASS, WARN, FAIL }

    static DoctorItem pass(String id, String detail) {
        return new DoctorItem(id, Status.PASS, detail, "");
    }

    static DoctorItem warn(String id, String detail, String action) {
        return new DoctorItem(id, Status.WARN, detail, action);
    }

    static DoctorItem fail(String id, String detail, String action) {
        return new DoctorItem(id, Status.FAIL, detail, action);
    }
}
