package ru.onlineschool.funnels.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ru.onlineschool.funnels.models.ModelRulesChecker.Rule;
import ru.onlineschool.funnels.models.ModelRulesChecker.Violation;

/**
 * Keeps the process models honest: every file in {@code bpmn/} and {@code forms/} must follow
 * {@link ModelRulesChecker}'s rules. The samples under {@code src/test/resources/model-rules/} prove
 * that each rule catches what it should and lets a correct model through.
 */
class ModelRulesTest {

    private static final Path PROJECT_DIR = Path.of("");
    private static final Path SAMPLES = Path.of("src", "test", "resources", "model-rules");

    @Test
    void projectModelsAndFormsFollowTheRules() {
        List<Violation> violations = ModelRulesChecker.check(PROJECT_DIR);

        assertTrue(violations.isEmpty(), () -> describe(violations));
    }

    @Test
    void goodSamplesHaveNoViolations() {
        List<Violation> violations = ModelRulesChecker.check(SAMPLES.resolve("good"));

        assertTrue(violations.isEmpty(), () -> describe(violations));
    }

    @Test
    void everyBadSampleIsCaughtExactly() {
        Set<String> expected = new TreeSet<>(Set.of(
                "broken.bpmn: UNREADABLE_FILE @ -",
                "notes.txt: UNEXPECTED_FILE @ -",
                "no-execution-platform.bpmn: EXECUTION_PLATFORM @ Definitions_BezPlatformy",
                "wrong-platform-version.dmn: EXECUTION_PLATFORM @ Definitions_VyborKuratora",
                "no-history-ttl.bpmn: HISTORY_TTL @ Process_BezTtl",
                "lint-problems.bpmn: EXECUTION_PLATFORM @ Definitions_OshibkiLinta",
                "lint-problems.bpmn: HISTORY_TTL @ Process_OshibkiLinta",
                "script-task.bpmn: SCRIPT @ Activity_0zadacha",
                "script-listeners.bpmn: SCRIPT @ StartEvent_1",
                "script-listeners.bpmn: SCRIPT @ Activity_0zadacha",
                "script-condition.bpmn: SCRIPT @ Flow_0da00001",
                "dmn-script.dmn: SCRIPT @ InputExpression_0skidka",
                "user-task-missing-form.bpmn: USER_TASK_FORM_REF @ Activity_0zadacha",
                "user-task-unknown-form.bpmn: USER_TASK_FORM_REF @ Activity_0zadacha",
                "user-task-latest-binding.bpmn: USER_TASK_FORM_REF_BINDING @ Activity_0zadacha",
                "user-task-no-assignee.bpmn: USER_TASK_ASSIGNMENT @ Activity_0zadacha",
                "user-task-no-due-date.bpmn: USER_TASK_DUE_DATE @ Activity_0zadacha",
                "user-task-no-documentation.bpmn: USER_TASK_DOCUMENTATION @ Activity_0zadacha",
                "no-id.form: FORM_ID @ -",
                "schema-version-17.form: FORM_SCHEMA_VERSION @ Form_NovayaShema",
                // filepicker nested in a group, documentPreview nested in a dynamiclist;
                // the top-level "expression" field of the same form is supported by form-js 1.8.7
                "unsupported-components.form: FORM_COMPONENT_TYPE @ Field_0dogovor",
                "unsupported-components.form: FORM_COMPONENT_TYPE @ Field_0materi",
                "duplicate-id-1.form: FORM_DUPLICATE_ID @ Form_PrichinaOtkaza",
                "duplicate-id-2.form: FORM_DUPLICATE_ID @ Form_PrichinaOtkaza",
                // a value in a text view (template or FEEL), inside a tag other than our tel: link,
                // inside <style>, as an image's or an iframe's address; the static text view, the
                // HTML view with values between tags and the field's description pass
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0kommentarij",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0imya",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0istochnik",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0zvonok",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0cvet",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0foto",
                "client-text-as-markup.form: FORM_VALUE_AS_MARKUP @ Field_0stranica"));
        // zadanie-kuratora.form is the valid form the bad user tasks point to: no violation expected

        List<Violation> violations = ModelRulesChecker.check(SAMPLES.resolve("bad"));

        Set<String> found = violations.stream()
                .map(v -> v.file().getFileName() + ": " + v.rule() + " @ " + v.elementId())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(String.join("\n", expected), String.join("\n", found), () -> describe(violations));
    }

    @Test
    void everyRuleHasABadSample() {
        Set<Rule> covered = ModelRulesChecker.check(SAMPLES.resolve("bad")).stream()
                .map(Violation::rule)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));

        assertEquals(EnumSet.allOf(Rule.class), covered);
    }

    private static String describe(List<Violation> violations) {
        return violations.size() + " model rule violation(s):\n" + violations.stream()
                .map(Violation::toString)
                .collect(Collectors.joining("\n"));
    }
}
