package com.auditremediation.listaccounts;

import com.auditremediation.core.Inputs;
import com.auditremediation.core.Validate;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.model.Mode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The execution input's contract, tried with generated inputs: random valid inputs, then mutated as a careless or
 * hostile sender would (wrong types, nulls, huge and deep values, control characters, look-alike Unicode, duplicates,
 * boundary lengths, broken JSON). Each one must be either accepted, and then valid by the README's contract (checked
 * here independently of {@code Validate}), or refused with {@code INVALID_INPUT} naming a field; never any other
 * error. The seed is fixed so a failure can be replayed; {@code -Dcontract.seed=N -Dcontract.inputs=N} try others.
 */
class ExecutionInputContractTest {

    private static final long SEED = Long.getLong("contract.seed", 20261201L);
    private static final int INPUTS = Integer.getInteger("contract.inputs", 5_000);

    private static final ListAccountsSettings SETTINGS = new ListAccountsSettings("DefaultRole", Mode.AUDIT, CheckCatalog.shipped().ids(),
            List.of("eu-west-1"), List.of("ou-ab12-default01"), List.of("999999999999"), 10, "aws");
    private static final List<String> FIELDS = ExecutionInput.FIELDS;
    private static final List<String> LIST_FIELDS = List.of("AccountIds", "OrganizationalUnitIds", "ExcludeAccountIds", "Checks", "Regions");
    /** Letters that look like ASCII ones, or fold to them: dotless i, dotted I, long s, Kelvin sign, Cyrillic a/e/o, ... */
    private static final char[] LOOK_ALIKES = {'\u0131', '\u0130', '\u017f', '\u212a', '\u0430', '\u0435', '\u043e',
            '\uff11', '\u0661', '\u200b', '\u00a0', '\u202e', '\ufeff'};
    private static final List<String> AWS_REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
            "ap-southeast-5", "sa-east-1", "me-central-1", "mx-central-1");
    private static final List<String> OTHER_REGIONS = List.of("cn-north-1", "us-gov-west-1", "us-east-7", "xx-nowhere-1",
            "eu-west-0", "aws-global", "EU-WEST-1", "eu-west-1 ", "eu_west_1");

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern PARENT_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_+=,.@-]{1,64}");
    private static final ObjectMapper ORACLE = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyGeneratedInputIsEitherValidOrRefusedNamingAField() {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new LinkedHashMap<>(Map.of("accepted", 0, "refused", 0));
        List<String> violations = new ArrayList<>();

        int tried = 0;
        for (int i = 0; i < INPUTS && violations.size() < 10; i++, tried++) {
            byte[] input = mutate(random, validInput(random));
            String violation = judge(input, outcomes);
            if (violation != null) {
                violations.add("input " + i + " (seed " + SEED + "): " + violation + "\n  " + shown(input));
            }
        }

        System.out.println("execution input contract: " + tried + " generated inputs, " + outcomes.get("accepted")
                + " accepted and valid, " + outcomes.get("refused") + " refused with INVALID_INPUT naming a field, "
                + violations.size() + " otherwise");
        assertThat(violations).isEmpty();
        // The generator must reach both sides of the contract, or it proves little.
        assertThat(outcomes.get("accepted")).isGreaterThan(tried / 10);
        assertThat(outcomes.get("refused")).isGreaterThan(tried / 2);
    }

    /** Null when the outcome keeps the contract, else what broke it. */
    private static String judge(byte[] input, Map<String, Integer> outcomes) {
        ListAccountsRequest request;
        try {
            request = ListAccountsRequest.resolve(Inputs.read(new ByteArrayInputStream(input), ExecutionInput.class), SETTINGS);
        } catch (InvalidInputException e) {
            outcomes.merge("refused", 1, Integer::sum);
            return refusalProblem(e, input);
        } catch (RuntimeException | StackOverflowError e) {
            return "not INVALID_INPUT: " + e;
        }
        outcomes.merge("accepted", 1, Integer::sum);
        return acceptanceProblem(request, input);
    }

    private static String refusalProblem(InvalidInputException e, byte[] input) {
        String field = e.field();
        if (field == null || field.isBlank()) {
            return "refused without naming a field: " + e.getMessage();
        }
        if (!e.getMessage().startsWith("INVALID_INPUT: field '" + field + "': ")) {
            return "message does not lead with the field: " + e.getMessage();
        }
        if (e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f) || e.getMessage().length() > 2_000) {
            return "message carries control characters or is too long (" + e.getMessage().length() + "): " + e.getMessage();
        }
        String topLevel = field.split("[.\\[]", 2)[0];
        if (field.equals("(input)") || FIELDS.contains(topLevel)) {
            return null;
        }
        // An unknown field is named as sent (escaped): it must be a key of the input.
        try {
            JsonNode tree = ORACLE.readTree(input);
            return tree != null && tree.isObject() && anyKeyShownAs(tree, topLevel) ? null : "names no field of the input: " + field;
        } catch (Exception unparsable) {
            return "names a field of input that does not parse: " + field;
        }
    }

    private static boolean anyKeyShownAs(JsonNode tree, String shown) {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names.stream().anyMatch(name -> Validate.printable(name).equals(shown));
    }

    /** The README's contract, checked against the input as sent, without the production validation code. */
    private static String acceptanceProblem(ListAccountsRequest request, byte[] input) {
        JsonNode tree;
        try {
            tree = ORACLE.readTree(input);
        } catch (Exception e) {
            return "accepted input that is not one JSON object: " + e.getMessage();
        }
        if (tree == null || !tree.isObject()) {
            return "accepted a root that is not an object";
        }
        for (var names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return "accepted the unknown field " + name;
            }
        }
        Set<String> accounts = new TreeSet<>();
        String target = text(tree, "TargetAccountId");
        if (target != null) {
            accounts.add(target);
        }
        accounts.addAll(list(tree, "AccountIds"));
        if (!request.accountIds().equals(List.copyOf(accounts))) {
            return "accounts " + request.accountIds() + " are not the ones given " + accounts;
        }
        for (String field : LIST_FIELDS) {
            List<String> values = list(tree, field);
            if (tree.has(field) && !tree.get(field).isNull() && values.isEmpty()) {
                return "accepted an empty or non-list " + field;
            }
            if (new HashSet<>(values).size() != values.size()) {
                return "accepted a repeated value in " + field;
            }
        }
        if (!accounts.stream().allMatch(id -> ACCOUNT_ID.matcher(id).matches())
                || !request.excludeAccountIds().stream().allMatch(id -> ACCOUNT_ID.matcher(id).matches())) {
            return "accepted an account id that is not 12 ASCII digits";
        }
        if (!request.organizationalUnitIds().stream().allMatch(id -> PARENT_ID.matcher(id).matches())) {
            return "accepted an OU id of the wrong shape";
        }
        if (!ROLE_NAME.matcher(request.context().roleName()).matches()) {
            return "accepted the role name " + request.context().roleName();
        }
        String mode = text(tree, "Mode");
        Mode expected = mode == null ? SETTINGS.mode() : "audit".equals(mode) ? Mode.AUDIT : "remediate".equals(mode) ? Mode.REMEDIATE : null;
        if (request.context().mode() != expected) {
            return "mode " + request.context().mode() + " was selected by " + mode;
        }
        if (!CheckCatalog.shipped().ids().containsAll(request.context().checks())) {
            return "accepted an unknown check " + request.context().checks();
        }
        JsonNode findings = tree.get("SecurityHubFindings");
        Boolean expectedFindings = findings == null || findings.isNull() ? null : findings.isBoolean() ? findings.booleanValue() : null;
        if (findings != null && !findings.isNull() && !findings.isBoolean()) {
            return "accepted SecurityHubFindings that is not true or false: " + findings;
        }
        if (!java.util.Objects.equals(request.context().securityHubFindings(), expectedFindings)) {
            return "securityHubFindings " + request.context().securityHubFindings() + " was selected by " + findings;
        }
        for (String region : request.context().regions()) {
            RegionMetadata metadata = RegionMetadata.of(Region.of(region));
            if (metadata == null || !"aws".equals(metadata.partition().id())) {
                return "accepted the region " + region + ", not one of the aws partition";
            }
        }
        return null;
    }

    private static ObjectNode validInput(Random random) {
        ObjectNode input = NODES.objectNode();
        if (random.nextInt(3) == 0) {
            input.put("TargetAccountId", accountId(random));
        }
        if (random.nextInt(3) == 0) {
            input.set("AccountIds", distinct(random, () -> accountId(random)));
        }
        if (random.nextInt(4) == 0) {
            input.set("OrganizationalUnitIds", distinct(random, () -> random.nextInt(5) == 0 ? "r-" + alnum(random, 4) : ouId(random)));
        }
        if (random.nextInt(4) == 0) {
            input.set("ExcludeAccountIds", distinct(random, () -> accountId(random)));
        }
        if (random.nextInt(4) == 0) {
            input.put("RoleName", random.nextBoolean() ? "aws-controltower-ReadOnlyExecutionRole" : "Role+=,.@_-" + alnum(random, random.nextInt(50)));
        }
        if (random.nextInt(3) == 0) {
            input.set("Checks", distinct(random, () -> pick(random, CheckCatalog.shipped().ids())));
        }
        if (random.nextInt(3) == 0) {
            input.put("Mode", random.nextBoolean() ? "audit" : "remediate");
        }
        if (random.nextInt(3) == 0) {
            input.set("Regions", distinct(random, () -> pick(random, AWS_REGIONS)));
        }
        if (random.nextInt(5) == 0) {
            input.put("SecurityHubFindings", random.nextBoolean());
        }
        return input;
    }

    /** Nothing, one or a few mutations of the tree, then sometimes one of the text. */
    private static byte[] mutate(Random random, ObjectNode input) {
        int mutations = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            String field = pick(random, FIELDS);
            String list = pick(random, LIST_FIELDS);
            switch (random.nextInt(16)) {
                case 0 -> input.set(field, wrongType(random));
                case 1 -> input.putNull(field);
                case 2 -> arrayOf(input, list).addNull();
                case 3 -> input.put(field, "x".repeat(random.nextBoolean() ? 64 + random.nextInt(3) : 100_000));
                case 4 -> {
                    ArrayNode huge = input.putArray(list);
                    for (int i = 0; i < 2_000; i++) {
                        huge.add(accountId(random));
                    }
                }
                case 5 -> input.set(field, deep(random.nextBoolean() ? 50 : 300));
                case 6 -> input.put(field, alter(random, sample(field, random), String.valueOf((char) random.nextInt(0x20))));
                case 7 -> input.put(field, alter(random, sample(field, random), String.valueOf(pick(random, LOOK_ALIKES))));
                case 8 -> {
                    ArrayNode values = arrayOf(input, list);
                    values.add(values.isEmpty() ? sample(list, random) : values.get(random.nextInt(values.size())).asText());
                    values.add(values.get(random.nextInt(values.size())).deepCopy());
                }
                case 9 -> input.put(random.nextBoolean() ? field.substring(0, field.length() - 1) : field.toLowerCase(), "x");
                case 10 -> input.put("Mode", pick(random, List.of("AUDIT", "Audit", "remediate ", " audit", "aud\u0131t",
                        "REMED\u0130ATE", "re\u017fmediate", "fix", "", "aud\u200bit")));
                case 11 -> input.putArray("Regions").add(pick(random, OTHER_REGIONS));
                case 12 -> input.putArray("AccountIds").add(boundaryAccountId(random));
                case 13 -> input.putArray("OrganizationalUnitIds").add("ou-" + alnum(random, 3 + random.nextInt(31)) + "-" + alnum(random, 7 + random.nextInt(27)));
                case 14 -> input.putArray(list);
                default -> arrayOf(input, "Checks").add(pick(random, List.of("caller-identity", "Caller-Identity",
                        "caller_identity", "ebs-default-encryption ", "c\u0430ller-identity", "*")));
            }
        }
        String text = input.toString();
        return switch (random.nextInt(12)) {
            case 0 -> text.substring(0, random.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> (text + pick(random, List.of(" {}", "x", " null", "]"))).getBytes(StandardCharsets.UTF_8);
            case 2 -> pick(random, List.of("[]", "\"{}\"", "42", "true", "null", "", "   ", "{", "\u0000{}")).getBytes(StandardCharsets.UTF_8);
            case 3 -> duplicateKey(random, text).getBytes(StandardCharsets.UTF_8);
            case 4 -> invalidUtf8(random, text.getBytes(StandardCharsets.UTF_8));
            // Deeper than any parser should follow: the mapper's nesting limit refuses it.
            case 5 -> ("{\"" + pick(random, FIELDS) + "\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8);
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The list field {@code field} of {@code input}, made an array if it was something else. */
    private static ArrayNode arrayOf(ObjectNode input, String field) {
        return input.get(field) instanceof ArrayNode array ? array : input.putArray(field);
    }

    private static JsonNode wrongType(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(123456789012L);
            case 1 -> NODES.booleanNode(true);
            case 2 -> NODES.objectNode().put("Id", "123456789012");
            case 3 -> NODES.arrayNode().add(NODES.arrayNode().add("eu-west-1"));
            case 4 -> NODES.numberNode(1.5e300);
            default -> NODES.textNode("123456789012");
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.textNode("eu-west-1");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    private static String sample(String field, Random random) {
        return switch (field) {
            case "TargetAccountId", "AccountIds", "ExcludeAccountIds" -> accountId(random);
            case "OrganizationalUnitIds" -> ouId(random);
            case "Checks" -> pick(random, CheckCatalog.shipped().ids());
            case "Mode" -> random.nextBoolean() ? "audit" : "remediate";
            case "Regions" -> pick(random, AWS_REGIONS);
            default -> "aws-controltower-AdministratorExecutionRole";
        };
    }

    /** {@code value} with {@code inserted} put in at a random place, or replacing one character. */
    private static String alter(Random random, String value, String inserted) {
        int at = random.nextInt(value.length() + 1);
        return random.nextBoolean() || at == value.length()
                ? value.substring(0, at) + inserted + value.substring(at)
                : value.substring(0, at) + inserted + value.substring(at + 1);
    }

    private static String duplicateKey(Random random, String text) {
        String field = pick(random, FIELDS);
        return "{\"" + field + "\": " + (field.equals("Mode") ? "\"remediate\"" : "[\"123456789012\"]") + ", " + text.substring(1);
    }

    private static byte[] invalidUtf8(Random random, byte[] text) {
        byte[] broken = text.clone();
        broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x40));
        return broken;
    }

    private static String boundaryAccountId(Random random) {
        String digits = "123456789012345";
        return switch (random.nextInt(5)) {
            case 0 -> digits.substring(0, 11);
            case 1 -> digits.substring(0, 13);
            case 2 -> "\uff11" + digits.substring(0, 11);
            case 3 -> "\u0661" + digits.substring(0, 11);
            default -> digits.substring(0, 12);
        };
    }

    private static ArrayNode distinct(Random random, java.util.function.Supplier<String> value) {
        Set<String> values = new java.util.LinkedHashSet<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size * 3 && values.size() < size; i++) {
            values.add(value.get());
        }
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static String accountId(Random random) {
        return String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    }

    private static String ouId(Random random) {
        return "ou-" + alnum(random, 4) + "-" + alnum(random, 8);
    }

    private static String alnum(Random random, int length) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return value.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static char pick(Random random, char[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String text(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> list(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        List<String> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(element -> values.add(element.asText()));
        }
        return values;
    }

    private static String shown(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " characters)" : text;
    }
}
