package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/**
 * The FEEL that keeps parsed expressions answers as the engine's own does, for every value of the
 * variables, and fails with the engine's own messages.
 */
class FeelParsedOnceTest {

  private final FeelEngine kept = new FeelParsedOnce(List.of());
  private final FeelEngine engines = new ScalaFeelEngine(List.of());

  private static VariableContext vars(Map<String, Object> values) {
    return Variables.fromMap(values).asVariableContext();
  }

  @Test
  void unaryTestsAnswerForTheValueOfEachEvaluationNotTheFirst() {
    String cell = "\"TRIAL_SCHEDULED\",\"INVOICE_SENT\",\"CONTACTED\"";
    for (String stage : List.of("INVOICE_SENT", "NEW", "CONTACTED", "LOST", "INVOICE_SENT")) {
      VariableContext input = vars(Map.of("stage", stage));
      assertThat(kept.evaluateSimpleUnaryTests(cell, "stage", input))
          .as(stage)
          .isEqualTo(engines.evaluateSimpleUnaryTests(cell, "stage", input))
          .isEqualTo(!stage.equals("NEW") && !stage.equals("LOST"));
    }
    for (int hour : new int[] {8, 9, 21, 22, 9}) {
      VariableContext input = vars(Map.of("hour", hour));
      assertThat(kept.evaluateSimpleUnaryTests("[9..21]", "hour", input)).as("hour " + hour).isEqualTo(hour >= 9 && hour <= 21);
      assertThat(kept.evaluateSimpleUnaryTests("? > 20 or ? < 9", "hour", input)).isEqualTo(hour > 20 || hour < 9);
    }
  }

  @Test
  void anEmptyCellAndADashMatchAnything() {
    VariableContext input = vars(Map.of("funnel", "webinar"));
    assertThat(kept.evaluateSimpleUnaryTests("-", "funnel", input)).isTrue();
    assertThat(kept.evaluateSimpleUnaryTests("not(\"course-sale\")", "funnel", input)).isTrue();
    assertThat(kept.evaluateSimpleUnaryTests("not(\"webinar\")", "funnel", input)).isFalse();
  }

  @Test
  void expressionsAnswerForTheirVariables() {
    for (int attempts = 0; attempts < 4; attempts++) {
      VariableContext input = vars(Map.of("attempts", attempts, "leadType", attempts % 2 == 0 ? "Лендинг" : "Вебинар"));
      for (String expression : List.of("attempts + 1", "attempts >= 3", "if leadType = \"Вебинар\" then \"скрипт вебинара\" else \"общий\"",
          "string length(leadType)", "date(\"2026-12-04\") + duration(\"P\" + string(attempts) + \"D\")")) {
        Object mine = kept.evaluateSimpleExpression(expression, input);
        Object theirs = engines.evaluateSimpleExpression(expression, input);
        assertThat(mine).as(expression + " with attempts " + attempts).isEqualTo(theirs);
      }
    }
    Object sum = kept.evaluateSimpleExpression("attempts + 1", vars(Map.of("attempts", 41)));
    assertThat(sum).isEqualTo(42L);
  }

  @Test
  void whatDoesNotParseOrFailsIsReportedInTheEnginesWords() {
    VariableContext input = vars(Map.of("x", 1));
    for (String broken : List.of("x >", "\"unclosed", "x +* 2")) {
      assertSameFailure(() -> kept.evaluateSimpleExpression(broken, input), () -> engines.evaluateSimpleExpression(broken, input));
    }
    assertSameFailure(
        () -> kept.evaluateSimpleExpression("no such function(x)", input),
        () -> engines.evaluateSimpleExpression("no such function(x)", input));
    assertSameFailure(
        () -> kept.evaluateSimpleUnaryTests("[1..", "x", input), () -> engines.evaluateSimpleUnaryTests("[1..", "x", input));
    // Twice: a failure is not kept as an answer.
    assertSameFailure(
        () -> kept.evaluateSimpleExpression("no such function(x)", input),
        () -> engines.evaluateSimpleExpression("no such function(x)", input));
  }

  private static void assertSameFailure(Supplier<Object> mine, Supplier<Object> theirs) {
    Throwable expected = catchThrowable(theirs::get);
    Throwable actual = catchThrowable(mine::get);
    if (expected == null) {
      assertThat(actual).isNull();
      assertThat(mine.get()).isEqualTo(theirs.get());
      return;
    }
    assertThat(actual).isNotNull().hasSameClassAs(expected).hasMessage(expected.getMessage());
  }
}
