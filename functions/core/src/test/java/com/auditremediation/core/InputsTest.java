package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.model.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputsTest {

    @Test
    void readsTheOriginalSingleAccountEvent() {
        ExecutionInput input = read("{\"TargetAccountId\": \"012345678901\"}", ExecutionInput.class);

        assertThat(input.targetAccountId()).isEqualTo("012345678901");
        assertThat(input.mode()).isNull();
    }

    @Test
    void readsEveryField() {
        ExecutionInput input = read("""
                {"TargetAccountId": "111111111111", "AccountIds": ["222222222222"], "OrganizationalUnitIds": ["ou-ab12-cdef3456"],
                 "ExcludeAccountIds": ["333333333333"], "RoleName": "r", "Checks": ["caller-identity"], "Mode": "remediate",
                 "Regions": ["eu-west-1"]}
                """, ExecutionInput.class);

        assertThat(input.mode()).isEqualTo(Mode.REMEDIATE);
        assertThat(input.regions()).containsExactly("eu-west-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "number for a string          | {\"TargetAccountId\": 12345678901}            | TargetAccountId",
            "string for a list            | {\"AccountIds\": \"123456789012\"}            | AccountIds",
            "number in a list of strings  | {\"AccountIds\": [123456789012]}              | AccountIds[0]",
            "object for a string          | {\"RoleName\": {\"a\": 1}}                    | RoleName",
            "boolean for a string         | {\"RoleName\": true}                          | RoleName",
            "unknown mode                 | {\"Mode\": \"fix-everything\"}                | Mode",
            "unknown field                | {\"ExcludeAccountId\": [\"123456789012\"]}   | ExcludeAccountId",
            "array for the whole input    | []                                            | (input)",
            "not JSON                     | {TargetAccountId: 1                           | (input)",
            "empty                        | ''                                            | (input)",
            "null                         | null                                          | (input)"})
    void rejectsBadInputNamingTheField(String why, String json, String field) {
        assertThatThrownBy(() -> read(json, ExecutionInput.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith("INVALID_INPUT: field '" + field + "'");
                });
    }

    @Test
    void namesTheNestedPathOfABadMode() {
        assertThatThrownBy(() -> read("{\"account\": {\"id\": \"123456789012\"}, \"context\": {\"mode\": \"x\"}}", CheckAccountInput.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("context.mode");
                    assertThat(e.getMessage()).contains("\"audit\"").contains("\"remediate\"");
                });
    }

    @Test
    void listsTheKnownFieldsForAnUnknownOne() {
        assertThatThrownBy(() -> read("{\"Regoins\": [\"eu-west-1\"]}", ExecutionInput.class))
                .hasMessageContaining("known fields")
                .hasMessageContaining("Regions");
    }

    @Test
    void namesAKeyGivenTwiceInsteadOfTakingTheLastOne() {
        assertThatThrownBy(() -> read("{\"account\": {\"id\": \"123456789012\", \"id\": \"210987654321\"}}", CheckAccountInput.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("account.id"))
                .hasMessageContaining("appears twice");
    }

    @Test
    void refusesAnythingAfterTheValue() {
        assertThatThrownBy(() -> read("{\"Mode\": \"audit\"} {\"Mode\": \"remediate\"}", ExecutionInput.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("(input)"));
    }

    @Test
    void echoesAHostileFieldNameEscapedAndShort() {
        String name = "Mode\u0000\n" + "x".repeat(5_000);

        assertThatThrownBy(() -> read("{\"" + name.replace("\u0000", "\\u0000").replace("\n", "\\n") + "\": 1}", ExecutionInput.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).startsWith("Mode\\u0000\\u000axxx").endsWith("(5006 characters)");
                    assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(600);
                });
    }

    private static <T> T read(String json, Class<T> type) {
        return Inputs.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
    }
}
