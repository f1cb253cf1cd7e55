package ru.onlineschool.funnels.security;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * A bean an expression can reach, as any bean of the application can: {@code ${expressionProbe.touch()}}
 * counts its evaluations and changes nothing else, so a test sees whether the engine evaluated a
 * query's expression without doing anything harmful. Found by the application's component scan in
 * every test context (no extra context for it).
 */
@Component("expressionProbe")
public class ExpressionProbe {

  private final AtomicInteger evaluations = new AtomicInteger();

  public String touch() {
    evaluations.incrementAndGet();
    return "nobody";
  }

  public int evaluations() {
    return evaluations.get();
  }
}
