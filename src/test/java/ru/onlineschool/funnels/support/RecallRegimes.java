package ru.onlineschool.funnels.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.RepositoryService;

/**
 * The shipped bpmn/recall-cadence.dmn switched to another regime the way the process owner does it
 * in Modeler: the one row of «Режим прозвона» rewritten, the file deployed; no Java change.
 */
public final class RecallRegimes {

  /** Seed 003's regime, the shipped one. */
  public static final String ACCOUNT = "3 часа, затем сутки";
  /** Seed 000's regime. */
  public static final String TRAINING = "5 попыток за 3 дня";

  private RecallRegimes() {}

  /** The shipped table's text with the regime row set to {@code regime}. */
  public static String shippedSwitchedTo(String regime) {
    String shipped;
    try {
      shipped = Files.readString(Path.of("bpmn", "recall-cadence.dmn"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String row = "<outputEntry id=\"LiteralExpression_Regime\"><text>\"" + ACCOUNT + "\"</text></outputEntry>";
    assertThat(shipped).as("the shipped regime row").contains(row);
    return shipped.replace(row, "<outputEntry id=\"LiteralExpression_Regime\"><text>\"" + regime + "\"</text></outputEntry>");
  }

  /**
   * Runs {@code test} with seed 000's regime deployed, then removes that deployment so the shared
   * context's other tests run the shipped table again.
   */
  public static void inSeed000Regime(RepositoryService repository, Runnable test) {
    String id = repository.createDeployment().name("recall regime of seed 000").addString("recall-cadence.dmn", shippedSwitchedTo(TRAINING)).deploy().getId();
    try {
      test.run();
    } finally {
      repository.deleteDeployment(id, true);
    }
  }
}
