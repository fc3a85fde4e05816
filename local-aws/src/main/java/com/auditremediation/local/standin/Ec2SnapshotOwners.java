package com.auditremediation.local.standin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A correction of moto's EC2 {@code DescribeSnapshots}, which ignores {@code OwnerIds} ({@code Owner.N} on the wire)
 * and {@code RestorableByUserIds} ({@code RestorableBy.N}): asked for the snapshots of {@code self}, moto 5.2.1
 * answers every snapshot it holds, the caller's and the more than a thousand it creates for its own public AMIs,
 * owned by other accounts; asked for those restorable by {@code all} (the public ones), it answers them all too. The
 * stand-in passes the request on to moto with the owners as an {@code owner-id} filter, which moto honours
 * ({@code self} is the caller's account), and relays moto's answer; with {@code RestorableBy} {@code all} it keeps
 * only the snapshots whose {@code createVolumePermission} (moto's {@code DescribeSnapshotAttribute}, which is right)
 * names the group {@code all}, as AWS documents ("all for public snapshots"). Other {@code RestorableBy} values, and
 * owner aliases ({@code amazon}: moto has no {@code owner-alias} filter), are passed on unchanged.
 */
final class Ec2SnapshotOwners implements StandInService {

    private static final Descriptor DESCRIPTOR = new Descriptor("ec2-describe-snapshots-owners", "ec2", Protocol.EC2,
            List.of("ec2:DescribeSnapshots"));
    private static final Pattern OWNER = Pattern.compile("Owner\\.\\d+");
    private static final Pattern RESTORABLE_BY = Pattern.compile("RestorableBy\\.\\d+");
    private static final String ALL = "all";
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
        List<String> owners = values(request.form(), OWNER);
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
        List<String> owners = values(request.form(), OWNER);
        for (int i = 0; i < owners.size(); i++) {
            form.put("Filter." + nextFilter + ".Value." + (i + 1), owners.get(i).equals("self") ? caller.accountId() : owners.get(i));
        }
        MotoCalls.Answer answer = moto.query(caller, "ec2", encode(form));
        if (!answer.ok() || !values(request.form(), RESTORABLE_BY).equals(List.of(ALL))) {
            return answer.relayed();
        }
        return StandInResponse.of(answer.status(), answer.contentType(), publicOnly(answer.body(), caller));
    }

    /** moto's DescribeSnapshots answer without the snapshots whose createVolumePermission does not name the group all. */
    private String publicOnly(String answer, Caller caller) {
        Document document = Ec2Xml.parse(answer);
        for (Element snapshot : Ec2Xml.children(Ec2Xml.child(document.getDocumentElement(), "snapshotSet"), "item")) {
            String snapshotId = Ec2Xml.text(snapshot, "snapshotId");
            MotoCalls.Answer attribute = moto.query(caller, "ec2", encode(Map.of("Action", "DescribeSnapshotAttribute",
                    "Version", "2016-11-15", "SnapshotId", snapshotId, "Attribute", "createVolumePermission")));
            Element permissions = Ec2Xml.child(Ec2Xml.parse(attribute.body()).getDocumentElement(), "createVolumePermission");
            boolean isPublic = Ec2Xml.children(permissions, "item").stream().anyMatch(item -> ALL.equals(Ec2Xml.text(item, "group")));
            if (!isPublic) {
                snapshot.getParentNode().removeChild(snapshot);
            }
        }
        return Ec2Xml.write(document);
    }

    private static List<String> values(Map<String, String> form, Pattern name) {
        List<String> values = new ArrayList<>();
        form.forEach((field, value) -> {
            if (name.matcher(field).matches()) {
                values.add(value);
            }
        });
        return values;
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
