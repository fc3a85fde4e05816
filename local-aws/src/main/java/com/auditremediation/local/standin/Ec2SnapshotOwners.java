package com.auditremediation.local.standin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correction of moto's EC2 {@code DescribeSnapshots}, which ignores {@code OwnerIds} ({@code Owner.N} on the wire):
 * asked for the snapshots of {@code self}, moto 5.2.1 answers every snapshot it holds, the caller's and the more than
 * a thousand it creates for its own public AMIs, owned by other accounts. The stand-in passes the request on to moto
 * with the owners as an {@code owner-id} filter, which moto honours ({@code self} is the caller's account), and relays
 * moto's answer. Owner aliases ({@code amazon}) are passed on unchanged, since moto has no {@code owner-alias} filter.
 */
final class Ec2SnapshotOwners implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("ec2-describe-snapshots-owners", "ec2", Protocol.EC2,
            List.of("ec2:DescribeSnapshots"));
    private static final Pattern OWNER = Pattern.compile("Owner\\.\\d+");
    private static final Pattern FILTER = Pattern.compile("Filter\\.(\\d+)\\..*");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final MotoCalls moto;

    Ec2SnapshotOwners(MotoCalls moto) {
        this.moto = moto;
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean serves(StandInRequest request) {
        if (!request.action().equals("DescribeSnapshots")) {
            return false;
        }
        List<String> owners = owners(request.form());
        return !owners.isEmpty() && owners.stream().allMatch(owner -> owner.equals("self") || ACCOUNT_ID.matcher(owner).matches());
    }

    @Override
    public StandInResponse answer(StandInRequest request, Caller caller) {
        Map<String, String> form = new LinkedHashMap<>();
        int nextFilter = 1;
        for (Map.Entry<String, String> field : request.form().entrySet()) {
            Matcher filter = FILTER.matcher(field.getKey());
            if (filter.matches()) {
                nextFilter = Math.max(nextFilter, Integer.parseInt(filter.group(1)) + 1);
            }
            if (!OWNER.matcher(field.getKey()).matches()) {
                form.put(field.getKey(), field.getValue());
            }
        }
        form.put("Filter." + nextFilter + ".Name", "owner-id");
        List<String> owners = owners(request.form());
        for (int i = 0; i < owners.size(); i++) {
            form.put("Filter." + nextFilter + ".Value." + (i + 1), owners.get(i).equals("self") ? caller.accountId() : owners.get(i));
        }
        return moto.query(caller, "ec2", encode(form)).relayed();
    }

    private static List<String> owners(Map<String, String> form) {
        List<String> owners = new ArrayList<>();
        form.forEach((name, value) -> {
            if (OWNER.matcher(name).matches()) {
                owners.add(value);
            }
        });
        return owners;
    }

    private static String encode(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    @Override
    public void reset() {
        // moto's snapshots: nothing of its own to forget
    }
}
