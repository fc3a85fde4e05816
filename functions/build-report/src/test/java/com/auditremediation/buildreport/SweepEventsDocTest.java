package com.auditremediation.buildreport;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.event.ruler.Machine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/sweep-events.md stays true: its example has exactly the fields BuildReport writes, and its rules' patterns
 * match what they say they match, in Event Ruler (the library EventBridge matches with), for the example and for an
 * event that BuildReport makes from a real report.
 */
class SweepEventsDocTest {

    private static final Path DOC = Path.of("../../docs/sweep-events.md");
    private static final Pattern BLOCK = Pattern.compile("```(json|yaml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theExampleHasExactlyTheFieldsOfTheDetailThatBuildReportWrites() throws IOException {
        JsonNode example = example();

        assertThat(names(example.path("detail"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(SweepEvents.SweepCompleted.class.getRecordComponents()).map(c -> c.getName())
                        .filter(name -> !name.equals("truncated")).toList());
        assertThat(names(example.path("detail").path("changes"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(SweepEvents.Changes.class.getRecordComponents()).map(c -> c.getName()).filter(name -> !name.equals("note")).toList());
        assertThat(names(example.path("detail").path("failing").get(1))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(SweepEvents.Failing.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(example.path("detail-type").asText()).isEqualTo(SweepEvents.SWEEP_COMPLETED);
    }

    @Test
    void theRulesMatchASweepThatNewlyFailsAndThePlanRuleAPlanButNotAQuietSweep() throws Exception {
        Machine rules = rules();
        ObjectNode quiet = example().deepCopy();
        ((ObjectNode) quiet.path("detail").path("changes")).put("newlyFailing", 0);
        ((ObjectNode) quiet.path("detail").path("accounts")).put("failed", 0);
        ObjectNode plan = example().deepCopy();
        plan.put("detail-type", SweepEvents.PLAN_AWAITING_APPROVAL);
        SweepEvents events = new SweepEvents(null, "audit-remediation", CheckCatalog.shipped()::find);
        Report second = new ReportBuilder(Fixtures.CLOCK, ReportBuilder.DEFAULT_BYTE_BUDGET).whole(DeliveryFixtures.organisation("sweep-2", 3,
                i -> i == 2 ? Fixtures.roleNotAssumable(i) : Fixtures.everyCheck(i, i == 1 ? CheckStatus.NON_COMPLIANT : CheckStatus.COMPLIANT)));
        ObjectNode real = example().deepCopy();
        real.set("detail", Json.mapper().valueToTree(events.sweepDetail(second, "arn:aws:states:eu-west-1:111122223333:execution:x:sweep-2")));

        assertThat(rules.rulesForJSONEvent(example().toString())).containsExactlyInAnyOrder("SweepToChat", "SweepToJira");
        assertThat(rules.rulesForJSONEvent(quiet.toString())).isEmpty();
        assertThat(rules.rulesForJSONEvent(plan.toString())).containsExactly("PlanToChat");
        assertThat(rules.rulesForJSONEvent(real.toString())).as("a sweep whose account failed, with no changes known").containsExactly("SweepToChat");
    }

    private static JsonNode example() throws IOException {
        return Json.mapper().readTree(blocks("json").get(0));
    }

    /** Every AWS::Events::Rule of the page's templates, by logical id. */
    @SuppressWarnings("unchecked")
    private static Machine rules() throws Exception {
        Machine machine = new Machine();
        for (String yaml : blocks("yaml")) {
            // The patterns use no intrinsic function; the tags elsewhere (!Ref, !GetAtt) are read as plain values.
            Map<String, Object> template = new Yaml().load(yaml.replaceAll("!(Ref|GetAtt|Sub) ", ""));
            for (Map.Entry<String, Object> resource : ((Map<String, Object>) template.get("Resources")).entrySet()) {
                Map<String, Object> definition = (Map<String, Object>) resource.getValue();
                if ("AWS::Events::Rule".equals(definition.get("Type"))) {
                    Object pattern = ((Map<String, Object>) definition.get("Properties")).get("EventPattern");
                    machine.addRule(resource.getKey(), Json.write(pattern));
                }
            }
        }
        return machine;
    }

    private static List<String> blocks(String language) throws IOException {
        Matcher matcher = BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        assertThat(blocks).as(language + " blocks of " + DOC).isNotEmpty();
        return blocks;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
